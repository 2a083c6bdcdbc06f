import Synchronization
import SluiceColumnar

/// The incoming side of a task: every channel into the chain's head, read round-robin.
///
/// It turns per-channel control elements into per-task events: the watermark comes from a
/// `WatermarkValve` (minimum over active, open channels; only forward); barriers are aligned by a
/// `BarrierAligner` (a channel that delivered the barrier is not read until every open channel has);
/// the end of input comes when every channel ended.
final class InputGate {
    enum Event {
        case batch(RecordBatch, input: Int)
        case watermark(Watermark)
        /// Every open input went idle (`.idle`) or one woke up again (`.active`): forward downstream.
        case status(StreamStatus)
        case barrier(checkpointID: Int64)
        /// An alignment was given up because a newer barrier overtook it.
        case barrierAborted(checkpointID: Int64)
        /// A control element was consumed without an event for the operators.
        case consumed
        case endOfAllInput
    }

    struct Slot {
        let channel: Channel
        let input: Int
        var ended = false

        init(channel: Channel, input: Int) {
            self.channel = channel
            self.input = input
        }
    }

    private var slots: [Slot]
    /// The slots' channels and input indices, immutable: the per-element path reads them without
    /// exclusivity checks.
    private let channels: [Channel]
    private let inputs: [Int]
    /// No channel ended and no alignment blocks one: the per-element path skips those checks.
    private var allReadable = true
    /// `!pending.isEmpty`, as a plain flag for the per-element path.
    private var hasPending = false
    private var next = 0
    /// Whether a channel was popped since the last `wakeWaitingProducers`.
    private var popped = false
    private var openCount: Int
    private var valve: WatermarkValve
    private var aligner: BarrierAligner
    /// Events produced together (a status and a watermark, +∞ before the end, an aborted alignment
    /// and the next one), handed out first.
    private var pending: [Event] = []

    init(_ slots: [Slot]) {
        self.slots = slots
        channels = slots.map(\.channel)
        inputs = slots.map(\.input)
        openCount = slots.count
        valve = WatermarkValve(channels: slots.count)
        aligner = BarrierAligner(channels: slots.count)
    }

    var isEmpty: Bool { slots.isEmpty }

    /// Elements waiting in every input channel (a sample for the queue-depth metric).
    var queuedElements: Int { channels.reduce(0) { $0 + $1.ring.queuedForConsumer() } }

    /// Wakes the producers that wait for room in the channels this task read from. Called after every
    /// quantum: one fence orders all the quantum's pops before the loads of the waiting flags.
    func wakeWaitingProducers() {
        guard popped else { return }
        popped = false
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        for channel in channels { channel.wakeProducerIfWaiting() }
    }

    /// The next event, or nil when no channel has anything.
    func poll() -> Event? {
        if hasPending {
            let event = pending.removeFirst()
            hasPending = !pending.isEmpty
            return event
        }
        let n = channels.count
        var i = next
        for _ in 0..<n {
            let after = i + 1 == n ? 0 : i + 1
            if allReadable || (!slots[i].ended && !aligner.isBlocked(i)), let element = channels[i].read() {
                next = after
                popped = true
                return handle(element, from: i)
            }
            i = after
        }
        return nil
    }

    /// Takes `element` by move: a batch goes on to the operators without a copy.
    private func handle(_ element: consuming StreamElement, from i: Int) -> Event {
        switch consume element {
        case .batch(let batch):
            return .batch(batch, input: inputs[i])
        case .watermark(let w):
            return refreshed(events(valve.step(.watermark(channel: i, w))))
        case .status(let status):
            return refreshed(events(valve.step(.status(channel: i, status))))
        case .barrier(let id):
            return refreshed(event(for: aligner.on(.barrier(channel: i, checkpointID: id))))
        case .endOfInput:
            return refreshed(ended(i))
        }
    }

    /// Recomputes the flags of the per-element path after a control element changed the state.
    private func refreshed(_ event: Event) -> Event {
        hasPending = !pending.isEmpty
        allReadable = openCount == slots.count && aligner.pending == nil
        return event
    }

    private func ended(_ i: Int) -> Event {
        slots[i].ended = true
        openCount -= 1
        let alignment = aligner.on(.ended(channel: i))
        let step = valve.step(.ended(channel: i))
        if openCount == 0 {
            // The valve answers the last end with +∞: windows and timers fire before `finish`.
            pending.append(.endOfAllInput)
            return step.watermark.map { .watermark($0) } ?? pending.removeFirst()
        }
        let first = events(step)
        if case .aligned(let id) = alignment {
            // The ended channel was the last one the barrier waited for.
            if case .consumed = first { return .barrier(checkpointID: id) }
            pending.append(.barrier(checkpointID: id))
        }
        return first
    }

    private func event(for action: BarrierAligner.Action) -> Event {
        switch action {
        case .none: return .consumed
        case .aligned(let id): return .barrier(checkpointID: id)
        case .aborted(let id): return .barrierAborted(checkpointID: id)
        case .abortedThenAligned(let old, let new):
            pending.append(.barrier(checkpointID: new))
            return .barrierAborted(checkpointID: old)
        }
    }

    /// The status first, then the watermark (an idle task has no watermark to send, an active one
    /// announces itself before its watermark).
    private func events(_ step: WatermarkValve.Step) -> Event {
        var out: [Event] = []
        if let status = step.status { out.append(.status(status)) }
        if let watermark = step.watermark { out.append(.watermark(watermark)) }
        guard !out.isEmpty else { return .consumed }
        pending.append(contentsOf: out.dropFirst())
        return out[0]
    }
}
