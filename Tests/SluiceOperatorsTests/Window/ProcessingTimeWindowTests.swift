import Testing
#if canImport(Glibc)
import Glibc
#endif
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

@Suite("Processing-time windows")
struct ProcessingTimeWindowTests {
    let s = WindowData.second

    func harness(_ window: SliceAssigner, _ clock: ManualClock) throws -> OperatorHarness {
        try OperatorHarness(WindowAggregateOperator(inputSchema: WindowData.schema, timeColumn: 0, keyColumns: [1],
                                                    aggregates: WindowData.aggregates, window: window, processingClock: clock))
    }

    @Test("tumble on the manual clock: rows count by arrival time, windows fire when the clock passes their end")
    func tumble() throws {
        let clock = ManualClock(3 * s)
        let h = try harness(.tumble(size: 10 * s), clock)
        try h.process(WindowData.batch(WindowData.rows([(1, 500, 1), (2, -7, 2)])))   // event times are ignored
        clock.set(9 * s)
        try h.process(WindowData.batch(WindowData.rows([(1, 0, 3)])))
        #expect(h.rows.isEmpty)
        clock.set(10 * s)
        try h.watermark(.min)
        #expect(WindowData.sorted(h.rows) == [WindowData.expected(1, 0, 10, [1, 3]), WindowData.expected(2, 0, 10, [2])])
        clock.set(25 * s)
        try h.process(WindowData.batch(WindowData.rows([(1, 0, 4)])))
        try h.finish()   // end of input emits what is still open
        #expect(h.rows.last == WindowData.expected(1, 20, 30, [4]))
        #expect(h.context.metrics.custom["lateRowsDropped"] == nil)
    }

    @Test("hop and cumulate on the manual clock")
    func hopAndCumulate() throws {
        let clock = ManualClock(1 * s)
        let hop = try harness(.hop(size: 4 * s, slide: 2 * s), clock)
        try hop.process(WindowData.batch(WindowData.rows([(1, 0, 1)])))
        clock.set(4 * s)
        try hop.watermark(.min)
        #expect(hop.rows == [WindowData.expected(1, -2, 2, [1]), WindowData.expected(1, 0, 4, [1])])
        let clock2 = ManualClock(1 * s)
        let cumulate = try harness(.cumulate(size: 4 * s, step: 2 * s), clock2)
        try cumulate.process(WindowData.batch(WindowData.rows([(1, 0, 1)])))
        clock2.set(3 * s)
        try cumulate.process(WindowData.batch(WindowData.rows([(1, 0, 2)])))
        clock2.set(4 * s)
        try cumulate.watermark(.min)
        #expect(cumulate.rows == [WindowData.expected(1, 0, 2, [1]), WindowData.expected(1, 0, 4, [1, 2])])
    }
}

/// An unbounded source that emits its batches once, then has nothing more until the job is cancelled.
final class QuietAfterSource: SourceReader {
    private var batches: [RecordBatch]
    init(_ batches: [RecordBatch]) { self.batches = batches }
    func poll(output: Output) throws(SluiceError) -> SourceStatus {
        guard !batches.isEmpty else { return .nothingAvailable }
        try output.emit(batches.removeFirst())
        return .moreAvailable
    }
}

@Suite("Processing time without input")
struct ProcessingTimeWakeupTests {
    @Test("the operator reports its next processing-time deadline and fires when told")
    func deadline() throws {
        let clock = ManualClock(3 * WindowData.second)
        let op = try WindowAggregateOperator(inputSchema: WindowData.schema, timeColumn: 0, keyColumns: [1],
                                             aggregates: WindowData.aggregates, window: .tumble(size: 10 * WindowData.second),
                                             processingClock: clock)
        let h = try OperatorHarness(op)
        #expect(op.processingTimeDeadline() == nil, "no rows, no window to fire")
        try h.process(WindowData.batch(WindowData.rows([(1, 0, 1)])))
        #expect(op.processingTimeDeadline() != nil)
        clock.set(10 * WindowData.second)
        try op.onProcessingTime(output: h.output)
        #expect(h.rows == [WindowData.expected(1, 0, 10, [1])])
        #expect(op.processingTimeDeadline() == nil)
    }

    @Test("a processing-time window fires while its unbounded source is quiet")
    func firesWithoutInput() throws {
        let out = CollectedBatches()
        var g = JobGraph()
        let batch = WindowData.batch(WindowData.rows([(1, 0, 5), (2, 0, 6), (1, 0, 7)]))
        let src = g.addSource(name: "quiet", schema: WindowData.schema) { _ in QuietAfterSource([batch]) }
        let agg = try g.addWindowAggregate(name: "window", input: src, timeColumn: "ts", keyColumns: [1],
                                           aggregates: WindowData.aggregates, window: .tumble(size: 200_000),
                                           processingClock: SystemClock.shared)
        let sink = g.addCollectSink(name: "collect", schema: g[agg].outputSchema, into: out)
        g.connect(agg, sink)
        let client = try sharedExecutor.submit(g)
        let deadline = SystemClock.shared.nowMicros() + 10_000_000
        while out.rows().count < 2 && SystemClock.shared.nowMicros() < deadline { usleepMillis(5) }
        client.cancel()
        _ = try? client.wait(timeoutSeconds: 10)
        let rows = out.rows()
        #expect(rows.count == 2, "the window fired without further input: \(rows)")
        #expect(Set(rows.map { $0[0] }) == [.int(1), .int(2)])
    }
}

func usleepMillis(_ ms: Int) {
    var t = timespec(tv_sec: 0, tv_nsec: ms * 1_000_000)
    nanosleep(&t, nil)
}

@Suite("Live watermark visibility")
struct StallReportTests {
    @Test("a job whose windows cannot fire says which split holds the watermark back, while it runs")
    func stallReport() throws {
        let out = CollectedBatches()
        var g = JobGraph()
        let s = WindowData.second
        // Rows up to 12 s, 5 s out-of-orderness: the watermark stops at 7 s, so the window [0 s, 10 s) waits.
        let batch = WindowData.batch(WindowData.rows([(1, 1, 5), (2, 4, 6), (1, 12, 7)]))
        let src = g.addSource(name: "quiet", schema: WindowData.schema) { _ in QuietAfterSource([batch]) }
        let wm = try g.addWatermarkAssigner(name: "watermarks", input: src, strategy: .boundedOutOfOrderness(5 * s, column: "ts"))
        let agg = try g.addWindowAggregate(name: "window", input: wm, timeColumn: "ts", keyColumns: [1],
                                           aggregates: WindowData.aggregates, window: .tumble(size: 10 * s))
        let sink = g.addCollectSink(name: "collect", schema: g[agg].outputSchema, into: out)
        g.connect(agg, sink)
        let client = try sharedExecutor.submit(g)
        var reports: [String] = []
        let result = try client.wait(reportingStallsAfter: 0.3, sinks: ["collect"]) { message in
            reports.append(message)
            client.cancel()
        }
        #expect(result.status == .cancelled)
        #expect(out.rows().isEmpty)
        #expect(reports.count == 1)
        #expect(reports.first?.hasPrefix("no new output for 0.3 s: the watermark is held back by `watermarks` split 1/1 at 1970-01-01 00:00:06.999999") == true,
                "\(reports)")
        let live = client.liveProgress()
        #expect(live.first { $0.operatorName == "window" }?.rowsIn == 3)
    }
}
