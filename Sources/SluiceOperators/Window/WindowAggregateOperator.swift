import SluiceColumnar
import SluiceRuntime

/// A keyed event-time window aggregate (TUMBLE, HOP, CUMULATE): rows in, one append-only row per
/// (key, window) out when the watermark passes the window's end.
///
/// Thin plumbing around `SlicedWindowAggregator` (slices, merging, late-row detection live there).
/// Run it behind a hash edge on the keys (`JobGraph.addWindowAggregate` does). Output schema:
/// keys, `window_start`, `window_end`, aggregates.
///
/// Allowed lateness `L` (default 0): a window fires when the watermark reaches `end - 1`; its slices
/// are kept until `end - 1 + L`, and a row arriving meanwhile updates the window, which is emitted
/// again at the next watermark as an updated final row (append-only; the later row for a key and
/// window supersedes the earlier, as in Flink's DataStream API). Rows later than that go to
/// `lateData` when given (metric `lateRowsSideOutput`), else are dropped (metric `lateRowsDropped`).
///
/// Processing time (`processingClock` set): every row is stamped with the clock's time when it
/// arrives (the time column's values are ignored; it only gives `window_start`/`window_end` their
/// type), and a window fires once the clock has reached its end, checked whenever the operator
/// handles a batch or a watermark, and at the window's end when no input comes (the task sleeps
/// until `processingTimeDeadline`); no row is ever late. Windows still open at the end of bounded
/// input are emitted then (Flink drops them; losing rows is worse).
///
/// Metrics (`custom`): `lateRowsDropped` / `lateRowsSideOutput`, `windowsFired`, `openSlices`,
/// `mappedStateBytes` (the most slice state seen in the state backend's mapped files).
public final class WindowAggregateOperator: Operator {
    public let inputSchema: Schema
    public let timeColumn: Int
    public let keyColumns: [Int]
    public let aggregates: [AggregateSpec]
    public let assigner: SliceAssigner
    public let allowedLatenessMicros: Int64
    public let lateData: LateDataOutput?
    /// Set for processing-time windows: the clock rows are stamped with and windows fire by.
    public let processingClock: (any ProcessingClock)?
    private var table: SlicedWindowAggregator?
    private var metrics: OperatorMetrics?
    /// Key groups of the hash edge in front (state is redistributed by them on a rescaled restore).
    public let maxParallelism: Int
    private var subtask = SubtaskInfo(vertexName: "", uid: "", index: 0, parallelism: 1)

    public init(inputSchema: Schema, timeColumn: Int, keyColumns: [Int], aggregates: [AggregateSpec],
                window: SliceAssigner, allowedLatenessMicros: Int64 = 0, lateData: LateDataOutput? = nil,
                processingClock: (any ProcessingClock)? = nil, maxParallelism: Int = KeyGroups.defaultMaxParallelism) {
        self.maxParallelism = maxParallelism
        self.lateData = lateData
        self.processingClock = processingClock
        self.inputSchema = inputSchema
        self.timeColumn = timeColumn
        self.keyColumns = keyColumns
        self.aggregates = aggregates
        assigner = window
        self.allowedLatenessMicros = allowedLatenessMicros
    }

    /// Keys, `window_start`, `window_end`, then one column per aggregate; throws on a bad spec.
    public static func outputSchema(inputSchema: Schema, timeColumn: Int, keyColumns: [Int], aggregates: [AggregateSpec],
                                    window: SliceAssigner) throws(SluiceError) -> Schema {
        try SlicedWindowAggregator(inputSchema: inputSchema, timeColumn: timeColumn, keyColumns: keyColumns,
                                   aggregates: aggregates, assigner: window).outputSchema
    }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        table = try SlicedWindowAggregator(inputSchema: inputSchema, timeColumn: timeColumn, keyColumns: keyColumns,
                                           aggregates: aggregates, assigner: assigner, allowedLateness: allowedLatenessMicros,
                                           memory: context.aggregateMemory)
        metrics = context.metrics
        subtask = context.subtask
    }

    /// Open slices (partial aggregates), the time fired through and the windows to emit again.
    public func snapshotState(checkpointID: Int64) throws(SluiceError) -> OperatorSnapshot? {
        OperatorSnapshot(bytes: try table!.snapshot())
    }

    /// Restores slices, keeping only this subtask's key groups when the parallelism changed.
    public func restoreState(_ snapshots: [RestoredSnapshot]) throws(SluiceError) {
        let keys = Array(0..<keyColumns.count)
        let (index, parallelism, maxParallelism) = (subtask.index, subtask.parallelism, maxParallelism)
        for (i, restored) in snapshots.enumerated() {
            let rescaled = restored.parallelism != parallelism && !keys.isEmpty
            try table!.restore(restored.snapshot.bytes, isFirst: i == 0, keep: rescaled ? { (batch) throws(SluiceError) in
                try Partition.split(batch, keyColumns: keys, parallelism: parallelism, maxParallelism: maxParallelism)[index]
            } : nil)
        }
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        try WindowInput.checkAppendOnly(batch)
        guard let clock = processingClock else {
            return LateDataOutput.route(batch, late: try table!.consume(batch), to: lateData, metrics: metrics)
        }
        let now = clock.nowMicros()
        try fire(upTo: now &- 1, output: output)
        var columns = batch.columns
        columns[timeColumn] = Column(type: inputSchema[timeColumn].type, count: batch.physicalCount,
                                     storage: .fixed(Buffer([Int64](repeating: now, count: batch.physicalCount))))
        try table!.consume(RecordBatch(schema: batch.schema, columns: columns, count: batch.physicalCount, selection: batch.selection))
    }

    public func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) {
        let progress = processingClock.map { $0.nowMicros() &- 1 } ?? watermark.timestamp
        try fire(upTo: progress, output: output)
        try output.emitWatermark(watermark)
    }

    /// Processing-time windows fire at their end even when no row arrives.
    public func processingTimeDeadline() -> Int64? {
        guard let clock = processingClock, let end = table?.nextWindowEnd else { return nil }
        return clock.wakeupNanos(at: end)
    }

    public func onProcessingTime(output: Output) throws(SluiceError) {
        guard let clock = processingClock else { return }
        try fire(upTo: clock.nowMicros() &- 1, output: output)
    }

    /// Every input ended: fire what is left (the watermark +∞ normally did it already).
    public func finish(output: Output) throws(SluiceError) {
        try fire(upTo: .max, output: output)
    }

    private func fire(upTo progress: Int64, output: Output) throws(SluiceError) {
        let mapped = table!.providedStateBytes   // before fired slices are dropped
        // One batch per watermark, not one per window: fewer, fuller batches downstream.
        let fired = try table!.advance(to: progress)
        if fired.count == 1 { try output.emit(fired[0]) } else if fired.count > 1 { try output.emit(Concatenate.batches(fired)) }
        metrics?.custom["windowsFired"] = table!.windowsFired
        metrics?.custom["openSlices"] = table!.openSlices
        metrics?.recordPeak("mappedStateBytes", mapped)
    }
}
