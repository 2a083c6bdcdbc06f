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

/// What a job run reports: how it ended, per operator subtask figures and job-wide resources.
public struct JobResult: Sendable {
    public enum Status: Sendable, Equatable { case finished, cancelled }
    public var status: Status
    public var operators: [OperatorSubtaskMetrics]
    public var wallNanos: Int64
    /// CPU time of the process during the run (every thread, including other work in the process).
    public var cpuNanos: Int64
    /// The process's peak RSS at the end of the run (a process-wide high-water mark).
    public var peakResidentBytes: Int64

    /// The subtasks of the operator named `name`, in subtask order.
    public func metrics(of name: String) -> [OperatorSubtaskMetrics] {
        operators.filter { $0.operatorName == name }.sorted { $0.subtask < $1.subtask }
    }

    /// Sums of rows in and out over the subtasks of `name`.
    public func totalRows(of name: String) -> (rowsIn: Int, rowsOut: Int) {
        metrics(of: name).reduce((0, 0)) { ($0.0 + $1.rowsIn, $0.1 + $1.rowsOut) }
    }
}
