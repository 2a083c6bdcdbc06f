/// Combines the watermarks and statuses of a task's input channels into one, as a pure value.
///
/// The combined watermark is the minimum over channels that are active, aligned and not ended; it
/// only moves forward. An idle channel does not hold it back. A channel that becomes active again
/// with a watermark behind the combined one is *unaligned*: it is left out of the minimum until it
/// catches up, so it neither moves the watermark backwards nor stalls the others (Flink's
/// `StatusWatermarkValve`). When every open channel is idle the task is idle (`step` reports
/// `.idle` once, then `.active` when a channel wakes). When every channel has ended the watermark
/// jumps to +∞, so every window and timer fires before the end of input.
public struct WatermarkValve: Sendable, Equatable {
    public enum Event: Sendable, Equatable {
        case watermark(channel: Int, Watermark)
        case status(channel: Int, StreamStatus)
        case ended(channel: Int)
    }

    /// What the task should send downstream after an event.
    public struct Step: Sendable, Equatable {
        public var watermark: Watermark?
        public var status: StreamStatus?

        public init(watermark: Watermark? = nil, status: StreamStatus? = nil) {
            self.watermark = watermark
            self.status = status
        }
    }

    struct Channel: Sendable, Equatable {
        var watermark = Int64.min
        var idle = false
        var ended = false
        var aligned = true
    }

    private var channels: [Channel]
    public private(set) var current = Watermark.min
    /// True while every open channel is idle (the task announced idleness downstream).
    public private(set) var isIdle = false

    public init(channels: Int) {
        self.channels = Array(repeating: Channel(), count: channels)
    }

    /// Applies `event`; returns the new combined watermark when it advanced.
    public mutating func on(_ event: Event) -> Watermark? { step(event).watermark }

    /// Applies `event`; returns the watermark and status change to send downstream, if any.
    public mutating func step(_ event: Event) -> Step {
        switch event {
        case .watermark(let c, let w):
            channels[c].watermark = max(channels[c].watermark, w.timestamp)
            if channels[c].watermark >= current.timestamp { channels[c].aligned = true }
        case .status(let c, let s):
            channels[c].idle = s == .idle
            if s == .active && channels[c].watermark < current.timestamp { channels[c].aligned = false }
        case .ended(let c):
            channels[c].ended = true
        }
        var out = Step()
        if channels.allSatisfy(\.ended) {
            if current < .max { current = .max; out.watermark = current }
            return out
        }
        let idle = channels.allSatisfy { $0.ended || $0.idle }
        if idle != isIdle {
            isIdle = idle
            out.status = idle ? .idle : .active
        }
        var minimum = Int64.max
        var anyAligned = false
        for c in channels where !c.ended && !c.idle && c.aligned {
            minimum = min(minimum, c.watermark)
            anyAligned = true
        }
        if anyAligned && minimum > current.timestamp {
            current = Watermark(minimum)
            out.watermark = current
        }
        return out
    }
}
