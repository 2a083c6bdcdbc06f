import SluiceColumnar
import SluiceRuntime

/// The shared body of the operators that produce an aggregation's results: `SingleAggregateOperator`
/// folds raw rows, `GlobalAggregateOperator` merges the partial states of local aggregates. Both emit
/// through `AggregateResultEmitter` (batch: final rows at the end; streaming: a mini-batch changelog).
public class FinalAggregateOperator: Operator {
    public let inputSchema: Schema
    public let keyColumns: [Int]
    public let aggregates: [AggregateSpec]
    public let mode: AggregateMode
    /// True when the input is partial states (`LocalAggregateOperator.outputSchema`), false for raw rows.
    let mergesPartialStates: Bool
    private var aggregator: HashAggregator?
    private var emitter: AggregateResultEmitter?

    init(inputSchema: Schema, keyColumns: [Int], aggregates: [AggregateSpec], mode: AggregateMode, mergesPartialStates: Bool) {
        self.inputSchema = inputSchema
        self.keyColumns = keyColumns
        self.aggregates = aggregates
        self.mode = mode
        self.mergesPartialStates = mergesPartialStates
    }

    /// Keys, then one column per aggregate (`HashAggregator.outputSchema`).
    public static func outputSchema(inputSchema: Schema, keyColumns: [Int],
                                    aggregates: [AggregateSpec]) throws(SluiceError) -> Schema {
        try HashAggregator(inputSchema: inputSchema, keyColumns: keyColumns, aggregates: aggregates).outputSchema
    }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        if mergesPartialStates && inputSchema.index(of: "$rows") != nil {
            throw SluiceError(.plan, "GlobalAggregateOperator was given a partial schema (it has a `$rows` column); pass the "
                + "schema the aggregation is defined over — the LocalAggregateOperator's inputSchema — with the same keys "
                + "and aggregates")
        }
        aggregator = try HashAggregator(inputSchema: inputSchema, keyColumns: keyColumns, aggregates: aggregates)
        emitter = AggregateResultEmitter(mode: mode, keyCount: keyColumns.count, bufferTimeoutNanos: context.bufferTimeoutNanos)
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        if mergesPartialStates { try aggregator!.merge(batch) } else { try aggregator!.consume(batch) }
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
