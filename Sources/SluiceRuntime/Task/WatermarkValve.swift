/// Combines the watermarks of a task's input channels into one, as a pure value.
///
/// The combined watermark is the minimum over channels that are active and not ended; it only moves
/// forward. An idle channel does not hold it back; when every channel is idle or ended nothing is
/// emitted. Modelled on Flink's `StatusWatermarkValve`. TODO(time): an "all idle" status output and
/// per-input valves for two-input operators.
public struct WatermarkValve: Sendable, Equatable {
    public enum Event: Sendable, Equatable {
        case watermark(channel: Int, Watermark)
        case status(channel: Int, StreamStatus)
        case ended(channel: Int)
    }

    struct Channel: Sendable, Equatable {
        var watermark = Int64.min
        var idle = false
        var ended = false
    }

    private var channels: [Channel]
    public private(set) var current = Watermark.min

    public init(channels: Int) {
        self.channels = Array(repeating: Channel(), count: channels)
    }

    /// Applies `event`; returns the new combined watermark when it advanced.
    public mutating func on(_ event: Event) -> Watermark? {
        switch event {
        case .watermark(let c, let w): channels[c].watermark = max(channels[c].watermark, w.timestamp)
        case .status(let c, let s): channels[c].idle = s == .idle
        case .ended(let c): channels[c].ended = true
        }
        var minimum = Int64.max
        var anyActive = false
        for c in channels where !c.ended && !c.idle {
            minimum = min(minimum, c.watermark)
            anyActive = true
        }
        guard anyActive, minimum > current.timestamp else { return nil }
        current = Watermark(minimum)
        return current
    }
}
