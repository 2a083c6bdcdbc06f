@testable import SluiceRuntime
import SluiceColumnar
import Testing
@testable import SluiceConnectors

/// Keeps every row that reaches it, as values.
final class RowRecorder: Operator {
    var rows: [[Value]] = []
    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) { rows += batch.rows() }
}

@Suite("NexmarkSource checkpoint positions")
struct NexmarkSourceCheckpointTests {
    static func drive(_ source: NexmarkSource, polls: Int? = nil) throws -> [[Value]] {
        let recorder = RowRecorder()
        let info = SubtaskInfo(vertexName: "nexmark", uid: "nexmark", index: 0, parallelism: 1)
        let context = OperatorContext(subtask: info, metrics: OperatorMetrics(), memoryBudgetBytes: 1 << 20,
                                      bufferTimeoutNanos: 100_000_000)
        let link = ChainLink(op: recorder, context: context, failure: ChainFailure())
        link.output = Output(.none, metrics: OperatorMetrics())
        let output = Output(.chained(link), metrics: context.metrics)
        try source.open(context)
        var n = 0
        while try (polls.map { n < $0 } ?? true) && source.poll(output: output) != .endOfInput { n += 1 }
        return recorder.rows
    }

    @Test("a reader restored at a position emits exactly the events after it", arguments: [NexmarkEventKinds.bids, .all])
    func restoreContinues(_ kinds: NexmarkEventKinds) throws {
        let options = try NexmarkSourceTests.options()
        let first = NexmarkSource(options: options, kinds: kinds, split: 1, of: 2)
        _ = try Self.drive(first, polls: 2)
        let positions = try #require(try first.snapshotPosition())
        #expect(positions == [SplitPosition(split: "nexmark 2/2", offset: 1000)])
        let rest = try Self.drive(first)
        let restored = NexmarkSource(options: options, kinds: kinds, split: 1, of: 2)
        try restored.restore(positions)
        #expect(try Self.drive(restored) == rest)
        #expect(!rest.isEmpty)
    }

    @Test("positions of another split or beyond the split's events are rejected")
    func wrongPositions() throws {
        let options = try NexmarkSourceTests.options()
        let source = NexmarkSource(options: options, kinds: .bids, split: 0, of: 2)
        #expect {
            try source.restore([SplitPosition(split: "nexmark 2/2", offset: 10)])
        } throws: { error in
            (error as! SluiceError).message.contains("nexmark 1/2 cannot restore positions")
        }
        #expect(throws: SluiceError.self) { try source.restore([SplitPosition(split: "nexmark 1/2", offset: 1_000_000)]) }
    }
}
