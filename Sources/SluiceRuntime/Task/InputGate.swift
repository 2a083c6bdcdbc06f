import SluiceColumnar

/// The incoming side of a task: every channel into the chain's head, read round-robin.
///
/// It turns per-channel control elements into per-task events: the watermark comes from a
/// `WatermarkValve` (minimum over active, open channels; only forward); a barrier is passed on once
/// every open channel delivered it; the end of input comes when every channel ended.
/// TODO(checkpoints): barrier alignment (block channels that delivered the barrier) replaces the
/// simple counting here.
final class InputGate {
    enum Event {
        case batch(RecordBatch, input: Int)
        case watermark(Watermark)
        /// Every open input went idle (`.idle`) or one woke up again (`.active`): forward downstream.
        case status(StreamStatus)
        case barrier(checkpointID: Int64)
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
    private var next = 0
    private var openCount: Int
    private var valve: WatermarkValve
    private var barrierArrivals: [Int64: Int] = [:]
    /// Events produced together (a status and a watermark, or +∞ before the end), handed out first.
    private var pending: [Event] = []

    init(_ slots: [Slot]) {
        self.slots = slots
        openCount = slots.count
        valve = WatermarkValve(channels: slots.count)
    }

    var isEmpty: Bool { slots.isEmpty }

    /// Elements waiting in every input channel (a sample for the queue-depth metric).
    var queuedElements: Int { slots.reduce(0) { $0 + $1.channel.ring.approximateCount } }

    /// The next event, or nil when no channel has anything.
    func poll() -> Event? {
        if !pending.isEmpty { return pending.removeFirst() }
        let n = slots.count
        for step in 0..<n {
            let i = (next + step) % n
            guard !slots[i].ended, let element = slots[i].channel.read() else { continue }
            next = (i + 1) % n
            return handle(element, from: i)
        }
        return nil
    }

    private func handle(_ element: StreamElement, from i: Int) -> Event {
        switch element {
        case .batch(let batch):
            return .batch(batch, input: slots[i].input)
        case .watermark(let w):
            return events(valve.step(.watermark(channel: i, w)))
        case .status(let status):
            return events(valve.step(.status(channel: i, status)))
        case .barrier(let id):
            let arrived = barrierArrivals[id, default: 0] + 1
            if arrived >= openCount {
                barrierArrivals[id] = nil
                return .barrier(checkpointID: id)
            }
            barrierArrivals[id] = arrived
            return .consumed
        case .endOfInput:
            slots[i].ended = true
            openCount -= 1
            let step = valve.step(.ended(channel: i))
            if openCount == 0 {
                // The valve answers the last end with +∞: windows and timers fire before `finish`.
                pending.append(.endOfAllInput)
                return step.watermark.map { .watermark($0) } ?? pending.removeFirst()
            }
            return events(step)
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
