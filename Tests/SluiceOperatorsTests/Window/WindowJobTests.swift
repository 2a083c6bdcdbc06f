import Testing
import Synchronization
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

@Suite("Window jobs")
struct WindowJobTests {
    static let s = WindowData.second
    let rows = WindowData.random(count: 8_000, keys: 101, step: 25_000, jitter: 5 * WindowJobTests.s, seed: 7)

    var batches: [RecordBatch] {
        stride(from: 0, to: rows.count, by: 500).map { WindowData.batch(Array(rows[$0..<min($0 + 500, rows.count)])) }
    }

    /// batches → watermarks (6 s out of order) → hash(key) → window aggregate → collect.
    func run(_ window: SliceAssigner, parallelism p: Int) throws -> (rows: [[Value]], result: JobResult) {
        let out = CollectedBatches()
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", parallelism: p, schema: WindowData.schema, batches: batches)
        let wm = try g.addWatermarkAssigner(name: "watermarks", input: src, strategy: .boundedOutOfOrderness(6 * Self.s, column: "ts"))
        let agg = try g.addWindowAggregate(name: "window", input: wm, timeColumn: "ts", keyColumns: [1],
                                           aggregates: WindowData.aggregates, window: window, parallelism: p)
        let sink = g.addCollectSink(name: "collect", schema: g[agg].outputSchema, into: out)
        g.connect(agg, sink, p == 1 ? .forward : .rebalance)
        let result = try sharedExecutor.execute(g, options: ExecutionOptions(hashPartitioner: .columnar), timeoutSeconds: 30)
        return (WindowData.sorted(out.rows()), result)
    }

    @Test("tumble, hop and cumulate give the same rows at parallelism 1, 2 and 4, equal to the reference",
          arguments: [try! SliceAssigner.tumble(size: 10 * s), try! .hop(size: 10 * s, slide: 2 * s), try! .cumulate(size: 10 * s, step: 2 * s)])
    func parallelism(window: SliceAssigner) throws {
        let one = try run(window, parallelism: 1)
        let two = try run(window, parallelism: 2)
        let four = try run(window, parallelism: 4)
        #expect(one.rows == WindowData.reference(rows, window))
        #expect(two.rows == one.rows)
        #expect(four.rows == one.rows)
        for r in [one.result, two.result, four.result] {
            #expect(r.metrics(of: "window").allSatisfy { $0.custom["lateRowsDropped"] == nil })
            #expect(r.totalRows(of: "window").rowsIn == rows.count)
        }
    }

    @Test("an unknown or non-time event-time column fails when the graph is built")
    func graphErrors() throws {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: WindowData.schema, batches: [])
        #expect(throws: SluiceError.self) {
            try g.addWindowAggregate(name: "w", input: src, timeColumn: "tss", keyColumns: [1], aggregates: [.countStar()],
                                     window: .tumble(size: 10))
        }
        do {
            try g.addWindowAggregate(name: "w", input: src, timeColumn: "tss", keyColumns: [1], aggregates: [.countStar()],
                                     window: .tumble(size: 10))
        } catch {
            #expect(error.message.contains("`tss`") && error.message.contains("ts"))
        }
    }

    @Test("an idle split stops holding back the windows of a busy one")
    func idleSplit() throws {
        let out = CollectedBatches()
        var g = JobGraph()
        let batch = WindowData.batch(WindowData.rows([(1, 1, 1), (1, 2, 2), (1, 25, 3)]))
        // The quiet source never sends a row; it ends only once a window came out, which needs it idle.
        let quiet = try g.addSource(name: "quiet", schema: WindowData.schema,
                                    watermarks: WatermarkStrategy.monotonous(column: "ts").withIdleness(timeoutMicros: 2_000)) { _ in
            WaitingReader(batches: [], until: out)
        }
        let busy = try g.addSource(name: "busy", schema: WindowData.schema, watermarks: .monotonous(column: "ts")) { _ in
            WaitingReader(batches: [batch], until: out)
        }
        let agg = try g.addWindowAggregate(name: "window", input: busy, timeColumn: "ts", keyColumns: [1],
                                           aggregates: WindowData.aggregates, window: .tumble(size: 10 * Self.s))
        g.connect(quiet, agg, .rebalance)
        let sink = g.addCollectSink(name: "collect", schema: g[agg].outputSchema, into: out)
        g.connect(agg, sink)
        let result = try sharedExecutor.execute(g, timeoutSeconds: 20)
        #expect(WindowData.sorted(out.rows()) == [WindowData.expected(1, 0, 10, [1, 2]), WindowData.expected(1, 20, 30, [3])])
        #expect(result.metrics(of: "quiet")[0].custom["idleTransitions"] == 1)
    }
}

/// Emits its batches, then reports nothing available until `until` holds rows, then ends.
final class WaitingReader: SourceReader {
    var batches: [RecordBatch]
    let until: CollectedBatches
    init(batches: [RecordBatch], until: CollectedBatches) {
        self.batches = batches
        self.until = until
    }

    func poll(output: Output) throws(SluiceError) -> SourceStatus {
        if !batches.isEmpty {
            try output.emit(batches.removeFirst())
            return .moreAvailable
        }
        return until.rowCount > 0 ? .endOfInput : .nothingAvailable
    }
}
