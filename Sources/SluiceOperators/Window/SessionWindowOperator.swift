import SluiceColumnar
import SluiceRuntime

/// A keyed event-time session-window aggregate: rows in, one append-only row per (key, session) out
/// when the watermark passes the session's end (`last row + gap`).
///
/// Thin plumbing around `SessionWindowAggregator` (sessions, merging, lateness and compaction live
/// there). Run it behind a hash edge on the keys (`JobGraph.addSessionWindowAggregate` does).
///
/// Allowed lateness `L`: a session is emitted when the watermark reaches `end - 1` and kept until
/// `end - 1 + L`; a row that joins it meanwhile re-emits the session as an updated final row (the
/// DataStream changelog form: append-only, the later row supersedes the earlier one for the same
/// key and `window_start`). Rows later than that go to `lateData` when given (metric
/// `lateRowsSideOutput`), else are dropped (metric `lateRowsDropped`).
///
/// Metrics (`custom`): `lateRowsDropped` / `lateRowsSideOutput`, `windowsFired`, `openSessions`,
/// `openSessionsPeak` (the most open at any watermark), `mappedStateBytes` (the most session state
/// seen in the state backend's mapped files).
public final class SessionWindowOperator: Operator {
    public let inputSchema: Schema
    public let timeColumn: Int
    public let keyColumns: [Int]
    public let aggregates: [AggregateSpec]
    public let gapMicros: Int64
    public let allowedLatenessMicros: Int64
    public let lateData: LateDataOutput?
    /// Key groups of the hash edge in front (sessions are redistributed by them on a rescaled restore).
    public let maxParallelism: Int
    private var table: SessionWindowAggregator?
    private var metrics: OperatorMetrics?
    private var subtask = SubtaskInfo(vertexName: "", uid: "", index: 0, parallelism: 1)

    public init(inputSchema: Schema, timeColumn: Int, keyColumns: [Int], aggregates: [AggregateSpec],
                gapMicros: Int64, allowedLatenessMicros: Int64 = 0, lateData: LateDataOutput? = nil,
                maxParallelism: Int = KeyGroups.defaultMaxParallelism) {
        self.maxParallelism = maxParallelism
        self.lateData = lateData
        self.inputSchema = inputSchema
        self.timeColumn = timeColumn
        self.keyColumns = keyColumns
        self.aggregates = aggregates
        self.gapMicros = gapMicros
        self.allowedLatenessMicros = allowedLatenessMicros
    }

    /// Keys, `window_start`, `window_end`, then one column per aggregate; throws on a bad spec.
    public static func outputSchema(inputSchema: Schema, timeColumn: Int, keyColumns: [Int], aggregates: [AggregateSpec],
                                    gapMicros: Int64, allowedLatenessMicros: Int64 = 0) throws(SluiceError) -> Schema {
        try SessionWindowAggregator(inputSchema: inputSchema, timeColumn: timeColumn, keyColumns: keyColumns,
                                    aggregates: aggregates, gap: gapMicros, allowedLateness: allowedLatenessMicros).outputSchema
    }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        table = try SessionWindowAggregator(inputSchema: inputSchema, timeColumn: timeColumn, keyColumns: keyColumns,
                                            aggregates: aggregates, gap: gapMicros, allowedLateness: allowedLatenessMicros,
                                            memory: context.aggregateMemory)
        metrics = context.metrics
        subtask = context.subtask
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        try WindowInput.checkAppendOnly(batch)
        LateDataOutput.route(batch, late: try table!.consume(batch), to: lateData, metrics: metrics)
    }

    public func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) {
        try fire(upTo: watermark.timestamp, output: output)
        try output.emitWatermark(watermark)
    }

    /// Open sessions (bounds, keys, whether to emit again) and their accumulators.
    public func snapshotState(checkpointID: Int64) throws(SluiceError) -> OperatorSnapshot? {
        OperatorSnapshot(bytes: try table!.snapshot())
    }

    /// Restores sessions, keeping only this subtask's key groups when the parallelism changed.
    public func restoreState(_ snapshots: [RestoredSnapshot]) throws(SluiceError) {
        let keys = Array(0..<keyColumns.count)
        let (index, parallelism, maxParallelism) = (subtask.index, subtask.parallelism, maxParallelism)
        for restored in snapshots {
            let rescaled = restored.parallelism != parallelism && !keys.isEmpty
            try table!.restore(restored.snapshot.bytes, keep: rescaled ? { (batch) throws(SluiceError) in
                try Partition.split(batch, keyColumns: keys, parallelism: parallelism, maxParallelism: maxParallelism)[index]
            } : nil)
        }
    }

    /// Every input ended: emit every open session.
    public func finish(output: Output) throws(SluiceError) {
        try fire(upTo: .max, output: output)
    }

    private func fire(upTo watermark: Int64, output: Output) throws(SluiceError) {
        let mapped = table!.providedStateBytes   // before fired sessions are compacted away
        if let fired = try table!.advance(to: watermark) { try output.emit(fired) }
        metrics?.custom["windowsFired"] = table!.windowsFired
        metrics?.custom["openSessions"] = table!.openSessions
        metrics?.recordPeak("mappedStateBytes", mapped)
        metrics?.recordPeak("openSessionsPeak", table!.openSessions)
    }
}
