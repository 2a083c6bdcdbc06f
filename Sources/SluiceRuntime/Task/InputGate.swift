import SluiceColumnar

/// The incoming side of a task: every channel into the chain's head, read round-robin.
///
/// It turns per-channel control elements into per-task events: the watermark is the minimum over
/// channels that are neither idle nor ended, and advances only forward; a barrier is passed on once
/// every open channel delivered it; the end of input comes when every channel ended.
/// TODO(checkpoints): barrier alignment (block channels that delivered the barrier) and the real
/// watermark valve (a pure state machine) replace the simple bookkeeping here.
final class InputGate {
    enum Event {
        case batch(RecordBatch, input: Int)
        case watermark(Watermark)
        case barrier(checkpointID: Int64)
        /// A control element was consumed without an event for the operators.
        case consumed
        case endOfAllInput
    }

    struct Slot {
        let channel: Channel
        let input: Int
        var ended = false
        var idle = false
        var watermark = Int64.min
    }

    private var slots: [Slot]
    private var next = 0
    private var openCount: Int
    private var currentWatermark = Int64.min
    private var barrierArrivals: [Int64: Int] = [:]

    init(_ slots: [Slot]) {
        self.slots = slots
        openCount = slots.count
    }

    var isEmpty: Bool { slots.isEmpty }

    /// Elements waiting in every input channel (a sample for the queue-depth metric).
    var queuedElements: Int { slots.reduce(0) { $0 + $1.channel.ring.approximateCount } }

    /// The next event, or nil when no channel has anything.
    func poll() -> Event? {
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
            slots[i].watermark = max(slots[i].watermark, w.timestamp)
            return advanceWatermark()
        case .status(let status):
            slots[i].idle = status == .idle
            return advanceWatermark()
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
            return openCount == 0 ? .endOfAllInput : advanceWatermark()
        }
    }

    private func advanceWatermark() -> Event {
        var minimum = Int64.max
        var any = false
        for s in slots where !s.ended && !s.idle {
            minimum = min(minimum, s.watermark)
            any = true
        }
        guard any, minimum > currentWatermark else { return .consumed }
        currentWatermark = minimum
        return .watermark(Watermark(minimum))
    }
}
