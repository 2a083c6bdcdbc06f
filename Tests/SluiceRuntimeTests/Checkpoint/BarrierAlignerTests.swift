import Testing
import SluiceRuntime

@Suite("Barrier aligner")
struct BarrierAlignerTests {
    typealias Action = BarrierAligner.Action

    @Test("blocks each channel at its barrier and aligns when every open channel delivered it")
    func alignsAcrossChannels() {
        var a = BarrierAligner(channels: 3)
        #expect(a.on(.barrier(channel: 1, checkpointID: 1)) == .none)
        #expect(a.isBlocked(1) && !a.isBlocked(0) && !a.isBlocked(2))
        #expect(a.on(.barrier(channel: 0, checkpointID: 1)) == .none)
        #expect(a.isBlocked(0) && a.isBlocked(1) && !a.isBlocked(2))
        #expect(a.on(.barrier(channel: 2, checkpointID: 1)) == .aligned(checkpointID: 1))
        #expect(!a.isBlocked(0) && !a.isBlocked(1) && !a.isBlocked(2))
        #expect(a.pending == nil && a.lastFinished == 1)
    }

    @Test("a single channel aligns at once")
    func singleChannel() {
        var a = BarrierAligner(channels: 1)
        #expect(a.on(.barrier(channel: 0, checkpointID: 7)) == .aligned(checkpointID: 7))
        #expect(!a.isBlocked(0))
    }

    @Test("an ended channel no longer holds the alignment back, before or during it")
    func endedChannels() {
        var a = BarrierAligner(channels: 3)
        #expect(a.on(.ended(channel: 2)) == .none)
        #expect(a.on(.barrier(channel: 0, checkpointID: 1)) == .none)
        #expect(a.on(.ended(channel: 1)) == .aligned(checkpointID: 1))
        #expect(a.on(.barrier(channel: 2, checkpointID: 2)) == .none)   // from an ended channel: ignored
        #expect(a.on(.barrier(channel: 0, checkpointID: 2)) == .aligned(checkpointID: 2))
    }

    @Test("a newer barrier aborts the older alignment; stale barriers are ignored")
    func newerBarrierSubsumes() {
        var a = BarrierAligner(channels: 2)
        #expect(a.on(.barrier(channel: 0, checkpointID: 1)) == .none)
        #expect(a.on(.barrier(channel: 0, checkpointID: 2)) == .aborted(checkpointID: 1))
        #expect(a.pending == 2 && a.isBlocked(0))
        #expect(a.on(.barrier(channel: 1, checkpointID: 1)) == .none)   // late barrier of the aborted one
        #expect(a.isBlocked(0) && !a.isBlocked(1))
        #expect(a.on(.barrier(channel: 1, checkpointID: 2)) == .aligned(checkpointID: 2))
        #expect(a.on(.barrier(channel: 0, checkpointID: 2)) == .none)
    }

    @Test("a newer barrier aligning at once reports both the abort and the alignment")
    func abortThenAlign() {
        var a = BarrierAligner(channels: 2)
        #expect(a.on(.barrier(channel: 0, checkpointID: 3)) == .none)
        #expect(a.on(.ended(channel: 1)) == .aligned(checkpointID: 3))
        var b = BarrierAligner(channels: 2)
        _ = b.on(.barrier(channel: 0, checkpointID: 3))
        _ = b.on(.ended(channel: 0))   // channel 0 ends while blocked; 1 still open
        #expect(b.pending == 3 && !b.isBlocked(0))
        #expect(b.on(.barrier(channel: 1, checkpointID: 4)) == .abortedThenAligned(aborted: 3, aligned: 4))
    }

    @Test("the coordinator's abort releases every channel")
    func coordinatorAbort() {
        var a = BarrierAligner(channels: 2)
        _ = a.on(.barrier(channel: 1, checkpointID: 5))
        #expect(a.on(.abort(checkpointID: 4)) == .none)
        #expect(a.on(.abort(checkpointID: 5)) == .aborted(checkpointID: 5))
        #expect(!a.isBlocked(1) && a.pending == nil)
        #expect(a.on(.barrier(channel: 0, checkpointID: 5)) == .none)
    }

    @Test("random event orders: every channel is released after each alignment, checkpoints only ascend")
    func randomOrders() {
        var rng = UInt64(12345)
        func next(_ bound: Int) -> Int {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            return Int((rng >> 33) % UInt64(bound))
        }
        for _ in 0..<200 {
            let n = 1 + next(4)
            var a = BarrierAligner(channels: n)
            var lastAligned: Int64 = 0
            var sent = Array(repeating: Int64(0), count: n)
            for _ in 0..<40 {
                let c = next(n)
                sent[c] += Int64(1 + next(2))
                switch a.on(.barrier(channel: c, checkpointID: sent[c])) {
                case .aligned(let id), .abortedThenAligned(_, let id):
                    #expect(id > lastAligned)
                    lastAligned = id
                    #expect((0..<n).allSatisfy { !a.isBlocked($0) })
                case .none, .aborted:
                    break
                }
            }
        }
    }
}
