import Testing
import Synchronization
@testable import SluiceRuntime
import SluiceColumnar

/// A task that counts how often it was notified, for testing wake-ups without a pool.
final class CountingTask: ScheduledTask, @unchecked Sendable {
    let runs = Atomic<Int>(0)
}

@Suite("Channels and routing")
struct ChannelTests {
    @Test("a full channel asks the consumer to wake the producer once it has read")
    func producerWaiting() {
        let pool = WorkerPool(workers: 1)
        defer { pool.shutdown() }
        let producer = CountingTask(), consumer = CountingTask()
        // Keep the tasks from being scheduled: mark them as running so notify only flags them.
        producer.pool = pool
        consumer.pool = pool
        producer.scheduleState.store(ScheduledTask.State.running, ordering: .relaxed)
        consumer.scheduleState.store(ScheduledTask.State.running, ordering: .relaxed)
        let channel = Channel(capacity: 2, producer: producer, consumer: consumer)
        #expect(channel.tryWrite(.endOfInput))
        #expect(consumer.scheduleState.load(ordering: .relaxed) == ScheduledTask.State.runningNotified)
        #expect(channel.tryWrite(.endOfInput))
        #expect(!channel.tryWrite(.endOfInput))
        #expect(!channel.hasRoomOrWait())
        #expect(producer.scheduleState.load(ordering: .relaxed) == ScheduledTask.State.running)
        _ = channel.read()
        #expect(producer.scheduleState.load(ordering: .relaxed) == ScheduledTask.State.running)
        channel.wakeProducerIfWaiting()
        #expect(producer.scheduleState.load(ordering: .relaxed) == ScheduledTask.State.runningNotified)
        // Mark done so the pool never runs them.
        producer.scheduleState.store(ScheduledTask.State.done, ordering: .relaxed)
        consumer.scheduleState.store(ScheduledTask.State.done, ordering: .relaxed)
    }

    @Test("the writer keeps overflow in order behind a full channel")
    func overflow() {
        let pool = WorkerPool(workers: 1)
        defer { pool.shutdown() }
        let producer = CountingTask(), consumer = CountingTask()
        for t in [producer, consumer] {
            t.pool = pool
            t.scheduleState.store(ScheduledTask.State.done, ordering: .relaxed)
        }
        let channel = Channel(capacity: 2, producer: producer, consumer: consumer)
        let writer = ChannelWriter(channel)
        for w in 0..<5 { writer.write(.watermark(Watermark(Int64(w)))) }
        #expect(!writer.hasRoom())
        #expect(!writer.flush())
        var seen: [Int64] = []
        while seen.count < 5 {
            while case .watermark(let w)? = channel.read() { seen.append(w.timestamp) }
            _ = writer.flush()
        }
        #expect(seen == [0, 1, 2, 3, 4])
        #expect(writer.flush())
        #expect(writer.hasRoom())
    }
}
