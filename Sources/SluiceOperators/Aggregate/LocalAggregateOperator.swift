import SluiceColumnar
import SluiceRuntime

/// The first phase of a two-phase keyed aggregation: pre-aggregates rows before the hash edge so
/// that only one partial row per group and flush crosses the network.
///
/// Batches are folded into a `HashAggregator`; its `partialState()` (keys, `$rows`, accumulator
/// states — `outputSchema`) is emitted and the table reset when the group count exceeds `maxGroups`,
/// at `finish`, and in `.streaming` mode also on every watermark and when a batch arrives a buffer
/// timeout after the last flush (so an unbounded stream with few keys still makes progress).
/// A `GlobalAggregateOperator` with the same keys and aggregates merges the partials.
public final class LocalAggregateOperator: Operator {
    public let inputSchema: Schema
    public let keyColumns: [Int]
    public let aggregates: [AggregateSpec]
    public let mode: AggregateMode
    public let maxGroups: Int
    private var aggregator: HashAggregator?
    private var rowsSinceFlush = 0
    private var lastFlushNanos: Int64 = 0
    private var bufferTimeoutNanos: Int64 = 0

    /// The default bound on groups held before a flush.
    public static let defaultMaxGroups = 65_536

    public init(inputSchema: Schema, keyColumns: [Int], aggregates: [AggregateSpec], mode: AggregateMode = .streaming,
                maxGroups: Int = LocalAggregateOperator.defaultMaxGroups) {
        self.inputSchema = inputSchema
        self.keyColumns = keyColumns
        self.aggregates = aggregates
        self.mode = mode
        self.maxGroups = max(1, maxGroups)
    }

    /// The schema of the partial rows this operator emits (`HashAggregator.partialSchema`).
    public static func outputSchema(inputSchema: Schema, keyColumns: [Int],
                                    aggregates: [AggregateSpec]) throws(SluiceError) -> Schema {
        try HashAggregator(inputSchema: inputSchema, keyColumns: keyColumns, aggregates: aggregates).partialSchema
    }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        aggregator = try HashAggregator(inputSchema: inputSchema, keyColumns: keyColumns, aggregates: aggregates)
        bufferTimeoutNanos = context.bufferTimeoutNanos
        lastFlushNanos = NanoTime.now()
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        try aggregator!.consume(batch)
        rowsSinceFlush += batch.count
        if aggregator!.groupCount > maxGroups
            || (mode == .streaming && NanoTime.now() - lastFlushNanos >= bufferTimeoutNanos) {
            try flush(output)
        }
    }

    public func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) {
        if mode == .streaming { try flush(output) }
        try output.emitWatermark(watermark)
    }

    public func finish(output: Output) throws(SluiceError) { try flush(output) }

    /// Flushing before the barrier leaves nothing to snapshot: the partials are in the downstream
    /// global aggregate's state by the time it snapshots.
    public func prepareSnapshotPreBarrier(checkpointID: Int64, output: Output) throws(SluiceError) { try flush(output) }

    private func flush(_ output: Output) throws(SluiceError) {
        lastFlushNanos = NanoTime.now()
        guard rowsSinceFlush > 0, aggregator != nil else { return }
        rowsSinceFlush = 0
        try AggregateResultEmitter.emitSliced(aggregator!.partialState(), output: output)
        try aggregator!.removeAll()
    }
}
