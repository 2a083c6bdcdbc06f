import SluiceColumnar
import SluiceRuntime
import SluiceStorage

/// Where and how much keyed state a keyed process function keeps (per operator subtask).
public struct KeyedStateOptions: Sendable {
    /// Working directory for the state arenas (temporary directories when nil).
    public var directory: String?
    /// Resident state bytes per subtask before pages go back to the OS (nil: no budget).
    public var memoryBudgetBytes: Int?
    /// Key groups (Flink's max parallelism); must match the hash edge in front of the operator.
    public var maxParallelism: Int

    public init(directory: String? = nil, memoryBudgetBytes: Int? = nil, maxParallelism: Int = KeyGroups.defaultMaxParallelism) {
        self.directory = directory
        self.memoryBudgetBytes = memoryBudgetBytes
        self.maxParallelism = maxParallelism
    }
}

/// A per-row process function over a keyed stream, with keyed state (Flink's `KeyedProcessFunction`).
///
/// For each row the operator makes the row's key current in the subtask's `KeyedStateBackend`
/// (key bytes from `StateKeyEncoder`, hash from `Hashing` over the key columns, computed once per
/// batch: the same hash the hash edge routed the row by), then calls the function, whose
/// `ProcessContext` hands out states scoped to that key. Watermarks set the state clock's event
/// time (for event-time TTL); after each batch the backend enforces its memory budget.
public final class KeyedProcessOperator: Operator {
    public typealias Body = @Sendable (RowView, RowCollector, ProcessContext) throws(SluiceError) -> Void
    public let outputSchema: Schema
    public let keyColumns: [Int]
    public let stateOptions: KeyedStateOptions
    private let body: Body
    private let collector: RowCollector
    private var context: ProcessContext?
    private var backend: KeyedStateBackend?
    private var encoder: StateKeyEncoder

    public init(keyColumns: [Int], outputSchema: Schema, stateOptions: KeyedStateOptions = KeyedStateOptions(), _ body: @escaping Body) {
        precondition(!keyColumns.isEmpty, "a keyed process function needs key columns")
        self.keyColumns = keyColumns
        self.outputSchema = outputSchema
        self.stateOptions = stateOptions
        self.body = body
        collector = RowCollector(schema: outputSchema)
        encoder = StateKeyEncoder(keyColumns: keyColumns)
    }

    /// The subtask's state (after `open`), for inspection.
    public var stateBackend: KeyedStateBackend? { backend }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        let backend = try KeyedStateBackend(subtask: context.subtaskIndex, parallelism: context.parallelism,
                                            maxParallelism: stateOptions.maxParallelism, directory: stateOptions.directory,
                                            memoryBudgetBytes: stateOptions.memoryBudgetBytes)
        let processContext = ProcessContext(context, outputSchema: outputSchema)
        processContext.keyedState = backend
        self.backend = backend
        self.context = processContext
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        guard let backend, let context else { throw .internalError("keyed process operator used before open") }
        for c in keyColumns where c >= batch.columns.count {
            throw .invalidInput("key column index \(c) is out of range; the batch has \(batch.columns.count) columns (\(batch.schema.names.joined(separator: ", ")))")
        }
        let hashes = Hashing.hash(keyColumns.map { batch.columns[$0] })
        if let selection = batch.selection {
            for i in 0..<selection.count { try processRow(batch, Int(selection[i]), hashes, backend, context) }
        } else {
            for row in 0..<batch.physicalCount { try processRow(batch, row, hashes, backend, context) }
        }
        backend.enforceMemoryBudget()
        guard collector.count > 0 else { return }
        try output.emit(collector.finish())
    }

    private func processRow(_ batch: RecordBatch, _ row: Int, _ hashes: Buffer, _ backend: KeyedStateBackend,
                            _ context: ProcessContext) throws(SluiceError) {
        encoder.encode(batch, physicalRow: row)
        try withBytes(encoder.bytes) { (key) throws(SluiceError) in try backend.setCurrentKey(key, hash: hashes.load(UInt64.self, at: row)) }
        try body(RowView(batch: batch, physicalRow: row), collector, context)
    }

    public func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) {
        backend?.clock.eventTime = watermark.timestamp == .max ? .max : watermark.timestamp / 1000   // µs → ms
        try output.emitWatermark(watermark)
    }

    public func close() {
        context?.keyedState = nil
        backend = nil
        context = nil
    }
}

/// `Array.withUnsafeBytes` with a typed-throws body.
private func withBytes<R>(_ array: [UInt8], _ body: (UnsafeRawBufferPointer) throws(SluiceError) -> R) throws(SluiceError) -> R {
    let result: Result<R, SluiceError> = array.withUnsafeBytes { p in Result { () throws(SluiceError) -> R in try body(p) } }
    return try result.get()
}
