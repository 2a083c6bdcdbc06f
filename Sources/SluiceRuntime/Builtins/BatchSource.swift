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
}

extension JobGraph {
    /// Adds a source that replays `batches` (all of `schema`), split over `parallelism` subtasks.
    @discardableResult
    public mutating func addBatchSource(name: String, uid: String? = nil, parallelism: Int = 1,
                                        schema: Schema, batches: [RecordBatch]) -> VertexID {
        addSource(name: name, uid: uid, parallelism: parallelism, schema: schema) { BatchSource(batches, subtask: $0) }
    }
}
