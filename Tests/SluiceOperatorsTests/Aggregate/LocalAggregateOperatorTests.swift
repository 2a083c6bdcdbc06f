import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

@Suite("LocalAggregateOperator")
struct LocalAggregateOperatorTests {
    let s = Data.schema
    let aggregates = [AggregateSpec.countStar(), AggregateSpec(.sum, input: 1)]

    func local(_ mode: AggregateMode = .streaming, maxGroups: Int = 100, timeout: Int64 = .max) throws -> OperatorHarness {
        try OperatorHarness(LocalAggregateOperator(inputSchema: s, keyColumns: [0], aggregates: aggregates, mode: mode,
                                                   maxGroups: maxGroups), bufferTimeoutNanos: timeout)
    }

    @Test("emits one partial row per group at the end, in the partial schema")
    func partialAtFinish() throws {
        let h = try local(.batch)
        try h.process(Data.batch([("red", 1, 0), ("green", 2, 0), ("red", 3, 0)]))
        #expect(h.batches.isEmpty)
        try h.finish()
        let batch = try #require(h.batches.first)
        #expect(batch.schema == (try LocalAggregateOperator.outputSchema(inputSchema: s, keyColumns: [0], aggregates: aggregates)))
        #expect(batch.schema.names.prefix(2) == ["color", "$rows"])
        #expect(h.rows.map { $0[0] } == [.string("red"), .string("green")])
    }

    @Test("streaming mode flushes and resets on every watermark, and not when nothing arrived")
    func flushOnWatermark() throws {
        let h = try local()
        try h.process(Data.batch([("red", 1, 0)]))
        try h.watermark(1)
        try h.watermark(2)
        try h.process(Data.batch([("red", 2, 0)]))
        try h.finish()
        #expect(h.batches.count == 2)
        // Each flush starts from an empty table: the second partial holds only the second row.
        var merged = try HashAggregator(inputSchema: s, keyColumns: [0], aggregates: aggregates)
        try merged.merge(h.batches[1])
        #expect(try merged.finish().rows() == [[.string("red"), .int(1), .int(2)]])
    }

    @Test("batch mode ignores watermarks and the buffer timeout")
    func batchIgnoresTime() throws {
        let h = try local(.batch, timeout: 0)
        try h.process(Data.batch([("red", 1, 0)]))
        try h.watermark(1)
        try h.process(Data.batch([("red", 1, 0)]))
        #expect(h.batches.isEmpty)
        try h.finish()
        #expect(h.batches.count == 1)
    }

    @Test("more groups than the limit flush the table early")
    func groupLimit() throws {
        let h = try local(.batch, maxGroups: 2)
        try h.process(Data.batch([("a", 1, 0), ("b", 1, 0)]))
        #expect(h.batches.isEmpty)
        try h.process(Data.batch([("c", 1, 0)]))
        #expect(h.batches.count == 1)
        #expect(h.rows.count == 3)
    }

    @Test("a key column out of range fails when the operator opens")
    func badKey() throws {
        let error = #expect(throws: SluiceError.self) {
            _ = try OperatorHarness(LocalAggregateOperator(inputSchema: s, keyColumns: [7], aggregates: aggregates))
        }
        #expect(error?.message == "key column index 7 is out of range; the input has 3 columns (color, value, price)")
    }
}
