import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

@Suite("Window aggregates against a per-window reference")
struct WindowReferenceTests {
    static let s = WindowData.second
    static let windows: [SliceAssigner] = [
        try! .tumble(size: 10 * s), try! .hop(size: 10 * s, slide: 2 * s), try! .hop(size: 10 * s, slide: 4 * s, offset: s),
        try! .cumulate(size: 10 * s, step: 2 * s),
    ]

    @Test("random out-of-order rows give the naive per-window result", arguments: windows)
    func randomRows(window: SliceAssigner) throws {
        // 20 s of disorder, watermark 20 s behind the newest row: no row is late.
        let rows = WindowData.random(count: 5_000, keys: 37, step: 40_000, jitter: 20 * Self.s, seed: 42)
        let h = try OperatorHarness(WindowAggregateOperator(inputSchema: WindowData.schema, timeColumn: 0, keyColumns: [1],
                                                            aggregates: WindowData.aggregates, window: window))
        var newest = Int64.min
        for start in stride(from: 0, to: rows.count, by: 300) {
            let chunk = Array(rows[start..<min(start + 300, rows.count)])
            try h.process(WindowData.batch(chunk))
            newest = max(newest, chunk.map(\.ts).max()!)
            try h.watermark(newest - 20 * Self.s - 1)
        }
        try h.finish()
        #expect(h.context.metrics.custom["lateRowsDropped"] == nil)
        #expect(WindowData.sorted(h.rows) == WindowData.reference(rows, window))
        #expect(h.context.metrics.custom["openSlices"] == 0)
    }

    @Test("rows sliced by a selection vector are the only ones counted")
    func selection() throws {
        let rows = WindowData.random(count: 1_000, keys: 5, step: 50_000, jitter: 3 * Self.s, seed: 9)
        let window = try SliceAssigner.hop(size: 10 * Self.s, slide: 2 * Self.s)
        let h = try OperatorHarness(WindowAggregateOperator(inputSchema: WindowData.schema, timeColumn: 0, keyColumns: [1],
                                                            aggregates: WindowData.aggregates, window: window))
        let picked = Array(stride(from: 0, to: rows.count, by: 3))
        try h.process(WindowData.batch(rows).withSelection(SelectionVector(picked)))
        try h.finish()
        #expect(WindowData.sorted(h.rows) == WindowData.reference(picked.map { rows[$0] }, window))
    }
}

extension SliceAssigner: CustomTestStringConvertible {
    public var testDescription: String { description }
}
