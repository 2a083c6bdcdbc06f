import SluiceColumnar
import SluiceRuntime

extension HashPartitioner {
    /// The production hash partitioner: SluiceColumnar's vectorized partition kernel (hash the key
    /// columns of the whole batch → key group → subtask, then one gather per target).
    ///
    /// Pass it as `ExecutionOptions(hashPartitioner: .columnar)` so that hash edges route rows exactly
    /// as key-grouped state will (Flink's key-group ranges over `maxParallelism`).
    public static let columnar = HashPartitioner { batch, keyColumns, parallelism, maxParallelism throws(SluiceError) in
        try Partition.split(batch, keyColumns: keyColumns, parallelism: parallelism, maxParallelism: maxParallelism)
    }
}
