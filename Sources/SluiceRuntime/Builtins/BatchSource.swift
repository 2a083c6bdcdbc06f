import SluiceColumnar

/// A bounded source that replays batches held in memory.
///
/// Subtask `i` of `p` emits batches `i`, `i + p`, `i + 2p`, … so that every batch is read exactly once
/// at any parallelism. One batch per `poll`.
public final class BatchSource: SourceReader {
    private let batches: [RecordBatch]
    private var position: Int
    private let stride: Int

    public init(_ batches: [RecordBatch], subtask: SubtaskInfo) {
        self.batches = batches
        position = subtask.index
        stride = subtask.parallelism
    }

    public func poll(output: Output) throws(SluiceError) -> SourceStatus {
        guard position < batches.count else { return .endOfInput }
        try output.emit(batches[position])
        position += stride
        return position < batches.count ? .moreAvailable : .endOfInput
    }

    /// The position is the index of the next batch to emit.
    public func snapshotPosition() throws(SluiceError) -> [SplitPosition]? {
        [SplitPosition(split: "batches \(position % stride)/\(stride)", offset: Int64(position))]
    }

    public func restore(_ positions: [SplitPosition]) throws(SluiceError) {
        guard positions.count == 1, let offset = positions.first?.offset, offset >= 0,
              Int(offset) % stride == position % stride else {
            throw .invalidInput("an in-memory source cannot restore positions \(positions) at parallelism \(stride)")
        }
        position = Int(offset)
    }
}

extension JobGraph {
    /// Adds a source that replays `batches` (all of `schema`), split over `parallelism` subtasks.
    @discardableResult
    public mutating func addBatchSource(name: String, uid: String? = nil, parallelism: Int = 1,
                                        schema: Schema, batches: [RecordBatch]) -> VertexID {
        addSource(name: name, uid: uid, parallelism: parallelism, schema: schema) { BatchSource(batches, subtask: $0) }
    }
}
