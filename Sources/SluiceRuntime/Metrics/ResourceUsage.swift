#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide CPU time and peak resident memory, from `getrusage`.
public struct ResourceUsage: Sendable, Equatable {
    /// User plus system CPU time of the whole process, in nanoseconds.
    public var cpuNanos: Int64
    /// The process's peak resident set size in bytes (a high-water mark since the process started).
    public var peakResidentBytes: Int64

    public static func current() -> ResourceUsage {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func nanos(_ t: timeval) -> Int64 { Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_usec) * 1_000 }
        #if os(Linux)
        let peak = Int64(usage.ru_maxrss) * 1024  // kilobytes on Linux
        #else
        let peak = Int64(usage.ru_maxrss)  // bytes on Darwin
        #endif
        return ResourceUsage(cpuNanos: nanos(usage.ru_utime) + nanos(usage.ru_stime), peakResidentBytes: peak)
    }
}
