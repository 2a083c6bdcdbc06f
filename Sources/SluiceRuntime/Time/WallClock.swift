#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time in microseconds since the epoch: what event time is compared with to report how
/// far a watermark lags behind now.
public enum WallClock {
    public static func micros() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
    }

    /// How far `watermark` lags behind now, in milliseconds (0 for +∞, Int.max before any watermark).
    public static func lagMillis(_ watermark: Int64) -> Int {
        if watermark == .max { return 0 }
        if watermark == .min { return .max }
        let (lag, overflow) = micros().subtractingReportingOverflow(watermark)
        return overflow ? .max : Int(lag / 1_000)
    }
}
