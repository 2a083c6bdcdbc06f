/// Turns the largest timestamps of successive batches into watermarks, as a pure value.
///
/// The watermark is `max timestamp seen - delay - 1` (saturating), emitted only when it moves
/// forward; the end of a bounded input moves it to +∞ (`Watermark.max`) so that every window fires.
/// A `.none` strategy emits only that last watermark.
public struct WatermarkGenerator: Sendable, Equatable {
    public enum Event: Sendable, Equatable {
        /// A batch whose largest (non-NULL) event time is this.
        case batchMax(Int64)
        /// The bounded input ended.
        case endOfInput
    }

    public let kind: WatermarkStrategy.Kind
    /// The largest timestamp seen so far (Int64.min before any row).
    public private(set) var maxTimestamp = Int64.min
    /// The last watermark emitted (Watermark.min before the first).
    public private(set) var current = Watermark.min

    public init(_ kind: WatermarkStrategy.Kind) { self.kind = kind }

    /// Applies `event`; returns the watermark to emit when it advanced.
    public mutating func on(_ event: Event) -> Watermark? {
        let candidate: Int64
        switch event {
        case .batchMax(let t):
            maxTimestamp = max(maxTimestamp, t)
            switch kind {
            case .none: return nil
            case .monotonous: candidate = WatermarkGenerator.behind(maxTimestamp, by: 0)
            case .boundedOutOfOrderness(let d): candidate = WatermarkGenerator.behind(maxTimestamp, by: d)
            }
        case .endOfInput:
            candidate = .max
        }
        guard candidate > current.timestamp else { return nil }
        current = Watermark(candidate)
        return current
    }

    /// `t - delay - 1` without overflow: Int64.min when it would go below.
    static func behind(_ t: Int64, by delay: Int64) -> Int64 {
        let (a, o1) = t.subtractingReportingOverflow(delay)
        if o1 { return .min }
        let (b, o2) = a.subtractingReportingOverflow(1)
        return o2 ? .min : b
    }
}
