import SluiceColumnar
import SluiceRuntime

/// A keyed aggregation in one phase: raw rows in, final rows (or a changelog) out.
///
/// Used when the aggregation runs at parallelism 1, or behind a hash edge on the raw rows when the
/// planner prefers that to a local/global split (few rows per key, so pre-aggregation saves little).
/// Results: see `AggregateMode` and `AggregateResultEmitter`. The input must be append-only (+I);
/// a changelog with -U/-D rows fails with a clear error. Output schema: `outputSchema(…)`.
public final class SingleAggregateOperator: Operator {
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
        try GlobalAggregateOperator.outputSchema(inputSchema: inputSchema, keyColumns: keyColumns, aggregates: aggregates)
    }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        aggregator = try HashAggregator(inputSchema: inputSchema, keyColumns: keyColumns, aggregates: aggregates)
        emitter = AggregateResultEmitter(mode: mode, keyCount: keyColumns.count, bufferTimeoutNanos: context.bufferTimeoutNanos)
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        try aggregator!.consume(batch)
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
