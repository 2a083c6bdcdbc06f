import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

@Suite("Streaming aggregation changelog")
struct StreamingAggregateTests {
    let s = Data.schema
    /// GROUP BY color: SUM(value), MAX(value)
    let aggregates = [AggregateSpec(.sum, input: 1), AggregateSpec(.max, input: 1)]

    func single(_ mode: AggregateMode = .streaming, timeout: Int64 = .max) throws -> OperatorHarness {
        try OperatorHarness(SingleAggregateOperator(inputSchema: s, keyColumns: [0], aggregates: aggregates, mode: mode),
                            bufferTimeoutNanos: timeout)
    }

    @Test("random batches over 300 string keys: after every emission the applied changelog equals the batch result so far")
    func touchedGroupsOnly() throws {
        // Each batch touches few of the groups, so emissions compare only those; a group missed by the
        // touched-group record would leave the applied changelog behind the reference.
        var seed: UInt64 = 0x5EED
        func next() -> UInt64 { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return seed >> 33 }
        let keys = (0..<300).map { "k\($0)" }
        let h = try single(timeout: 0)
        var seen: [RecordBatch] = []
        for b in 0..<60 {
            let rows = (0..<(1 + Int(next() % 40))).map { _ -> (String?, Int64?, Double?) in
                let v = Int64(next() % 1000) - 500
                return (keys[Int(next() % (b < 5 ? 300 : 30))], next() % 9 == 0 ? nil : v, nil)
            }
            let batch = Data.batch(rows)
            seen.append(batch)
            try h.process(batch)
            var expected: [String: (sum: Int64?, max: Int64?)] = [:]
            for row in seen.flatMap({ $0.rows() }) {
                guard case .string(let k) = row[0] else { continue }
                var e = expected[k] ?? (nil, nil)
                if case .int(let v) = row[1] { e = ((e.sum ?? 0) + v, max(e.max ?? .min, v)) }
                expected[k] = e
            }
            let reference = expected.map { k, e in
                "[\(k), \(e.sum.map { String($0) } ?? "NULL"), \(e.max.map { String($0) } ?? "NULL")]"
            }.sorted()
            #expect(try AggregateFixture.apply(h.collected.kindedRows()) == reference, "after batch \(b)")
        }
    }

    @Test("+I for a new group, then -U with the exact old row and +U with the new one; unchanged groups stay quiet")
    func scriptedChangelog() throws {
        let h = try single()
        try h.process(Data.batch([("red", 1, 0), ("green", 2, 0)]))
        #expect(h.takeLines().isEmpty)  // nothing before the watermark (timeout is infinite)
        try h.watermark(1)
        #expect(h.takeLines() == ["+I[red, 1, 1]", "+I[green, 2, 2]"])
        try h.process(Data.batch([("red", 3, 0)]))
        try h.process(Data.batch([("red", -1, 0)]))
        try h.watermark(2)
        #expect(h.takeLines() == ["-U[red, 1, 1]", "+U[red, 3, 3]"])
        // green + 0 leaves SUM and MAX unchanged: no update; blue is new.
        try h.process(Data.batch([("green", 0, 0), ("blue", 5, 0)]))
        try h.watermark(3)
        #expect(h.takeLines() == ["+I[blue, 5, 5]"])
        try h.watermark(4)
        #expect(h.takeLines().isEmpty)
        try h.process(Data.batch([("green", 7, 0)]))
        try h.finish()
        #expect(h.takeLines() == ["-U[green, 2, 2]", "+U[green, 9, 7]"])
        #expect(h.batches.allSatisfy { $0.rowKinds != nil })
    }

    @Test("NULL aggregate values are compared as values: NULL → 4 is an update")
    func nullAware() throws {
        let h = try single()
        try h.process(Data.batch([("red", nil, 0)]))
        try h.watermark(1)
        try h.process(Data.batch([("red", 4, 0)]))
        try h.finish()
        #expect(h.lines == ["+I[red, NULL, NULL]", "-U[red, NULL, NULL]", "+U[red, 4, 4]"])
    }

