import SluiceColumnar
import SluiceRuntime

/// The second phase of a two-phase keyed aggregation: merges the partial states of
/// `LocalAggregateOperator`s (after a hash edge on the key columns) into final rows.
///
/// `inputSchema`, `keyColumns` and `aggregates` are those of the aggregation itself — exactly what the
/// local phase was given — not the partial schema: the accumulators are rebuilt from the original
/// input types. The operator's own input is `LocalAggregateOperator.outputSchema(…)` (keys first, so
/// hash the edge on columns `0..<keyColumns.count`). Results: see `AggregateMode` and
/// `AggregateResultEmitter` (`.batch`: final rows at the end; `.streaming`: a changelog in mini-batches).
/// Output schema: `outputSchema(…)` — keys, then one column per aggregate.
public final class GlobalAggregateOperator: Operator {
    public let inputSchema: Schema
    public let keyColumns: [Int]
    public let aggregates: [AggregateSpec]
    public let mode: AggregateMode
    private var aggregator: HashAggregator?
    private var emitter: AggregateResultEmitter?

    public init(inputSchema: Schema, keyColumns: [Int], aggregates: [AggregateSpec], mode: AggregateMode) {
        self.inputSchema = inputSchema
        self.keyColumns = keyColumns
        self.aggregates = aggregates
        self.mode = mode
    }

    /// Keys, then one column per aggregate (`HashAggregator.outputSchema`).
    public static func outputSchema(inputSchema: Schema, keyColumns: [Int],
                                    aggregates: [AggregateSpec]) throws(SluiceError) -> Schema {
        try HashAggregator(inputSchema: inputSchema, keyColumns: keyColumns, aggregates: aggregates).outputSchema
    }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        if inputSchema.index(of: "$rows") != nil {
            throw SluiceError(.plan, "GlobalAggregateOperator was given a partial schema (it has a `$rows` column); pass the "
                + "schema the aggregation is defined over — the LocalAggregateOperator's inputSchema — with the same keys "
                + "and aggregates")
        }
        aggregator = try HashAggregator(inputSchema: inputSchema, keyColumns: keyColumns, aggregates: aggregates)
        emitter = AggregateResultEmitter(mode: mode, keyCount: keyColumns.count, bufferTimeoutNanos: context.bufferTimeoutNanos)
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        try aggregator!.merge(batch)
        try emitter!.inputFolded(aggregator!, output: output)
    }

    public func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) {
        try emitter!.watermark(aggregator!, output: output)
        try output.emitWatermark(watermark)
    }

    public func finish(output: Output) throws(SluiceError) {
        try emitter!.finish(aggregator!, output: output)
    }
}
