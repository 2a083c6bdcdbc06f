@testable import SluiceRuntime
import SluiceColumnar
import Testing
@testable import SluiceConnectors

/// Records what reaches it: rows per schema and watermarks, in order.
final class WatermarkRecorder: Operator {
    var rows = 0
    var schemas: Set<Schema> = []
    var watermarks: [Watermark] = []
    var lastBatchMaxTime: Int64 = .min
    var watermarkAlwaysBehind = true

    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        rows += batch.count
        schemas.insert(batch.schema)
        if let t = batch.schema.eventTimeIndex {
            for row in batch.rows() { if case .timestamp(let v) = row[t] { lastBatchMaxTime = max(lastBatchMaxTime, v) } }
        }
    }

    func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) {
        // The watermark follows the split's last event, which may be of a kind not emitted (≤ 1 ms later).
        let lag = lastBatchMaxTime - 4_000_000
        if watermark != .max && !(lag...lag + 1_000).contains(watermark.timestamp) { watermarkAlwaysBehind = false }
        watermarks.append(watermark)
    }
}

/// Drives one `NexmarkSource` directly.
final class NexmarkHarness {
    let source: NexmarkSource
    let recorder = WatermarkRecorder()
    let output: Output

    init(_ source: NexmarkSource) throws {
        self.source = source
        let info = SubtaskInfo(vertexName: "nexmark", uid: "nexmark", index: 0, parallelism: 1)
        let context = OperatorContext(subtask: info, metrics: OperatorMetrics(), memoryBudgetBytes: 1 << 20,
                                      bufferTimeoutNanos: 100_000_000)
        let link = ChainLink(op: recorder, context: context, failure: ChainFailure())
        link.output = Output(.none, metrics: OperatorMetrics())
        output = Output(.chained(link), metrics: context.metrics)
        try source.open(context)
    }

    func poll() throws -> SourceStatus { try source.poll(output: output) }
}

@Suite("NexmarkSource")
struct NexmarkSourceTests {
    static func options(_ extra: [String: String] = [:]) throws -> NexmarkOptions {
        var o = try NexmarkOptions(["seed": "3", "events.num": "3000", "base-time": "1767225593250"].merging(extra) { $1 })
        o.batchSize = 500
        return o
    }

    @Test("a bounded bid source in a job emits exactly the bids of all its splits")
    func boundedJob() throws {
        let out = CollectedBatches()
        var g = JobGraph()
        let src = try g.addNexmarkSource(parallelism: 2, options: ["seed": "3", "events.num": "3000"], kinds: .bids)
        let sink = g.addCollectSink(name: "collect", schema: NexmarkSchemas.bid, into: out)
        g.connect(src, sink, .rebalance)
        _ = try sharedExecutor.execute(g, timeoutSeconds: 20)
        let expected = (2...3001).filter { $0 % 50 >= 4 }.count
        #expect(out.rowCount == expected)
        #expect(out.batches.allSatisfy { $0.schema == NexmarkSchemas.bid })
    }

    @Test("watermarks trail the last event time by 4 s and reach +∞ at the end")
    func watermarks() throws {
        let h = try NexmarkHarness(NexmarkSource(options: try Self.options(), kinds: .bids))
        var polls = 0
        while try h.poll() != .endOfInput { polls += 1 }
        #expect(polls == 5)  // 3000 events in batches of 500: the sixth poll ends the input
        #expect(h.recorder.rows == (2...3001).filter { $0 % 50 >= 4 }.count)
        #expect(h.recorder.watermarks.count == 7)
        #expect(h.recorder.watermarks.last == .max)
        #expect(h.recorder.watermarkAlwaysBehind)
        #expect(h.recorder.watermarks == h.recorder.watermarks.sorted())
    }

    @Test("several kinds come out in the reference table's shape, without the kind not asked for")
    func referenceShape() throws {
        let h = try NexmarkHarness(NexmarkSource(options: try Self.options(), kinds: [.persons, .bids]))
        while try h.poll() != .endOfInput {}
        #expect(h.recorder.schemas == [NexmarkSchemas.referenceTable])
        // Event ids 2 … 3001: id % 50 == 0 are persons, 4 … 49 bids; auctions are left out.
        #expect(h.recorder.rows == (2...3001).filter { $0 % 50 == 0 || $0 % 50 >= 4 }.count)
        let all = try NexmarkHarness(NexmarkSource(options: try Self.options(), kinds: .all))
        while try all.poll() != .endOfInput {}
        #expect(all.recorder.rows == 3000)
    }

    @Test("keep-alive keeps a finished split running; max-emit-speed false paces by event time")
    func keepAliveAndPacing() throws {
        let clock = ManualClock()
        let o = try Self.options(["keep-alive": "true", "max-emit-speed": "false", "first-event.rate": "1000",
                                  "events.num": "1000"])
        let h = try NexmarkHarness(NexmarkSource(options: o, kinds: .all, clock: clock.now))
        #expect(try h.poll() == .nothingAvailable)  // 1 event due, less than a batch
        clock.advance(seconds: 0.6)  // 1000 events/s: 601 due
        #expect(try h.poll() == .moreAvailable)
        #expect(h.recorder.rows == 500)
        #expect(try h.poll() == .nothingAvailable)
        try h.source.flushPartial(output: h.output)  // the buffer timeout passed: the 101 due go out
        #expect(h.recorder.rows == 601)
        clock.advance(seconds: 1)
        #expect(try h.poll() == .nothingAvailable)  // finished, but kept alive
        #expect(h.recorder.rows == 1000)
        #expect(try h.poll() == .nothingAvailable)
        #expect(h.recorder.watermarks.last != .max)
    }

    @Test("the factory parses once: every split of a job shares the default base time")
    func factorySharesTimeline() throws {
        let readers = try NexmarkSource.factory(options: ["events.num": "100"], kinds: .bids)
        let splits = (0..<3).map { readers(SubtaskInfo(vertexName: "n", uid: "n", index: $0, parallelism: 3)) }
        #expect(Set(splits.map(\.options.baseTimeMillis)).count == 1)
        #expect(splits.map { $0.schema } == [NexmarkSchemas.bid, NexmarkSchemas.bid, NexmarkSchemas.bid])
        #expect(throws: SluiceError.self) { _ = try NexmarkSource.factory(options: ["seed": "x"], kinds: .all) }
    }

    @Test("a split outside the split count and bad options fail with clear errors")
    func errors() {
        let split = #expect(throws: SluiceError.self) {
            _ = try NexmarkSource(options: [:], kinds: .bids, split: 2, of: 2)
        }
        #expect(split?.message == "nexmark split 2 of 2 does not exist; splits are 0 ..< count and count is at least 1")
        let option = #expect(throws: SluiceError.self) {
            var g = JobGraph()
            _ = try g.addNexmarkSource(options: ["rate": "5"])
        }
        #expect(option?.message.hasPrefix("unknown nexmark option `rate`") == true)
    }
}
