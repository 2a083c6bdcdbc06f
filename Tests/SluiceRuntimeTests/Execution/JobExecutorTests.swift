import Testing
import Foundation
@testable import SluiceRuntime
import SluiceColumnar

/// Shared executor for the job tests: two workers, like the target machine.
let sharedExecutor = JobExecutor(workers: 2)

@Suite("Job execution")
struct JobExecutorTests {
    let s = Fixture.schema

    /// src → filter(even ids) → hash(key) → sum by key → collect, all at `parallelism`.
    func aggregateJob(parallelism p: Int, into out: CollectedBatches, batches: [RecordBatch]) -> JobGraph {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", parallelism: p, schema: s, batches: batches)
        let filter = g.addOperator(name: "filter", parallelism: p, schema: s) { _ in EvenFilter() }
        let agg = g.addOperator(name: "sum", parallelism: p, schema: s) { _ in SumByKey() }
        let sink = g.addCollectSink(name: "collect", parallelism: 1, schema: s, into: out)
        g.connect(src, filter)
        g.connect(filter, agg, .hash(keyColumns: ["key"]))
        g.connect(agg, sink, .rebalance)
        return g
    }

    @Test("a multi-stage job gives the same result at parallelism 1, 2 and 4", arguments: [1, 2, 4])
    func parallelism(p: Int) throws {
        let batches = Fixture.batches(count: 40, rows: 100, keys: 10)
        let out = CollectedBatches()
        let result = try sharedExecutor.execute(aggregateJob(parallelism: p, into: out, batches: batches),
                                                options: Fixture.options, timeoutSeconds: 20)
        #expect(result.status == .finished)
        var expected: [Int64: Int64] = [:]
        for id in 0..<Int64(4000) where id % 2 == 0 { expected[id % 10, default: 0] += id }
        let rows = out.rows().map { row -> [Int64] in row.prefix(2).map { if case .int(let v) = $0 { v } else { -1 } } }
        #expect(rows.sorted { $0[0] < $1[0] } == expected.keys.sorted().map { [$0, expected[$0]!] })
        #expect(result.totalRows(of: "src").rowsOut == 4000)
        #expect(result.totalRows(of: "filter") == (4000, 2000))
        #expect(result.totalRows(of: "sum").rowsIn == 2000)
        #expect(result.metrics(of: "sum").count == p)
        #expect(result.metrics(of: "collect").first?.rowsIn == 5)
        #expect(result.wallNanos > 0)
        #expect(result.peakResidentBytes > 0)
    }

    @Test("every key reaches exactly one subtask of a hash edge")
    func keysPartitioned() throws {
        final class KeyRecorder: Operator {
            let out: CollectedBatches
            init(_ out: CollectedBatches) { self.out = out }
            var keys: Set<Int64> = []
            var index = 0
            func open(_ context: OperatorContext) throws(SluiceError) { index = context.subtaskIndex }
            func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
                for row in batch.rows() { if case .int(let k) = row[1] { keys.insert(k) } }
            }
            func finish(output: Output) throws(SluiceError) {
                let ks = keys.sorted()
                try output.emit(RecordBatch(schema: Fixture.schema, columns: [
                    Column.int64(ks.map { _ in Int64(index) }), Column.int64(ks), Column.string(ks.map { _ in "" }),
                ]))
            }
        }
        let out = CollectedBatches()
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", parallelism: 2, schema: s, batches: Fixture.batches(count: 20, rows: 64, keys: 50))
        let rec = g.addOperator(name: "rec", parallelism: 4, schema: s) { _ in KeyRecorder(out) }
        let sink = g.addCollectSink(name: "collect", schema: s, into: out)
        g.connect(src, rec, .hash(keyColumns: [1]))
        g.connect(rec, sink, .rebalance)
        _ = try sharedExecutor.execute(g, options: Fixture.options, timeoutSeconds: 20)
        let keys = out.rows().map { row -> Int64 in if case .int(let k) = row[1] { k } else { -1 } }
        #expect(keys.count == 50)
        #expect(Set(keys).count == 50)
    }

    @Test("chained and unchained runs of a pipeline agree, with per-operator counts")
    func chainedVsUnchained() throws {
        func run(chaining: Bool) throws -> ([Int64], JobResult) {
            let out = CollectedBatches()
            var g = JobGraph()
            let src = g.addBatchSource(name: "src", parallelism: 2, schema: s, batches: Fixture.batches(count: 30, rows: 50))
            let a = g.addOperator(name: "a", parallelism: 2, schema: s) { _ in PassThrough() }
            let b = g.addOperator(name: "b", parallelism: 2, schema: s) { _ in EvenFilter() }
            let sink = g.addCollectSink(name: "collect", parallelism: 2, schema: s, into: out)
            g.connect(src, a)
            g.connect(a, b)
            g.connect(b, sink)
            var options = Fixture.options
            options.chaining = chaining
            let result = try sharedExecutor.execute(g, options: options, timeoutSeconds: 20)
            return (Fixture.ids(out.rows()), result)
        }
        let (chained, r1) = try run(chaining: true)
        let (unchained, r2) = try run(chaining: false)
        #expect(chained == (0..<1500).filter { $0 % 2 == 0 }.map(Int64.init))
        #expect(chained == unchained)
        for r in [r1, r2] {
            #expect(r.totalRows(of: "a") == (1500, 1500))
            #expect(r.totalRows(of: "b") == (1500, 750))
            #expect(r.totalRows(of: "collect").rowsIn == 750)
        }
    }

    @Test("broadcast sends every batch to every consumer subtask")
    func broadcast() throws {
        let out = CollectedBatches()
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: s, batches: Fixture.batches(count: 5, rows: 10))
        let sink = g.addCollectSink(name: "collect", parallelism: 3, schema: s, into: out)
        g.connect(src, sink, .broadcast)
        let result = try sharedExecutor.execute(g, timeoutSeconds: 20)
        #expect(out.rowCount == 150)
        #expect(result.metrics(of: "collect").map(\.rowsIn) == [50, 50, 50])
    }

    @Test("operators are opened, finished and closed once each, in chain order")
    func lifecycleCalls() throws {
        let log = CallLog()
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: s, batches: Fixture.batches(count: 2, rows: 3))
        let a = g.addOperator(name: "a", schema: s) { _ in LoggingOperator("a", log: log) }
        let b = g.addOperator(name: "b", schema: s) { _ in LoggingOperator("b", log: log) }
        g.connect(src, a)
        g.connect(a, b)
        _ = try sharedExecutor.execute(g, timeoutSeconds: 20)
        #expect(log.entries == ["a.open", "b.open", "a.finish", "b.finish", "a.close", "b.close"])
    }

    @Test("a hash edge without a partitioner is a plan error")
    func missingPartitioner() {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: s, batches: [])
        let agg = g.addOperator(name: "agg", parallelism: 2, schema: s) { _ in PassThrough() }
        g.connect(src, agg, .hash(keyColumns: ["key"]))
        let error = #expect(throws: SluiceError.self) { try sharedExecutor.execute(g, timeoutSeconds: 5) }
        #expect(error?.message == "hash edge `src` → `agg` needs a hash partitioner; set ExecutionOptions.hashPartitioner (the partition kernel's Partition.split)")
    }
}

