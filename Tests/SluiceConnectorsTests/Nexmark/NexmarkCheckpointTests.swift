import Testing
@testable import SluiceRuntime
import SluiceColumnar
import SluiceConnectors

@Suite("NexmarkSource positions")
struct NexmarkCheckpointTests {
    static func options() throws -> NexmarkOptions {
        var o = try NexmarkOptions(["seed": "5", "events.num": "6000", "base-time": "1767225593250"])
        o.batchSize = 700
        return o
    }

    @Test("a source restored at a recorded position emits exactly the rest of the split", arguments: [NexmarkEventKinds.bids, .all])
    func resumeEqualsUninterrupted(kinds: NexmarkEventKinds) throws {
        let options = try Self.options()
        let whole = try SourceHarness(NexmarkSource(options: options, kinds: kinds, split: 1, of: 2), subtask: 1, parallelism: 2)
        try whole.drain()

        let first = try SourceHarness(NexmarkSource(options: options, kinds: kinds, split: 1, of: 2), subtask: 1, parallelism: 2)
        for _ in 0..<2 { _ = try first.poll() }
        let position = try #require(try first.reader.snapshotPosition())
        #expect(position.count == 1 && position[0].offset == 1400)
        let second = try SourceHarness(NexmarkSource(options: options, kinds: kinds, split: 1, of: 2), subtask: 1, parallelism: 2)
        try second.reader.restore(position)
        try second.drain()
        #expect(first.collected.rows() + second.collected.rows() == whole.collected.rows())
    }

    @Test("a position past the split's end is an error")
    func badPosition() throws {
        let source = NexmarkSource(options: try Self.options(), kinds: .bids, split: 0, of: 1)
        #expect(throws: SluiceError.self) { try source.restore([SplitPosition(split: "nexmark 1/1", offset: 6001)]) }
    }
}
