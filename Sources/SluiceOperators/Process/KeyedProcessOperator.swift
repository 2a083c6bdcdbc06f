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

/// A per-row process function over a keyed stream, with keyed state and timers (Flink's
/// `KeyedProcessFunction`).
///
/// Runs behind a hash edge on `keyColumns` (`JobGraph.addKeyedProcess` sets it up), so all rows of a
/// key, its state and its timers live in one subtask. For each row the operator makes the row's key
/// current in the subtask's `KeyedStateBackend` (key bytes from `StateKeyEncoder`, hash from
/// `Hashing` over the key columns, computed once per batch: the same hash the hash edge routed the
/// row by), then calls the function, whose `ProcessContext` hands out states scoped to that key and
/// registers timers for it. When a timer fires, its key becomes current the same way and `onTimer`
/// runs. Event-time timers fire when a watermark reaches them (before the watermark is forwarded),
/// and all remaining ones at the end of bounded input; processing-time timers fire when the operator
/// handles a batch or a watermark and finds its clock past them, and, when no input comes, when the
/// task wakes at the earliest one (`processingTimeDeadline`). Watermarks also set the state
/// clock's event time (for event-time TTL); after each batch the backend enforces its memory budget.
///
/// A convenience, not a fast path: values are boxed per row.
public final class KeyedProcessOperator: Operator {
    public typealias Body = @Sendable (RowView, ProcessContext, RowCollector) throws(SluiceError) -> Void
    /// The fired timer (domain and time), the key it was registered for, the context, the output.
    public typealias OnTimer = @Sendable (OperatorTimer, [Value], ProcessContext, RowCollector) throws(SluiceError) -> Void

    public let keyColumns: [Int]
    public let outputSchema: Schema
    public let stateOptions: KeyedStateOptions
    private let clock: any ProcessingClock
    private let body: Body
    let timerBody: OnTimer?
    private let collector: RowCollector
    var context: ProcessContext?
    var scope: TimerScope?
    var backend: KeyedStateBackend?
    private var encoder: StateKeyEncoder
    /// Types of the key columns, from the first batch (a firing timer's key is rebuilt with them).
    var keyTypes: [DataType]?
    var snapshotChain = BackendSnapshotChain(enabled: false)

    public init(keyColumns: [Int], outputSchema: Schema, stateOptions: KeyedStateOptions = KeyedStateOptions(),
                clock: any ProcessingClock = SystemClock.shared, onTimer: OnTimer? = nil, _ body: @escaping Body) {
        precondition(!keyColumns.isEmpty, "a keyed process function needs key columns")
        self.keyColumns = keyColumns
        self.outputSchema = outputSchema
        self.stateOptions = stateOptions
        self.clock = clock
        self.body = body
        timerBody = onTimer
        collector = RowCollector(schema: outputSchema)
        encoder = StateKeyEncoder(keyColumns: keyColumns)
    }