@Suite("Sources")
struct SourceTaskTests {
    /// An unbounded source that holds rows it cannot fill a batch with; emits them on `flushPartial`.
    final class TrickleSource: SourceReader {
        let flushed: CollectedBatches
        init(flushed: CollectedBatches) { self.flushed = flushed }
        func poll(output: Output) throws(SluiceError) -> SourceStatus { .nothingAvailable }
        func flushPartial(output: Output) throws(SluiceError) {
            let batch = Fixture.batches(count: 1, rows: 2)[0]
            flushed.append(batch)
            try output.emit(batch)
        }
    }

    @Test("an idle unbounded source flushes its partial batch after the buffer timeout")
    func bufferTimeout() throws {
        let flushed = CollectedBatches(), out = CollectedBatches()
        var g = JobGraph()
        let s = Fixture.schema
        let src = g.addSource(name: "trickle", schema: s) { _ in TrickleSource(flushed: flushed) }
        let sink = g.addCollectSink(name: "collect", schema: s, into: out)
        g.connect(src, sink, .rebalance)
        var options = ExecutionOptions()
        options.bufferTimeoutNanos = 20_000_000
        let client = try sharedExecutor.submit(g, options: options)
        let deadline = Date().addingTimeInterval(5)
        while out.rowCount < 4, Date() < deadline { usleep(2000) }
        client.cancel()
        let result = try client.wait(timeoutSeconds: 5)
        #expect(result.status == .cancelled)
        #expect(out.rowCount >= 4)
        // Not more often than the timeout allows (one flush per 20 ms, with slack).
        #expect(flushed.batches.count <= Int(result.wallNanos / 20_000_000) + 1)
    }

    @Test("an idle unbounded source sleeps between polls instead of spinning")
    func idleSourceSleeps() throws {
        let flushed = CollectedBatches()
        var g = JobGraph()
        let s = Fixture.schema
        let src = g.addSource(name: "trickle", schema: s) { _ in TrickleSource(flushed: flushed) }
        let sink = g.addOperator(name: "sink", schema: s) { _ in PassThrough() }
        g.connect(src, sink)
        var options = ExecutionOptions()
        options.idleSourcePollNanos = 2_000_000
        let client = try sharedExecutor.submit(g, options: options)
        usleep(100_000)
        client.cancel()
        let result = try client.wait(timeoutSeconds: 5)
        let m = try #require(result.metrics(of: "trickle").first)
        #expect(m.busyNanos < result.wallNanos / 10, "\(m)")
        #expect(m.idleNanos > result.wallNanos / 2, "\(m)")
        #expect(flushed.batches.count <= 1)  // at most one buffer timeout (100 ms default) passed
    }
}
