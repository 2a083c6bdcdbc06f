import Testing
import Foundation
@testable import SluiceRuntime
import SluiceColumnar

@Suite("Barrier alignment across a diamond")
struct DiamondAlignmentTests {
    /// A task (not a source, which is re-polled on a timer) feeds a fast and a slow branch that meet
    /// again in one task, which aligns barriers from both. With tiny channels the fast branch backs up
    /// behind the aligning task while a barrier waits in the fork's overflow towards the slow branch;
    /// the fork must still be woken when the slow branch makes room, or nothing moves again.
    @Test("a fast and a slow branch joining again, checkpoints every few ms, tiny channels: the job ends with every row",
          arguments: [1, 2])
    func diamond(workers: Int) throws {
        let executor = JobExecutor(workers: workers)
        defer { executor.shutdown() }
        let directory = NSTemporaryDirectory() + "sluice-diamond-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let out = CollectedBatches()
        let s = Fixture.schema
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: s, batches: Fixture.batches(count: 600, rows: 5))
        let fork = g.addOperator(name: "fork", schema: s) { _ in PassThrough() }
        let fast = g.addOperator(name: "fast", schema: s) { _ in PassThrough() }
        let slow = g.addOperator(name: "slow", schema: s) { _ in SlowPassThrough(sleepMicros: 200) }
        let join = g.addOperator(name: "join", schema: s) { _ in PassThrough() }
        let sink = g.addCollectSink(name: "collect", schema: s, into: out)
        g.connect(src, fork, .rebalance)
        g.connect(fork, fast, .rebalance)
        g.connect(fork, slow, .rebalance)
        g.connect(fast, join, .rebalance)
        g.connect(slow, join, .rebalance)
        g.connect(join, sink, .forward)
        var options = Fixture.options
        options.channelCapacity = 2
        options.quantum = 1
        options.checkpointing = CheckpointSettings(directory: directory, policy: CheckpointPolicy(intervalNanos: 2_000_000))
        let result = try executor.execute(g, options: options, timeoutSeconds: 30)
        #expect(out.rowCount == 6000, "every row once through each branch")
        #expect(!result.completedCheckpoints.isEmpty)
    }
}
