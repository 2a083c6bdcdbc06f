import Testing
import Foundation
import Synchronization
@testable import SluiceRuntime
import SluiceColumnar

@Suite("Run queue and worker pool")
struct RunQueueTests {
    @Test("FIFO, bounded, empty returns nil")
    func fifo() {
        let q = RunQueue(capacity: 4)
        #expect(q.dequeue() == nil)
        #expect(q.looksEmpty)
        for v in 1...4 { #expect(q.tryEnqueue(UInt(v))) }
        #expect(!q.tryEnqueue(5))
        #expect((0..<4).map { _ in q.dequeue() } == [1, 2, 3, 4])
        #expect(q.dequeue() == nil)
        for lap in 0..<100 {
            #expect(q.tryEnqueue(UInt(lap)))
            #expect(q.dequeue() == UInt(lap))
        }
    }

    @Test("concurrent producers and consumers see every value exactly once")
    func concurrent() {
        let q = RunQueue(capacity: 1024)
        let perProducer = 50_000
        let seen = Mutex<[Int]>([Int](repeating: 0, count: 2 * perProducer))
        let taken = Atomic<Int>(0)
        let producers = (0..<2).map { p in
            TestThread {
                for i in 0..<perProducer {
                    while !q.tryEnqueue(UInt(p * perProducer + i)) { sched_yield() }
                }
            }
        }
        let consumers = (0..<2).map { _ in
            TestThread {
                var local: [Int] = []
                let deadline = Date().addingTimeInterval(20)
                while taken.load(ordering: .relaxed) < 2 * perProducer, Date() < deadline {
                    if let v = q.dequeue() {
                        local.append(Int(v))
                        taken.add(1, ordering: .relaxed)
                    }
                }
                seen.withLock { for v in local { $0[v] += 1 } }
            }
        }
        for t in producers + consumers { #expect(t.join(timeout: 25)) }
        #expect(seen.withLock { $0.allSatisfy { $0 == 1 } })
    }

    /// A task that needs `quanta` runs, notifying itself through `.more`.
    final class Countdown: ScheduledTask, @unchecked Sendable {
        var left: Int
        let finished: Atomic<Int>
        init(_ quanta: Int) {
            left = quanta
            self.finished = Atomic(0)
        }
        override func run() -> RunResult {
            left -= 1
            return left == 0 ? .done : .more
        }
        override func didComplete() { finished.store(1, ordering: .releasing) }
    }

    @Test("the pool runs every task to completion and parks when idle")
    func pool() {
        let pool = WorkerPool(workers: 3)
        defer { pool.shutdown() }
        let tasks = (0..<50).map { Countdown(1 + $0 % 7) }
        for t in tasks { t.pool = pool }
        for t in tasks { t.notify() }
        let deadline = Date().addingTimeInterval(10)
        while tasks.contains(where: { $0.finished.load(ordering: .acquiring) == 0 }), Date() < deadline { usleep(1000) }
        #expect(tasks.allSatisfy { $0.finished.load(ordering: .acquiring) == 1 })
        #expect(tasks.allSatisfy { $0.scheduleState.load(ordering: .acquiring) == ScheduledTask.State.done })
        // After parking, new work still gets picked up.
        usleep(60_000)
        let late = Countdown(3)
        late.pool = pool
        late.notify()
        let lateDeadline = Date().addingTimeInterval(5)
        while late.finished.load(ordering: .acquiring) == 0, Date() < lateDeadline { usleep(500) }
        #expect(late.finished.load(ordering: .acquiring) == 1)
    }

    @Test("the pool refuses more tasks than its run queue holds")
    func admission() throws {
        let pool = WorkerPool(workers: 1, maxTasks: 4)
        defer { pool.shutdown() }
        try pool.admit(3)
        let error = #expect(throws: SluiceError.self) { try pool.admit(2) }
        #expect(error?.code == .plan)
        #expect(error?.message == "the job needs 2 task subtasks but the worker pool has room for 1 more; lower the parallelism or create the pool with a larger maxTasks")
        pool.release(3)
        try pool.admit(4)
    }
}