    /// The subtask's state (after `open`), for inspection.
    public var stateBackend: KeyedStateBackend? { backend }
    /// The timers registered now (for tests and metrics).
    public var timers: TimerService? { scope?.service }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        let backend = try KeyedStateBackend(subtask: context.subtaskIndex, parallelism: context.parallelism,
                                            maxParallelism: stateOptions.maxParallelism, directory: stateOptions.directory,
                                            memoryBudgetBytes: stateOptions.memoryBudgetBytes)
        let ctx = ProcessContext(context, outputSchema: outputSchema)
        let scope = TimerScope(service: TimerService(clock: clock), keyColumns: keyColumns,
                               maxParallelism: stateOptions.maxParallelism)
        ctx.keyedState = backend
        ctx.timerScope = scope
        scope.store = try TimerStore(backend)
        self.backend = backend
        self.context = ctx
        self.scope = scope
        snapshotChain = BackendSnapshotChain(enabled: context.incrementalCheckpoints)
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        guard let backend, let context, let scope else { throw .internalError("keyed process operator used before open") }
        for c in keyColumns where c >= batch.columns.count {
            throw .invalidInput("key column index \(c) is out of range; the batch has \(batch.columns.count) columns (\(batch.schema.names.joined(separator: ", ")))")
        }
        if keyTypes == nil { keyTypes = keyColumns.map { batch.columns[$0].type } }
        try fireProcessingTimers()
        scope.begin(batch)
        let hashes = scope.hashes!
        if let selection = batch.selection {
            for i in 0..<selection.count { try processRow(batch, Int(selection[i]), hashes, backend, context, scope) }
        } else {
            for row in 0..<batch.physicalCount { try processRow(batch, row, hashes, backend, context, scope) }
        }
        backend.enforceMemoryBudget()
        try flush(output)
    }

    private func processRow(_ batch: RecordBatch, _ row: Int, _ hashes: Buffer, _ backend: KeyedStateBackend,
                            _ context: ProcessContext, _ scope: TimerScope) throws(SluiceError) {
        encoder.encode(batch, physicalRow: row)
        try backend.setCurrentKey(encoder.bytes, hash: hashes.load(UInt64.self, at: row))
        let view = RowView(batch: batch, physicalRow: row)
        scope.begin(view)
        try body(view, context, collector)
    }

    public func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) {
        backend?.clock.eventTime = watermark.timestamp == .max ? .max : watermark.timestamp / 1000   // µs → ms
        try fireProcessingTimers()
        try advance(to: watermark.timestamp)
        try flush(output)
        try output.emitWatermark(watermark)
    }

    /// Processing-time timers fire at their time even when no row arrives.
    public func processingTimeDeadline() -> Int64? {
        guard timerBody != nil, let service = scope?.service, let next = service.processingTime.nextTime else { return nil }
        return service.clock.wakeupNanos(at: next)
    }

    public func onProcessingTime(output: Output) throws(SluiceError) {
        try fireProcessingTimers()
        try flush(output)
    }

    /// End of bounded input: event time jumps to +∞ and every event-time timer fires.
    public func finish(output: Output) throws(SluiceError) {
        try advance(to: .max)
        try flush(output)
    }

    public func close() {
        context?.keyedState = nil
        backend = nil
        context = nil
    }

    private func advance(to watermark: Int64) throws(SluiceError) {
        try scope!.service.advanceWatermark(to: watermark) { (timer: FiredTimer) throws(SluiceError) in
            try fire(timer, .eventTime)
        }
    }

    private func fireProcessingTimers() throws(SluiceError) {
        try scope!.service.fireProcessingTimers { (timer: FiredTimer) throws(SluiceError) in try fire(timer, .processingTime) }
    }

    private func fire(_ timer: FiredTimer, _ domain: OperatorTimer.Domain) throws(SluiceError) {
        scope!.begin(timer)
        let key = try TimerKeyCodec.decode(timer.key)
        try makeCurrent(key)
        try scope!.store?.remove(domain, time: timer.timestamp, namespace: timer.namespace)
        guard let timerBody else { return }
        try timerBody(OperatorTimer(domain, timestamp: timer.timestamp), key, context!, collector)
    }

    /// Makes a timer's key current in the state backend: the same bytes and hash as for its rows.
    private func makeCurrent(_ key: [Value]) throws(SluiceError) {
        guard let backend, let keyTypes else {
            throw .internalError("a timer fired before the keyed process operator knew its key types (no row and no restored state)")
        }
        var columns: [Column] = []
        for (value, type) in zip(key, keyTypes) { columns.append(try ColumnBuilder.column(type, [value])) }
        let fields = zip(keyColumns.indices, keyTypes).map { Field("k\($0)", $1) }
        let row = try RecordBatch(schema: Schema(fields), columns: columns, count: 1)
        var rowEncoder = StateKeyEncoder(keyColumns: Array(keyColumns.indices))
        rowEncoder.encode(row, physicalRow: 0)
        try backend.setCurrentKey(rowEncoder.bytes, hash: Hashing.hash(columns).load(UInt64.self, at: 0))
    }

    private func flush(_ output: Output) throws(SluiceError) {
        guard collector.count > 0 else { return }
        try output.emit(collector.finish())
    }
}
