import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

@Suite("Window aggregate operator")
struct WindowAggregateOperatorTests {
    let s = WindowData.second

    func harness(_ window: SliceAssigner, lateness: Int64 = 0) throws -> OperatorHarness {
        try OperatorHarness(WindowAggregateOperator(inputSchema: WindowData.schema, timeColumn: 0, keyColumns: [1],
                                                    aggregates: WindowData.aggregates, window: window,
                                                    allowedLatenessMicros: lateness))
    }

    func lateRows(_ h: OperatorHarness) -> Int? { h.context.metrics.custom["lateRowsDropped"] }

    @Test("tumble 10 s over an out-of-order stream: windows fire at the watermark, late rows are counted")
    func tumble() throws {
        let h = try harness(.tumble(size: 10 * s))
        try h.process(WindowData.batch(WindowData.rows([(1, 1, 1), (1, 12, 2), (2, 3, 3), (1, 9.999999, 4)])))
        try h.watermark(9 * s)
        #expect(h.rows.isEmpty)
        try h.watermark(10 * s - 1)
        #expect(WindowData.sorted(h.rows) == [WindowData.expected(1, 0, 10, [1, 4]), WindowData.expected(2, 0, 10, [3])])
        try h.process(WindowData.batch(WindowData.rows([(1, 5, 100), (2, 15, 7), (1, 19, 8)])))   // 5 s is late
        try h.watermark(15 * s)
        try h.process(WindowData.batch(WindowData.rows([(2, 11, 1)])))
        #expect(h.rows.count == 2)
        try h.finish()   // end of input fires every window
        #expect(WindowData.sorted(h.rows) == [
            WindowData.expected(1, 0, 10, [1, 4]), WindowData.expected(1, 10, 20, [2, 8]),
            WindowData.expected(2, 0, 10, [3]), WindowData.expected(2, 10, 20, [7, 1]),
        ])
        #expect(lateRows(h) == 1)
        #expect(h.context.metrics.custom["windowsFired"] == 2)
        #expect(h.context.metrics.custom["openSlices"] == 0)
        #expect(h.batches.allSatisfy { $0.rowKinds == nil })   // append-only
        #expect(h.batches[0].schema.names == ["key", "window_start", "window_end", "COUNT(*)", "SUM(value)", "MAX(value)", "MIN(value)"])
    }

    @Test("hop 10 s / 2 s: every window holding a row, merged from 2 s slices")
    func hop() throws {
        let h = try harness(.hop(size: 10 * s, slide: 2 * s))
        try h.process(WindowData.batch(WindowData.rows([(1, 11, 4), (1, 1, 1)])))
        try h.process(WindowData.batch(WindowData.rows([(1, 3, 2)])))
        try h.watermark(5 * s - 1)
        #expect(h.rows == [WindowData.expected(1, -8, 2, [1]), WindowData.expected(1, -6, 4, [1, 2])])
        try h.process(WindowData.batch(WindowData.rows([(1, 3.5, 50)])))   // its first window [-6, 4) fired: late
        try h.finish()
        #expect(h.rows == [
            WindowData.expected(1, -8, 2, [1]), WindowData.expected(1, -6, 4, [1, 2]),
            WindowData.expected(1, -4, 6, [1, 2]), WindowData.expected(1, -2, 8, [1, 2]), WindowData.expected(1, 0, 10, [1, 2]),
            WindowData.expected(1, 2, 12, [2, 4]), WindowData.expected(1, 4, 14, [4]), WindowData.expected(1, 6, 16, [4]),
            WindowData.expected(1, 8, 18, [4]), WindowData.expected(1, 10, 20, [4]),
        ])
        #expect(lateRows(h) == 1)
    }

    @Test("cumulate 10 s step 2 s: windows grow from the same start; empty windows emit nothing")
    func cumulate() throws {
        let h = try harness(.cumulate(size: 10 * s, step: 2 * s))
        try h.process(WindowData.batch(WindowData.rows([(1, 9, 4), (1, 12, 8), (1, 1, 1)])))
        try h.watermark(6 * s - 1)
        #expect(h.takeLines().count == 3)
        try h.process(WindowData.batch(WindowData.rows([(1, 3, 2)])))   // slice [2, 4) fired with window [0, 4): late
        try h.process(WindowData.batch(WindowData.rows([(1, 7, 16)])))
        try h.finish()
        #expect(h.rows == [
            WindowData.expected(1, 0, 2, [1]), WindowData.expected(1, 0, 4, [1]), WindowData.expected(1, 0, 6, [1]),
            WindowData.expected(1, 0, 8, [1, 16]), WindowData.expected(1, 0, 10, [1, 16, 4]),
            WindowData.expected(1, 10, 14, [8]), WindowData.expected(1, 10, 16, [8]), WindowData.expected(1, 10, 18, [8]),
            WindowData.expected(1, 10, 20, [8]),
        ])
        #expect(lateRows(h) == 1)
    }

    @Test("allowed lateness: windows fire on time, rows within the lateness re-emit them, later rows are counted")
    func lateness() throws {
        let h = try harness(.tumble(size: 10 * s), lateness: 5 * s)
        try h.process(WindowData.batch(WindowData.rows([(1, 1, 1)])))
        try h.watermark(12 * s)
        #expect(h.rows == [WindowData.expected(1, 0, 10, [1])])
        try h.process(WindowData.batch(WindowData.rows([(1, 2, 2)])))   // within lateness: updates [0, 10)
        #expect(h.rows.count == 1)
        try h.watermark(13 * s)
        #expect(h.rows.last == WindowData.expected(1, 0, 10, [1, 2]))   // the updated final row
        try h.watermark(15 * s - 1)   // [0, 10) leaves its lateness
        #expect(h.context.metrics.custom["openSlices"] == 0)
        try h.process(WindowData.batch(WindowData.rows([(1, 3, 3), (1, 4, 4)])))
        try h.finish()
        #expect(h.rows.count == 2)
        #expect(lateRows(h) == 2)
        #expect(h.context.metrics.custom["windowsFired"] == 2)
    }

    @Test("hop with lateness re-emits only the fired windows holding the late row's slice")
    func hopLateness() throws {
        let h = try harness(.hop(size: 4 * s, slide: 2 * s), lateness: 3 * s)
        try h.process(WindowData.batch(WindowData.rows([(1, 1, 1), (1, 3, 2)])))
        try h.watermark(4 * s - 1)   // fires [-2, 2) and [0, 4)
        #expect(h.takeLines().count == 2)
        try h.process(WindowData.batch(WindowData.rows([(1, 1.5, 10)])))   // slice [0, 2) is kept until 4 s - 1 + 3 s
        try h.watermark(4 * s)
        #expect(WindowData.sorted(h.rows.suffix(2)) == [WindowData.expected(1, -2, 2, [1, 10]), WindowData.expected(1, 0, 4, [1, 2, 10])])
        try h.finish()
        #expect(h.rows.last == WindowData.expected(1, 2, 6, [2]))
    }

    @Test("rows beyond the lateness go to the late-data output when one is connected, and are counted")
    func lateSideOutput() throws {
        let late = LateDataOutput()
        let h = try OperatorHarness(WindowAggregateOperator(inputSchema: WindowData.schema, timeColumn: 0, keyColumns: [1],
                                                            aggregates: WindowData.aggregates, window: .tumble(size: 10 * s),
                                                            lateData: late))
        try h.process(WindowData.batch(WindowData.rows([(1, 1, 1)])))
        try h.watermark(20 * s)
        try h.process(WindowData.batch(WindowData.rows([(1, 2, 7), (1, 25, 8), (2, 9, 9)])))
        try h.finish()
        #expect(late.rows() == [[.timestamp(2 * s), .int(1), .int(7)], [.timestamp(9 * s), .int(2), .int(9)]])
        #expect(h.context.metrics.custom["lateRowsSideOutput"] == 2)
        #expect(lateRows(h) == nil)
    }

    @Test("the watermark is forwarded after the windows it fired")
    func forwardsWatermark() throws {
        let recorder = WatermarkLog()
        let h = try OperatorHarness(WindowAggregateOperator(inputSchema: WindowData.schema, timeColumn: 0, keyColumns: [1],
                                                            aggregates: WindowData.aggregates, window: .tumble(size: 10 * s)),
                                    downstream: recorder)
        try h.process(WindowData.batch(WindowData.rows([(1, 1, 1), (2, 11, 1)])))
        try h.watermark(20 * s)
        #expect(recorder.log == ["rows 2", "wm 20000000"])   // the windows it fired in one batch, then the watermark
    }

    @Test("without keys, one row per window")
    func global() throws {
        let h = try OperatorHarness(WindowAggregateOperator(inputSchema: WindowData.schema, timeColumn: 0, keyColumns: [],
                                                            aggregates: [.countStar()], window: .hop(size: 4 * s, slide: 2 * s)))
        try h.process(WindowData.batch(WindowData.rows([(1, 1, 1), (2, 3, 1), (3, 3.5, 1)])))
        try h.finish()
        #expect(h.rows == [[.timestamp(-2 * s), .timestamp(2 * s), .int(1)], [.timestamp(0), .timestamp(4 * s), .int(3)],
                           [.timestamp(2 * s), .timestamp(6 * s), .int(2)]])
    }

    @Test("bad input fails with a message that says how to fix it")
    func errors() throws {
        let h = try harness(.tumble(size: 10 * s))
        var ts = FixedWidthColumnBuilder<Int64>(type: .timestamp(precision: 3))
        ts.append(5); ts.appendNull()
        let nullBatch = try RecordBatch(schema: WindowData.schema, columns: [ts.finish(), Column.int64([1, 1]), Column.int64([1, 1])])
        #expect(throws: SluiceError.invalidInput("event-time column `ts` is NULL in row 1 of a batch; a window needs a time for every row: filter such rows out, or let the watermark assigner drop and count them (nullTimestamps: .drop)", column: "ts")) {
            try h.process(nullBatch)
        }
        let changelog = try RecordBatch(schema: WindowData.schema, columns: WindowData.batch(WindowData.rows([(1, 1, 1)])).columns,
                                        rowKinds: Buffer([RowKind.delete.rawValue]))
        #expect(throws: SluiceError.invalidInput("a window aggregate needs an append-only input, but the batch holds -U/-D rows; window the rows before an updating aggregation, not after it")) {
            try h.process(changelog)
        }
        #expect(throws: SluiceError.invalidInput("allowed lateness must not be negative, found -1 µs")) {
            _ = try harness(.tumble(size: 10 * s), lateness: -1)
        }
        let stringSchema = Schema([Field("ts", .string), Field("key", .int64), Field("value", .int64)])
        #expect(throws: SluiceError.invalidInput("event-time column `ts` is STRING; event time must be TIMESTAMP(p), TIMESTAMP_LTZ(p) or BIGINT (microseconds since the epoch)", column: "ts")) {
            _ = try WindowAggregateOperator.outputSchema(inputSchema: stringSchema, timeColumn: 0, keyColumns: [1],
                                                         aggregates: [.countStar()], window: .tumble(size: 10))
        }
        #expect(throws: SluiceError.invalidInput("event-time column index 7 is out of range; the input has 3 columns (ts, key, value)")) {
            _ = try WindowAggregateOperator.outputSchema(inputSchema: WindowData.schema, timeColumn: 7, keyColumns: [1],
                                                         aggregates: [.countStar()], window: .tumble(size: 10))
        }
    }
}

/// Logs batches and watermarks as short strings.
final class WatermarkLog: Operator {
    var log: [String] = []
    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) { log.append("rows \(batch.count)") }
    func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) { log.append("wm \(watermark.timestamp)") }
}
