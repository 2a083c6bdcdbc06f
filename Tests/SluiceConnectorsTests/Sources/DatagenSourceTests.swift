import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceConnectors

@Suite("DatagenSource")
struct DatagenSourceTests {
    let schema = Schema([Field("id", .int64), Field("score", .int32), Field("ratio", .float64), Field("name", .string),
                         Field("flag", .boolean)])
    var options: DatagenOptions {
        DatagenOptions(fields: ["id": .sequence(start: 100, end: 1_000_000), "score": .random(min: -5, max: 5),
                                "ratio": .random(min: 0, max: 1), "name": .random(length: 6)],
                       rowsTotal: 2500, batchSize: 1000, seed: 42)
    }

    func run(parallelism p: Int, options: DatagenOptions) throws -> [[Value]] {
        let out = CollectedBatches()
        var g = JobGraph()
        let src = g.addDatagenSource(name: "gen", parallelism: p, schema: schema, options: options)
        let sink = g.addCollectSink(name: "collect", schema: schema, into: out)
        g.connect(src, sink, .rebalance)
        _ = try sharedExecutor.execute(g, timeoutSeconds: 20)
        return out.rows().sorted { CSVFixture.ids([$0]) [0] < CSVFixture.ids([$1])[0] }
    }

    @Test("a bounded generator emits rowsTotal rows; reruns and other parallelisms give the same rows")
    func deterministic() throws {
        let once = try run(parallelism: 1, options: options)
        #expect(once.count == 2500)
        #expect(CSVFixture.ids(once) == (100..<2600).map(Int64.init))
        #expect(try run(parallelism: 1, options: options) == once)
        #expect(try run(parallelism: 3, options: options) == once)
        var other = options
        other.seed = 43
        #expect(try run(parallelism: 1, options: other) != once)
    }

    @Test("random values stay in their ranges and strings have their length")
    func ranges() throws {
        for row in try run(parallelism: 2, options: options) {
            guard case .int(let score) = row[1], case .float(let ratio) = row[2], case .string(let name) = row[3],
                  case .boolean = row[4] else {
                Issue.record("unexpected row \(row)")
                return
            }
            #expect((-5...5).contains(score))
            #expect(ratio >= 0 && ratio < 1)
            #expect(name.utf8.count == 6)
        }
    }

    @Test("a sequence shorter than rowsTotal ends the source")
    func sequenceBounds() throws {
        var o = options
        o.fields["id"] = .sequence(start: 1, end: 10)
        #expect(try run(parallelism: 4, options: o).count == 10)
    }

    @Test("rowsPerSecond throttles without sleeping: ahead of the rate a poll returns nothingAvailable")
    func rateControl() throws {
        let clock = ManualClock()
        var o = DatagenOptions(fields: ["id": .sequence(start: 0, end: .max)], rowsPerSecond: 2000, batchSize: 100)
        o.rowsTotal = nil
        let info = SubtaskInfo(vertexName: "gen", uid: "gen", index: 1, parallelism: 2)
        let h = try SourceHarness(DatagenSource(schema: schema, options: o, subtask: info, clock: clock.now),
                                  subtask: 1, parallelism: 2)
        #expect(try h.poll() == .nothingAvailable)
        clock.advance(seconds: 0.05)  // 1000 rows/s per subtask: 50 rows due, half a batch
        #expect(try h.poll() == .nothingAvailable)
        try h.flushPartial()  // the buffer timeout passed: the partly filled batch goes out
        #expect(h.collected.rowCount == 50)
        clock.advance(seconds: 0.25)  // 250 more rows due
        #expect(try h.poll() == .moreAvailable)
        #expect(try h.poll() == .moreAvailable)
        #expect(try h.poll() == .nothingAvailable)
        #expect(h.collected.rowCount == 250)
        // Subtask 1 of 2 owns the odd rows.
        #expect(CSVFixture.ids(h.collected.rows()) == (0..<250).map { Int64(2 * $0 + 1) })
    }

    @Test("an unbounded generator runs until cancelled")
    func unbounded() throws {
        var o = options
        o.fields["id"] = .random()
        o.rowsTotal = nil
        var g = JobGraph()
        let src = g.addDatagenSource(name: "gen", parallelism: 2, schema: schema, options: o)
        let sink = g.addOperator(name: "sink", schema: schema) { _ in CollectSink(into: CollectedBatches()) }
        g.connect(src, sink, .rebalance)
        let client = try sharedExecutor.submit(g)
        let error = #expect(throws: SluiceError.self) { _ = try client.wait(timeoutSeconds: 0.3) }
        #expect(error?.message.hasPrefix("job did not finish within 0.3 s and was cancelled") == true)
    }

    @Test("invalid options fail the job with messages that say how to fix them")
    func validation() throws {
        func message(_ o: DatagenOptions, _ s: Schema? = nil) -> String? {
            do { try o.validate(s ?? schema) } catch { return error.message }
            return nil
        }
        #expect(message(DatagenOptions(fields: ["nope": .random()])) == "datagen option for `nope`, which is not a column (columns: id, score, ratio, name, flag)")
        #expect(message(DatagenOptions(rowsPerSecond: 0)) == "datagen rowsPerSecond is 0.0; it must be positive (or nil for unlimited)")
        #expect(message(DatagenOptions(rowsTotal: -1)) == "datagen rowsTotal is -1; it must be at least 0")
        #expect(message(DatagenOptions(batchSize: 0)) == "datagen batchSize is 0; it must be at least 1")
        #expect(message(DatagenOptions(fields: ["score": .random(min: 3, max: 1)])) == "datagen random range for `score` is min 3.0 … max 1.0, length 10; min must not exceed max and length must not be negative")
        #expect(message(DatagenOptions(fields: ["score": .sequence(start: 0, end: 1 << 40)])) == "datagen sequence 0 … 1099511627776 for `score` does not fit INT (-2147483648 … 2147483647)")
        #expect(message(DatagenOptions(fields: ["flag": .sequence(start: 0, end: 1)])) == "datagen cannot generate sequence values for column `flag` of type BOOLEAN; supported: integer, FLOAT, DOUBLE, STRING, BOOLEAN (random), DATE, TIMESTAMP")
        var g = JobGraph()
        let src = g.addDatagenSource(name: "gen", schema: schema, options: DatagenOptions(batchSize: 0))
        let sink = g.addCollectSink(name: "collect", schema: schema, into: CollectedBatches())
        g.connect(src, sink)
        let error = #expect(throws: SluiceError.self) { _ = try sharedExecutor.execute(g, timeoutSeconds: 20) }
        #expect(error?.message == "datagen batchSize is 0; it must be at least 1")
    }
}
