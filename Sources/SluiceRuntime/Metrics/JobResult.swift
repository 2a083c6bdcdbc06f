import SluiceColumnar

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
    /// Checkpoints that completed during the last attempt, ascending.
    public var completedCheckpoints: [Int64] = []
    /// The checkpoint the last attempt started from, if any.
    public var restoredFrom: Int64?
    /// How often the job was restarted after a failure.
    public var restarts = 0
    /// The last error while writing a checkpoint (the job went on; that checkpoint did not complete).
    public var checkpointError: SluiceError?

    /// The subtasks of the operator named `name`, in subtask order.
    public func metrics(of name: String) -> [OperatorSubtaskMetrics] {
        operators.filter { $0.operatorName == name }.sorted { $0.subtask < $1.subtask }
    }

    /// Sums of rows in and out over the subtasks of `name`.
    public func totalRows(of name: String) -> (rowsIn: Int, rowsOut: Int) {
        metrics(of: name).reduce((0, 0)) { ($0.0 + $1.rowsIn, $0.1 + $1.rowsOut) }
    }
}
