import Testing
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
