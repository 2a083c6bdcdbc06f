/// Decides when a source split is idle, as a pure value driven by processing time.
///
/// A split that saw no rows for `timeout` becomes idle: downstream valves then ignore it, so it no
/// longer holds the watermark back. Its next row makes it active again (that row is emitted after the
/// `active` status, so downstream never sees data from an idle channel).
///
///     active ──tick(now), now - lastRows ≥ timeout──▶ idle ──rows(now)──▶ active
public struct IdlenessDetector: Sendable, Equatable {
    public enum Event: Sendable, Equatable {
        /// Rows arrived at processing time `now`.
        case rows(now: Int64)
        /// Time passed without rows (a poll that found nothing).
        case tick(now: Int64)
    }

    public let timeoutMicros: Int64
    public private(set) var status = StreamStatus.active
    /// Processing time of the last rows (or of the start).
    public private(set) var lastActivity: Int64

    public init(timeoutMicros: Int64, now: Int64) {
        precondition(timeoutMicros > 0, "idle timeout must be positive")
        self.timeoutMicros = timeoutMicros
        lastActivity = now
    }

    /// Applies `event`; returns the new status when it changed.
    public mutating func on(_ event: Event) -> StreamStatus? {
        switch event {
        case .rows(let now):
            lastActivity = max(lastActivity, now)
            guard status == .idle else { return nil }
            status = .active
            return .active
        case .tick(let now):
            guard status == .active, now &- lastActivity >= timeoutMicros else { return nil }
            status = .idle
            return .idle
        }
    }
}
