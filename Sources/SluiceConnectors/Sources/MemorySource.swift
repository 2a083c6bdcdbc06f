import SluiceColumnar
import SluiceRuntime

/// A bounded source of Swift values: `Encodable` structs become columns (`BatchEncoder`), cut into
/// batches of `batchSize` rows; subtask `i` of `p` emits batches `i`, `i + p`, … (like `BatchSource`),
/// one per `poll`.
///
/// Encode once with `MemorySource.encode` (it throws for values that do not encode or do not fit the
/// schema) and share the batches between subtasks; `JobGraph.addMemorySource` does both.
public final class MemorySource: SourceReader {
    /// Replays the encoded batches; this class adds the encoding.
    private let replay: BatchSource

    public static let defaultBatchSize = 4096

    public init(_ batches: [RecordBatch], subtask: SubtaskInfo) {
        replay = BatchSource(batches, subtask: subtask)
    }

    /// `values` as batches of at most `batchSize` rows, and their schema (inferred unless given).
    public static func encode<T: Encodable>(_ values: [T], schema: Schema? = nil,
                                            batchSize: Int = defaultBatchSize) throws(SluiceError) -> (Schema, [RecordBatch]) {
        guard batchSize >= 1 else { throw .invalidInput("memory source batch size is \(batchSize); it must be at least 1") }
        guard !values.isEmpty else {
            guard let schema else { throw .invalidInput("cannot infer a schema from zero values of \(T.self); pass the schema") }
            return (schema, [])
        }
        let all = try BatchEncoder.encode(values, schema: schema)
        let batches = Swift.stride(from: 0, to: all.count, by: batchSize).map { all.slice($0, min(batchSize, all.count - $0)) }
        return (all.schema, batches)
    }

    public func poll(output: Output) throws(SluiceError) -> SourceStatus { try replay.poll(output: output) }
    public func snapshotPosition() throws(SluiceError) -> [SplitPosition]? { try replay.snapshotPosition() }
    public func restore(_ positions: [SplitPosition]) throws(SluiceError) { try replay.restore(positions) }
}

extension JobGraph {
    /// Adds a source of Swift values (see `MemorySource`) split over `parallelism` subtasks; returns
    /// the vertex (its `outputSchema` is the inferred or given schema).
    @discardableResult
    public mutating func addMemorySource<T: Encodable>(name: String, uid: String? = nil, parallelism: Int = 1,
                                                       values: [T], schema: Schema? = nil,
                                                       batchSize: Int = MemorySource.defaultBatchSize) throws(SluiceError) -> VertexID {
        let (schema, batches) = try MemorySource.encode(values, schema: schema, batchSize: batchSize)
        return addSource(name: name, uid: uid, parallelism: parallelism, schema: schema) { MemorySource(batches, subtask: $0) }
    }
}
