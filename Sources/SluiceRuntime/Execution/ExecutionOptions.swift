/// How a job runs: chaining, channel sizes, quantum, timeouts, the hash partitioner, checkpoints and
/// where aggregation state lives.
public struct ExecutionOptions: Sendable {
    /// Fuse forward edges between equal parallelism into one task (direct calls).
    public var chaining = true
    /// Elements a channel holds before its producer is backpressured (rounded up to a power of two).
    public var channelCapacity = 32
    /// Input elements (or source polls) a task handles per scheduling quantum.
    public var quantum = 4
    /// How long a source may hold a partly filled batch; Flink's buffer timeout (default 100 ms).
    public var bufferTimeoutNanos: Int64 = 100_000_000
    /// How long an unbounded source that reported `.nothingAvailable` sleeps before the next poll.
    public var idleSourcePollNanos: Int64 = 1_000_000
    /// Splits batches on hash edges; required when the graph has one. The partition kernel
    /// (`Partition.split`) is the production implementation; see `HashPartitioner`.
    public var hashPartitioner: HashPartitioner?
    /// Checkpoints, restore and restarts; nil runs without checkpoints (the default).
    public var checkpointing: CheckpointSettings?
    /// Where keyed aggregates and windows keep their tables (memory-mapped files by default).
    public var stateBackend = StateBackendKind.mmap
    /// The directory the `.mmap` backend makes its (unlinked, per-run) files in; the temporary
    /// directory when nil.
    public var stateDirectory: String?

    public init(chaining: Bool = true, channelCapacity: Int = 32, quantum: Int = 4,
                bufferTimeoutNanos: Int64 = 100_000_000, hashPartitioner: HashPartitioner? = nil) {
        self.chaining = chaining
        self.channelCapacity = channelCapacity
        self.quantum = quantum
        self.bufferTimeoutNanos = bufferTimeoutNanos
        self.hashPartitioner = hashPartitioner
    }
}
