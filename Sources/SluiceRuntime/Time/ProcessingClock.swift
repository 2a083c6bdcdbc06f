import Synchronization

/// Where processing time comes from: the system clock in jobs, a hand-driven clock in tests.
///
/// Processing time is microseconds (like event time) and need not be related to the epoch; only
/// differences are used (idleness timeouts, and later processing-time timers).
public protocol ProcessingClock: AnyObject, Sendable {
    func nowMicros() -> Int64
}

extension ProcessingClock {
    /// The monotonic time (nanoseconds) at which this clock reads `micros`: exact for the system clock;
    /// other clocks (a test's manual clock) cannot be predicted, so the task looks again in 10 ms.
    public func wakeupNanos(at micros: Int64) -> Int64 {
        if self is SystemClock { return micros.multipliedReportingOverflow(by: 1_000).overflow ? .max : micros &* 1_000 }
        return MonotonicClock.nanos() &+ 10_000_000
    }
}

/// The monotonic system clock.
public final class SystemClock: ProcessingClock {
    public static let shared = SystemClock()
    public init() {}
    public func nowMicros() -> Int64 { MonotonicClock.nanos() / 1_000 }
}

/// A clock that moves only when a test says so.
public final class ManualClock: ProcessingClock {
    private let now: Atomic<Int64>

    public init(_ start: Int64 = 0) { now = Atomic(start) }

    public func nowMicros() -> Int64 { now.load(ordering: .acquiring) }

    /// Moves the clock forward by `micros`.
    public func advance(by micros: Int64) { now.add(micros, ordering: .acquiringAndReleasing) }

    /// Sets the clock (tests may also move it backwards to check robustness).
    public func set(_ micros: Int64) { now.store(micros, ordering: .releasing) }
}
