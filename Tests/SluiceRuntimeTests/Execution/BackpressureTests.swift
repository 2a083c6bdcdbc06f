import Testing
import Foundation
@testable import SluiceRuntime
import SluiceColumnar

@Suite("Backpressure")
struct BackpressureTests {
    @Test("a slow sink holds the producer back: queue depth stays bounded and every row arrives")
    func slowSink() throws {
        let out = CollectedBatches()
        var g = JobGraph()
        let s = Fixture.schema
        let src = g.addBatchSource(name: "src", schema: s, batches: Fixture.batches(count: 200, rows: 10))
        let sink = g.addOperator(name: "slow", schema: s) { _ in SlowSink(into: out, sleepMicros: 200) }
        g.connect(src, sink, .rebalance)
        var options = ExecutionOptions()
        options.channelCapacity = 4
        let result = try sharedExecutor.execute(g, options: options, timeoutSeconds: 30)
        #expect(out.rowCount == 2000)
        #expect(Fixture.ids(out.rows()) == (0..<2000).map(Int64.init))
        let producer = try #require(result.metrics(of: "src").first)
        let consumer = try #require(result.metrics(of: "slow").first)
        #expect(consumer.queueDepthMax <= 4)
        #expect(consumer.queueDepthMax >= 3)
        // The producer spends its time waiting for room, not working. (Time spent runnable but waiting
        // for a worker is neither, so on a loaded machine the sum is less than the wall time.)
        #expect(producer.backpressuredNanos > 2 * producer.busyNanos, "\(producer) wall \(result.wallNanos / 1_000_000) ms; \(consumer)")
        #expect(producer.backpressuredNanos > 2_000_000)
        #expect(producer.idleNanos == 0)
    }
}

@Suite("Scheduling stress")
struct SchedulingStressTests {
    @Test("tiny channels and one-element quanta on 1, 2 and 4 workers: no lost wake-up, every row arrives",
          arguments: [(2, 1, 1), (4, 2, 2), (3, 1, 4)])
    func handoffs(channelCapacity: Int, quantum: Int, workers: Int) throws {
        let executor = JobExecutor(workers: workers)
        defer { executor.shutdown() }
        let out = CollectedBatches()
        let s = Fixture.schema
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", parallelism: 3, schema: s, batches: Fixture.batches(count: 300, rows: 7))
        let a = g.addOperator(name: "a", parallelism: 4, schema: s) { _ in PassThrough() }
        let b = g.addOperator(name: "b", parallelism: 2, schema: s) { _ in EvenFilter() }
        let c = g.addOperator(name: "c", parallelism: 4, schema: s) { _ in PassThrough() }
        let sink = g.addCollectSink(name: "collect", parallelism: 1, schema: s, into: out)
        g.connect(src, a, .rebalance)
        g.connect(a, b, .hash(keyColumns: ["key"]))
        g.connect(b, c, .broadcast)
        g.connect(c, sink, .rebalance)
        var options = Fixture.options
        options.channelCapacity = channelCapacity
        options.quantum = quantum
        _ = try executor.execute(g, options: options, timeoutSeconds: 20)
        // Broadcast to 4 subtasks: every even id arrives four times.
        let expected = (0..<2100).filter { $0 % 2 == 0 }.flatMap { Array(repeating: Int64($0), count: 4) }
        #expect(Fixture.ids(out.rows()) == expected)
    }
}

/// Emits `copies` copies of every input batch: one input element overflows the output channel.
final class Multiply: Operator {
    let copies: Int
    init(copies: Int) { self.copies = copies }
    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        for _ in 0..<copies { try output.emit(batch) }
    }
}

@Suite("Overflow beyond channel capacity")
struct OverflowTests {
    @Test("an operator that emits more batches per input than its channel holds is woken when room appears",
          arguments: [1, 2])
    func fanOutOverflow(workers: Int) throws {
        let executor = JobExecutor(workers: workers)
        defer { executor.shutdown() }
        let out = CollectedBatches()
        let s = Fixture.schema
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", parallelism: 2, schema: s, batches: Fixture.batches(count: 40, rows: 5))
        let fan = g.addOperator(name: "fan-out", parallelism: 2, schema: s) { _ in Multiply(copies: 50) }
        let sink = g.addCollectSink(name: "collect", parallelism: 1, schema: s, into: out)
        g.connect(src, fan, .hash(keyColumns: ["key"]))
        g.connect(fan, sink, .rebalance)
        var options = Fixture.options
        options.channelCapacity = 32
        _ = try executor.execute(g, options: options, timeoutSeconds: 30)
        #expect(out.rowCount == 40 * 5 * 50)
    }
}
