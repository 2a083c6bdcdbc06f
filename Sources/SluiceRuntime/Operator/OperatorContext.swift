import SluiceColumnar

/// Which subtask of which vertex an operator instance is: what factories get to build one.
public struct SubtaskInfo: Sendable, Equatable {
    public var vertexName: String
    public var uid: String
    public var index: Int
    public var parallelism: Int

    public init(vertexName: String, uid: String, index: Int, parallelism: Int) {
        self.vertexName = vertexName
        self.uid = uid
        self.index = index
        self.parallelism = parallelism
    }

    /// Flink's way of naming a subtask, 1-based: `filter (2/4)`.
    public var displayName: String { "\(vertexName) (\(index + 1)/\(parallelism))" }
}

/// What an operator may know about where it runs.
///
/// Threading: used only by the worker that runs the operator's task.
public final class OperatorContext {
    public let subtask: SubtaskInfo
    /// Counters of this operator subtask; operators may add their own to `metrics.custom`.
    public let metrics: OperatorMetrics
    /// Bytes of memory this operator subtask may use for state and buffers.
    public let memoryBudgetBytes: Int
    /// How long a source may hold a partly filled batch before flushing it, in nanoseconds.
    public let bufferTimeoutNanos: Int64
    /// Names the job across restarts from its checkpoints (and across processes restoring them);
    /// a sink can prefix its files with it to tell its own output from other jobs'.
    public let jobID: String
    /// The checkpoint this run was restored from: 0 for a restart without a complete checkpoint,
    /// nil for a fresh start.
    public let restoredCheckpoint: Int64?
    /// Whether checkpoints may be incremental (`CheckpointSettings.incremental`): an operator with large
    /// state then writes only what changed since its last completed checkpoint.
    public let incrementalCheckpoints: Bool
    /// Where an aggregation's hash tables go (`ExecutionOptions.stateBackend`): the job's memory-mapped
    /// state files, or nil for anonymous memory. Shared by the job's operators; thread-safe.
    public let aggregateMemory: (any AggregateMemory)?

    public var subtaskIndex: Int { subtask.index }
    public var parallelism: Int { subtask.parallelism }
    public var operatorName: String { subtask.vertexName }

    init(subtask: SubtaskInfo, metrics: OperatorMetrics, memoryBudgetBytes: Int, bufferTimeoutNanos: Int64,
         jobID: String = "", restoredCheckpoint: Int64? = nil, incrementalCheckpoints: Bool = false,
         aggregateMemory: (any AggregateMemory)? = nil) {
        self.aggregateMemory = aggregateMemory
        self.jobID = jobID
        self.incrementalCheckpoints = incrementalCheckpoints
        self.restoredCheckpoint = restoredCheckpoint
        self.subtask = subtask
        self.metrics = metrics
        self.memoryBudgetBytes = memoryBudgetBytes
        self.bufferTimeoutNanos = bufferTimeoutNanos
    }
}
