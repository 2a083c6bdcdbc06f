import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

@Suite("Session window jobs")
struct SessionWindowJobTests {
    static let s = WindowData.second
    let rows = WindowData.random(count: 8_000, keys: 101, step: 25_000, jitter: 5 * SessionWindowJobTests.s, seed: 11)

    /// batches → watermarks (6 s out of order) → hash(key) → session aggregate → collect.
    func run(parallelism p: Int) throws -> (rows: [[Value]], result: JobResult) {
        let out = CollectedBatches()
        var g = JobGraph()
        let batches = stride(from: 0, to: rows.count, by: 500).map { WindowData.batch(Array(rows[$0..<min($0 + 500, rows.count)])) }
        let src = g.addBatchSource(name: "src", parallelism: p, schema: WindowData.schema, batches: batches)
        let wm = try g.addWatermarkAssigner(name: "watermarks", input: src, strategy: .boundedOutOfOrderness(6 * Self.s, column: "ts"))
        let agg = try g.addSessionWindowAggregate(name: "session", input: wm, timeColumn: "ts", keyColumns: [1],
                                                  aggregates: WindowData.aggregates, gapMicros: 3 * Self.s, parallelism: p)
        let sink = g.addCollectSink(name: "collect", schema: g[agg].outputSchema, into: out)
        g.connect(agg, sink, p == 1 ? .forward : .rebalance)
        let result = try sharedExecutor.execute(g, options: ExecutionOptions(hashPartitioner: .columnar), timeoutSeconds: 30)
        return (WindowData.sorted(out.rows()), result)
    }

    @Test("session windows give the reference's rows at parallelism 1, 2 and 4")
    func parallelism() throws {
        let expected = SessionReference.sessions(rows, gap: 3 * Self.s)
        for p in [1, 2, 4] {
            let run = try run(parallelism: p)
            #expect(run.rows == expected, "parallelism \(p)")
            #expect(run.result.totalRows(of: "session").rowsIn == rows.count)
            #expect(run.result.metrics(of: "session").allSatisfy { $0.custom["lateRowsDropped"] == nil && $0.custom["openSessions"] == 0 })
        }
    }

    @Test("an unknown event-time column fails when the graph is built, naming the columns")
    func graphErrors() throws {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: WindowData.schema, batches: [])
        do {
            try g.addSessionWindowAggregate(name: "w", input: src, timeColumn: "tss", keyColumns: [1], aggregates: [.countStar()],
                                            gapMicros: 10)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("`tss`") && error.message.contains("ts"))
        }
    }
}
