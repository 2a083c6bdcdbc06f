#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar

/// The time keyed state expires by: processing time in milliseconds (the wall clock, or a manual
/// clock that tests move by hand) and event time (the watermark the operator last reported).
///
/// Threading: owned by the backend's subtask, like the backend itself.
public final class StateClock {
    private let manual: Bool
    private var manualProcessingTime: Int64
    /// The current event time (watermark) in milliseconds; `Int64.min` before the first watermark,
    /// so that event-time TTL expires nothing until time is known.
    public var eventTime: Int64 = Int64.min

    /// The wall clock (CLOCK_REALTIME, milliseconds since the epoch).
    public static func system() -> StateClock { StateClock(manual: false, start: 0) }

    /// A clock that moves only when told to, starting at `start` milliseconds.
    public static func manual(start: Int64 = 0) -> StateClock { StateClock(manual: true, start: start) }

    private init(manual: Bool, start: Int64) {
        self.manual = manual
        self.manualProcessingTime = start
    }

    public var isManual: Bool { manual }

    /// The current processing time in milliseconds.
    public var processingTime: Int64 {
        guard !manual else { return manualProcessingTime }
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Moves a manual clock to `millis` (never backwards).
    public func advanceProcessingTime(to millis: Int64) throws(SluiceError) {
        guard manual else {
            throw .invalidInput("the state clock follows the wall clock; create the backend with StateClock.manual() to move time by hand")
        }
        guard millis >= manualProcessingTime else {
            throw .invalidInput("processing time cannot go back from \(manualProcessingTime) to \(millis) ms")
        }
        manualProcessingTime = millis
    }

    /// Moves a manual clock forward by `millis`.
    public func advanceProcessingTime(by millis: Int64) throws(SluiceError) {
        try advanceProcessingTime(to: manualProcessingTime &+ max(0, millis))
    }

    @inline(__always)
    func now(_ characteristic: StateTTLConfig.TimeCharacteristic) -> Int64 {
        characteristic == .processingTime ? processingTime : eventTime
    }
}
