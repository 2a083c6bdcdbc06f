import SluiceColumnar

/// Splits a batch into one batch per consumer subtask by the hash of its key columns.
///
/// The real implementation is the vectorized partition kernel of SluiceColumnar (hash → key group →
/// subtask, then a gather per target): `Partition.split(batch, keyColumns:, parallelism:, maxParallelism:)`
/// plugs in here as `HashPartitioner { try Partition.split($0, keyColumns: $1, parallelism: $2,
/// maxParallelism: $3) }` once that branch is merged. The result has exactly `parallelism` batches
/// (empty ones for targets without rows); every row goes to exactly one of them.
public struct HashPartitioner: Sendable {
    public typealias Split = @Sendable (_ batch: RecordBatch, _ keyColumns: [Int], _ parallelism: Int,
                                        _ maxParallelism: Int) throws(SluiceError) -> [RecordBatch]
    public let split: Split

    public init(_ split: @escaping Split) { self.split = split }
}

/// The key-group arithmetic of Flink, shared by every hash partitioner so state and routing agree.
public enum KeyGroups {
    /// The subtask that owns `keyGroup` when `maxParallelism` key groups are spread over `parallelism`
    /// subtasks in contiguous ranges (Flink's `computeOperatorIndexForKeyGroup`).
    @inline(__always)
    public static func subtask(forKeyGroup keyGroup: Int, parallelism: Int, maxParallelism: Int) -> Int {
        keyGroup * parallelism / maxParallelism
    }
}
