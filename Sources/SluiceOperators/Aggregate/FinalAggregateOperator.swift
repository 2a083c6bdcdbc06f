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
    private var snapshots = IncrementalAggregateSnapshots(enabled: false, keyCount: 0)
    private var metrics: OperatorMetrics?

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
        aggregator = try HashAggregator(inputSchema: inputSchema, keyColumns: keyColumns, aggregates: aggregates,
                                        memory: context.aggregateMemory)
        subtask = context.subtask
        metrics = context.metrics
        snapshots = IncrementalAggregateSnapshots(enabled: context.incrementalCheckpoints, keyCount: keyColumns.count)
        emitter = AggregateResultEmitter(mode: mode, keyCount: keyColumns.count, bufferTimeoutNanos: context.bufferTimeoutNanos)
        emitter!.prepare(&aggregator!)
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        if mergesPartialStates { try aggregator!.merge(batch) } else { try aggregator!.consume(batch) }
        try emitter!.inputFolded(&aggregator!, output: output)
    }

    public func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) {
        recordStateBytes()
        try emitter!.watermark(&aggregator!, output: output)
        try output.emitWatermark(watermark)
    }

    public func finish(output: Output) throws(SluiceError) {
        recordStateBytes()
        try emitter!.finish(&aggregator!, output: output)
    }

    /// Metric `mappedStateBytes`: the most state bytes seen in the state backend's mapped files
    /// (0 with the heap backend, or while the table is under 1 MiB).
    private func recordStateBytes() {
        metrics?.recordPeak("mappedStateBytes", aggregator!.providedStateBytes)
    }

    public func prepareSnapshotPreBarrier(checkpointID: Int64, output: Output) throws(SluiceError) {
        try emitter!.beforeBarrier(&aggregator!, output: output)
    }

    /// The table's state as serialized batches, one after the other (`HashAggregator.checkpointState`):
    /// the partial state (keys, row counts, accumulator states), then the value pairs of any
    /// COUNT(DISTINCT …) or changelog MIN/MAX. With incremental checkpoints, only the groups that changed
    /// since the last completed one (`IncrementalAggregateSnapshots`).
    public func snapshotState(checkpointID: Int64) throws(SluiceError) -> OperatorSnapshot? {
        recordStateBytes()
        return try snapshots.snapshot(id: checkpointID, state: try aggregator!.checkpointState())
    }

    public func notifyCheckpointComplete(_ checkpointID: Int64) throws(SluiceError) {
        snapshots.completed(checkpointID)
    }

    /// Merges the states of the snapshots (each a full snapshot and its chain of increments), keeping
    /// only this subtask's key groups when the snapshots come from another parallelism.
    public func restoreState(_ snapshots: [RestoredSnapshot]) throws(SluiceError) {
        guard !snapshots.isEmpty else { return }
        let schemas = aggregator!.checkpointSchemas
        let deltaSchemas = IncrementalAggregateSnapshots.deltaSchemas(schemas)
        var partials: [RecordBatch] = []
        for restored in snapshots {
            let full = try Self.batches(restored.snapshot, schemas)
            var deltas: [[RecordBatch]] = []
            for increment in restored.increments { deltas.append(try Self.batches(increment, deltaSchemas)) }
            var batches = try IncrementalAggregateSnapshots.combine(base: full, deltas: deltas)
            if restored.parallelism != subtask.parallelism {
                for i in batches.indices {
                    batches[i] = try Partition.split(batches[i], keyColumns: Array(0..<keyColumns.count), parallelism: subtask.parallelism,
                                                     maxParallelism: maxParallelism)[subtask.index]
                }
            }
            try aggregator!.restoreCheckpoint(batches)
            partials.append(batches[0])
        }
        try emitter!.restored(&aggregator!, from: partials)
    }

    private static func batches(_ snapshot: OperatorSnapshot, _ schemas: [Schema]) throws(SluiceError) -> [RecordBatch] {
        var reader = snapshot.reader()
        var batches: [RecordBatch] = []
        for schema in schemas { batches.append(try RecordBatch.deserialize(&reader, schema: schema)) }
        guard reader.remaining == 0 else {
            throw SluiceError(.corruptState, "aggregate snapshot has \(reader.remaining) bytes after its \(schemas.count) batches; it was written for other aggregates")
        }
        return batches
    }
}
