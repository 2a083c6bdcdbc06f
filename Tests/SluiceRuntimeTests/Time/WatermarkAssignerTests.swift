import Testing
@testable import SluiceRuntime
import SluiceColumnar

@Suite("Watermark assigner")
struct WatermarkAssignerTests {
    func assigner(_ strategy: WatermarkStrategy, clock: ManualClock = ManualClock()) throws -> (WatermarkAssigner, TimeHarness) {
        let a = try WatermarkAssigner(strategy: strategy, inputSchema: TimeData.schema, clock: clock)
        let h = TimeHarness()
        try a.open(h.context)
        return (a, h)
    }

    @Test("each batch goes downstream, followed by a watermark when it advanced; the end of input sends +∞")
    func outOfOrderStream() throws {
        let (a, h) = try assigner(.boundedOutOfOrderness(5, column: "ts"))
        try a.process(TimeData.batch([10, 30, 20]), input: 0, output: h.output)
        try a.process(TimeData.batch([12, 28]), input: 0, output: h.output)     // behind: no watermark
        try a.process(TimeData.batch([40]), input: 0, output: h.output)
        try a.processWatermark(Watermark(1_000), output: h.output)              // upstream watermarks are replaced
        try a.finish(output: h.output)
        #expect(h.recorder.events == [.rows([10, 30, 20]), .watermark(24), .rows([12, 28]), .rows([40]), .watermark(34), .watermark(.max)])
        #expect(a.currentWatermark == .max)
        #expect(h.context.metrics.custom["watermark"] == Int(Int64.max))
    }

    @Test("the maximum is taken over selected rows only")
    func selection() throws {
        let (a, h) = try assigner(.monotonous(column: "ts"))
        try a.process(TimeData.batch([10, 99, 20], selection: [0, 2]), input: 0, output: h.output)
        #expect(h.recorder.events == [.rows([10, 20]), .watermark(19)])
    }

    @Test("a NULL event time fails with the column named, by default")
    func nullFails() throws {
        let (a, h) = try assigner(.boundedOutOfOrderness(5, column: "ts"))
        #expect(throws: SluiceError.invalidInput("event-time column `ts` is NULL in row 1 of a batch (2 NULL rows); every row needs an event time: filter them out, or drop and count them with WatermarkStrategy.droppingNullTimestamps()", column: "ts")) {
            try a.process(TimeData.batch([10, nil, 20, nil]), input: 0, output: h.output)
        }
    }

    @Test("NULL event times are dropped and counted when asked")
    func nullDropped() throws {
        let (a, h) = try assigner(.boundedOutOfOrderness(5, column: "ts").droppingNullTimestamps())
        try a.process(TimeData.batch([10, nil, 20, nil]), input: 0, output: h.output)
        try a.process(TimeData.batch([nil, nil]), input: 0, output: h.output)
        try a.process(TimeData.batch([nil, 30, nil], selection: [1, 2]), input: 0, output: h.output)
        #expect(h.recorder.events == [.rows([10, 20]), .watermark(14), .rows([30]), .watermark(24)])
        #expect(h.context.metrics.custom["nullTimestampsDropped"] == 5)
    }

    @Test("a strategy that does not fit the schema is rejected with the reason")
    func strategyErrors() {
        func make(_ s: WatermarkStrategy) throws(SluiceError) { _ = try WatermarkAssigner(strategy: s, inputSchema: TimeData.schema) }
        #expect(throws: SluiceError.invalidInput("bounded out-of-orderness must not be negative, found -1 µs; use 0 (or .monotonous) for ordered input")) {
            try make(.boundedOutOfOrderness(-1, column: "ts"))
        }
        #expect(throws: SluiceError.invalidInput("idle timeout must be positive, found 0 µs; leave it nil to disable idleness detection")) {
            try make(.monotonous(column: "ts").withIdleness(timeoutMicros: 0))
        }
        #expect(throws: SluiceError.invalidInput("watermark strategy monotonous needs an event-time column; name one with column:")) {
            try make(WatermarkStrategy(.monotonous, column: nil))
        }
        do {
            try make(.monotonous(column: "tss"))
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("`tss`") && error.message.contains("ts"))
        }
    }
}

/// Scripted source: each poll pops the next step.
final class ScriptedReader: SourceReader {
    enum Step { case batch([Int64]), nothing, end }
    var steps: [Step]
    init(_ steps: [Step]) { self.steps = steps }

    func poll(output: Output) throws(SluiceError) -> SourceStatus {
        guard !steps.isEmpty else { return .endOfInput }
        switch steps.removeFirst() {
        case .batch(let ts):
            try output.emit(TimeData.batch(ts.map { $0 }))
            return .moreAvailable
        case .nothing: return .nothingAvailable
        case .end: return .endOfInput
        }
    }
}

@Suite("Watermarked source")
struct WatermarkedSourceTests {
    @Test("a silent split turns idle after the timeout on the manual clock, and active with its next row")
    func idleness() throws {
        let clock = ManualClock(0)
        let strategy = WatermarkStrategy.boundedOutOfOrderness(2, column: "ts").withIdleness(timeoutMicros: 1_000)
        let assigner = try WatermarkAssigner(strategy: strategy, inputSchema: TimeData.schema, clock: clock)
        let source = WatermarkedSource(ScriptedReader([.batch([10, 20]), .nothing, .nothing, .nothing, .batch([30]), .end]),
                                       assigner: assigner)
        let h = TimeHarness()
        try source.open(h.context)
        var statuses: [StreamStatus] = []
        func poll(after micros: Int64) throws -> SourceStatus {
            clock.advance(by: micros)
            let s = try source.poll(output: h.output)
            statuses.append(assigner.status)
            return s
        }
        #expect(try poll(after: 0) == .moreAvailable)
        #expect(try poll(after: 500) == .nothingAvailable)     // 500 µs silent: active
        #expect(try poll(after: 499) == .nothingAvailable)     // 999 µs: active
        #expect(try poll(after: 1) == .nothingAvailable)       // 1 000 µs: idle
        #expect(try poll(after: 10_000) == .moreAvailable)     // a row: active again
        #expect(try poll(after: 0) == .endOfInput)
        #expect(statuses == [.active, .active, .active, .idle, .active, .active])
        #expect(h.context.metrics.custom["idleTransitions"] == 1)
        #expect(h.recorder.events == [.rows([10, 20]), .watermark(17), .rows([30]), .watermark(27), .watermark(.max)])
        #expect(h.context.metrics.rowsOut == 3)
    }
}
