import Synchronization
import SluiceColumnar

/// Where a collect sink puts what it receives: batches from every subtask, safe to read from any
/// thread (after the job, or while it runs).
public final class CollectedBatches: Sendable {
    private let storage = Mutex<[RecordBatch]>([])

    public init() {}

    func append(_ batch: RecordBatch) { storage.withLock { $0.append(batch) } }

    /// Every batch received so far, in arrival order per subtask (subtasks interleave).
    public var batches: [RecordBatch] { storage.withLock { $0 } }

    /// Rows received so far.
    public var rowCount: Int { storage.withLock { $0.reduce(0) { $0 + $1.count } } }

    /// Every row as values (tests and small results).
    public func rows() -> [[Value]] { batches.flatMap { $0.rows() } }
}

/// A sink operator that appends every batch to a shared `CollectedBatches`.
///
/// One lock per batch: fine for results and tests, not a throughput sink (use a blackhole for that).
public final class CollectSink: Operator {
    private let target: CollectedBatches

    public init(into target: CollectedBatches) { self.target = target }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        target.append(batch)
    }
}

extension JobGraph {
    /// Adds a collect sink of `schema` with `parallelism` subtasks; connect its input with `connect`.
    @discardableResult
    public mutating func addCollectSink(name: String, uid: String? = nil, parallelism: Int = 1, schema: Schema,
                                        into target: CollectedBatches) -> VertexID {
        addOperator(name: name, uid: uid, parallelism: parallelism, schema: schema) { _ in CollectSink(into: target) }
    }
}