    @Test("with a zero buffer timeout every batch is its own mini-batch")
    func timeoutEmits() throws {
        let h = try single(timeout: 0)
        try h.process(Data.batch([("red", 1, 0)]))
        #expect(h.takeLines() == ["+I[red, 1, 1]"])
        try h.process(Data.batch([("red", 2, 0)]))
        #expect(h.takeLines() == ["-U[red, 1, 1]", "+U[red, 3, 2]"])
    }

    @Test("watermarks are forwarded after the changes they flushed")
    func watermarkForwarded() throws {
        final class Recorder: Operator {
            var events: [String] = []
            func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) { events.append("batch") }
            func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) { events.append("wm \(watermark.timestamp)") }
        }
        let recorder = Recorder()
        let h = try OperatorHarness(SingleAggregateOperator(inputSchema: s, keyColumns: [0], aggregates: aggregates,
                                                            mode: .streaming), downstream: recorder)
        try h.process(Data.batch([("red", 1, 0)]))
        try h.watermark(7)
        #expect(recorder.events == ["batch", "wm 7"])
    }

    @Test("batch mode emits the final rows once, at the end, without row kinds")
    func batchMode() throws {
        let h = try single(.batch, timeout: 0)
        try h.process(Data.batch([("red", 1, 0), ("green", 2, 0)]))
        try h.watermark(1)
        try h.process(Data.batch([("red", 3, 0)]))
        #expect(h.batches.isEmpty)
        try h.finish()
        #expect(h.lines == ["+I[red, 4, 3]", "+I[green, 2, 2]"])
        #expect(h.batches.allSatisfy { $0.rowKinds == nil })
    }

    @Test("the global phase merges partial states into the same changelog")
    func globalChangelog() throws {
        let h = try OperatorHarness(GlobalAggregateOperator(inputSchema: s, keyColumns: [0], aggregates: aggregates,
                                                            mode: .streaming))
        func partial(_ rows: [(String?, Int64?, Double?)]) throws -> RecordBatch {
            var local = try HashAggregator(inputSchema: s, keyColumns: [0], aggregates: aggregates)
            try local.consume(Data.batch(rows))
            return try local.partialState()
        }
        try h.process(partial([("red", 1, 0), ("red", 2, 0)]))
        try h.process(partial([("green", 5, 0)]))
        try h.watermark(1)
        #expect(h.takeLines() == ["+I[red, 3, 2]", "+I[green, 5, 5]"])
        try h.process(partial([("red", 10, 0)]))
        try h.finish()
        #expect(h.takeLines() == ["-U[red, 3, 2]", "+U[red, 13, 10]"])
    }

    @Test("a result larger than one output batch is emitted in slices")
    func slicedOutput() throws {
        let h = try single(.batch)
        let n = AggregateResultEmitter.batchRows + 5
        try h.process(Data.batch((0..<n).map { ("k\($0)", Int64($0), 0) }))
        try h.finish()
        #expect(h.batches.map(\.count) == [AggregateResultEmitter.batchRows, 5])
    }

    @Test("a changelog with retractions is rejected by the one-phase aggregate")
    func rejectsRetractions() throws {
        let h = try single()
        let error = #expect(throws: SluiceError.self) {
            try h.process(Data.batch([("red", 1, 0), ("red", 1, 0)], kinds: [.insert, .updateBefore]))
        }
        #expect(error?.message == "the input is a changelog with -U/-D rows but the aggregator was created without retractions; create it with retractions: true")
    }

    @Test("the global phase says so when it is given the partial schema instead of the input schema")
    func globalGivenPartialSchema() throws {
        let partial = try LocalAggregateOperator.outputSchema(inputSchema: s, keyColumns: [0], aggregates: aggregates)
        let error = #expect(throws: SluiceError.self) {
            _ = try OperatorHarness(GlobalAggregateOperator(inputSchema: partial, keyColumns: [0], aggregates: aggregates,
                                                            mode: .batch))
        }
        #expect(error?.message == "GlobalAggregateOperator was given a partial schema (it has a `$rows` column); pass the schema the aggregation is defined over — the LocalAggregateOperator's inputSchema — with the same keys and aggregates")
    }
}
