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
    /// Key groups of the hash edge in front (state is redistributed by them on a rescaled restore).
    let maxParallelism: Int
    private var subtask = SubtaskInfo(vertexName: "", uid: "", index: 0, parallelism: 1)

    init(inputSchema: Schema, keyColumns: [Int], aggregates: [AggregateSpec], mode: AggregateMode, mergesPartialStates: Bool,
         maxParallelism: Int) {
        self.maxParallelism = maxParallelism
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
        subtask = context.subtask
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

    public func prepareSnapshotPreBarrier(checkpointID: Int64, output: Output) throws(SluiceError) {
        try emitter!.beforeBarrier(aggregator!, output: output)
    }

    /// The table's state as serialized batches, one after the other (`HashAggregator.checkpointState`):
    /// the partial state (keys, row counts, accumulator states), then the value pairs of any
    /// COUNT(DISTINCT …) or changelog MIN/MAX.
    public func snapshotState(checkpointID: Int64) throws(SluiceError) -> OperatorSnapshot? {
        var bytes: [UInt8] = []
        for batch in try aggregator!.checkpointState() { batch.serialize(into: &bytes) }
        return OperatorSnapshot(bytes: bytes)
    }

    /// Merges the states of the snapshots, keeping only this subtask's key groups when the snapshots
    /// come from another parallelism.
    public func restoreState(_ snapshots: [RestoredSnapshot]) throws(SluiceError) {
        guard !snapshots.isEmpty else { return }
        let schemas = aggregator!.checkpointSchemas
        for restored in snapshots {
            var reader = WireReader(restored.snapshot.bytes)
            var batches: [RecordBatch] = []
            for schema in schemas {
                var batch = try RecordBatch.deserialize(&reader, schema: schema)
                if restored.parallelism != subtask.parallelism {
                    batch = try Partition.split(batch, keyColumns: Array(0..<keyColumns.count), parallelism: subtask.parallelism,
                                                maxParallelism: maxParallelism)[subtask.index]
                }
                batches.append(batch)
            }
            guard reader.remaining == 0 else {
                throw SluiceError(.corruptState, "aggregate snapshot has \(reader.remaining) bytes after its \(schemas.count) batches; it was written for other aggregates")
            }
            try aggregator!.restoreCheckpoint(batches)
        }
        try emitter!.restored(aggregator!)
    }
}
