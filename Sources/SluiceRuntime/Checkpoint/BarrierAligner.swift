/// Aligns checkpoint barriers across a task's input channels, as a pure value.
///
/// When the first barrier of a checkpoint arrives on a channel, that channel is blocked: its later
/// elements belong after the checkpoint and must not reach the operators before the snapshot. The
/// other channels keep flowing until their barrier arrives and blocks them too. When every open
/// channel has delivered the barrier the task is aligned: it snapshots, forwards the barrier and every
/// channel is released. A barrier of a newer checkpoint while an older one is aligning aborts the older
/// one (it can no longer complete consistently); a barrier of an older or already finished checkpoint
/// is ignored. A channel that ends counts as having delivered every barrier.
public struct BarrierAligner: Sendable, Equatable {
    public enum Event: Sendable, Equatable {
        case barrier(channel: Int, checkpointID: Int64)
        case ended(channel: Int)
        /// The coordinator gave up on this checkpoint (timeout, a declined snapshot).
        case abort(checkpointID: Int64)
    }

    public enum Action: Sendable, Equatable {
        /// Keep going; blocked channels stay blocked.
        case none
        /// Every open channel delivered the barrier: snapshot, forward it, then read all channels again.
        case aligned(checkpointID: Int64)
        /// The alignment of this checkpoint was given up; the channels are released.
        case aborted(checkpointID: Int64)
        /// `aborted` for the older checkpoint, and the newer one aligned at once (single open channel).
        case abortedThenAligned(aborted: Int64, aligned: Int64)
    }

    private var blocked: [Bool]
    private var ended: [Bool]
    /// The checkpoint being aligned, if any.
    public private(set) var pending: Int64?
    /// The newest checkpoint that was aligned or aborted; its stragglers are ignored.
    public private(set) var lastFinished: Int64 = 0

    public init(channels: Int) {
        blocked = Array(repeating: false, count: channels)
        ended = Array(repeating: false, count: channels)
    }

    /// Whether elements of `channel` must wait until the current alignment ends.
    public func isBlocked(_ channel: Int) -> Bool { blocked[channel] }

    public mutating func on(_ event: Event) -> Action {
        switch event {
        case .barrier(let channel, let id):
            return onBarrier(channel: channel, id: id)
        case .ended(let channel):
            ended[channel] = true
            blocked[channel] = false
            return completeIfAligned()
        case .abort(let id):
            guard pending == id else { return .none }
            finish(id)
            return .aborted(checkpointID: id)
        }
    }

    private mutating func onBarrier(channel: Int, id: Int64) -> Action {
        guard id > lastFinished, !ended[channel] else { return .none }
        var abortedID: Int64?
        if let current = pending, id > current {
            finish(current)
            abortedID = current
        }
        pending = id
        blocked[channel] = true
        let action = completeIfAligned()
        switch (abortedID, action) {
        case (nil, _): return action
        case (let old?, .aligned(let new)): return .abortedThenAligned(aborted: old, aligned: new)
        case (let old?, _): return .aborted(checkpointID: old)
        }
    }

    private mutating func completeIfAligned() -> Action {
        guard let id = pending else { return .none }
        for c in blocked.indices where !ended[c] && !blocked[c] { return .none }
        finish(id)
        return .aligned(checkpointID: id)
    }

    private mutating func finish(_ id: Int64) {
        pending = nil
        lastFinished = max(lastFinished, id)
        for c in blocked.indices { blocked[c] = false }
    }
}
