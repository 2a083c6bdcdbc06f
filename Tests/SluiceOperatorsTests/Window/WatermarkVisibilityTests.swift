import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

@Suite("Watermark visibility")
struct WatermarkVisibilityTests {
    @Test("the job result reports every operator's watermark, split lag and idleness")
    func report() throws {
        let s = WindowData.second
        let out = CollectedBatches()
        var g = JobGraph()
        // Split 1 reads up to 30 s, split 2 only to 12 s: split 2 holds the watermark back.
        let batches = [WindowData.batch(WindowData.rows([(1, 1, 1), (1, 30, 2)])), WindowData.batch(WindowData.rows([(2, 12, 3)]))]
        let src = g.addBatchSource(name: "src", parallelism: 2, schema: WindowData.schema, batches: batches)
        let wm = try g.addWatermarkAssigner(name: "watermarks", input: src, strategy: .monotonous(column: "ts"))
        let agg = try g.addWindowAggregate(name: "window", input: wm, timeColumn: "ts", keyColumns: [1],
                                           aggregates: [.countStar()], window: .tumble(size: 10 * s), parallelism: 2)
        let sink = g.addCollectSink(name: "collect", schema: g[agg].outputSchema, into: out)
        g.connect(agg, sink, .rebalance)
        let result = try sharedExecutor.execute(g, options: ExecutionOptions(hashPartitioner: .columnar), timeoutSeconds: 30)
        let report = result.watermarkReport()
        #expect(report.contains { $0.hasPrefix("watermarks (1/2): watermark") && $0.contains("lag") && $0.hasSuffix("active") })
        #expect(report.contains { $0.hasPrefix("window (1/2): watermark +∞") })
        #expect(result.watermarkHoldback() == nil)   // bounded input: every split ended at +∞
        #expect(out.rowCount == 3)
    }
}
