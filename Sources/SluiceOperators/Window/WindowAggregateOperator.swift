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
/// Metrics (`custom`): `lateRowsDropped` / `lateRowsSideOutput`, `windowsFired`, `openSlices`.
public final class WindowAggregateOperator: Operator {
    public let inputSchema: Schema
    public let timeColumn: Int
    public let keyColumns: [Int]
    public let aggregates: [AggregateSpec]
    public let assigner: SliceAssigner
    public let allowedLatenessMicros: Int64
    public let lateData: LateDataOutput?
    private var table: SlicedWindowAggregator?
    private var metrics: OperatorMetrics?

    public init(inputSchema: Schema, timeColumn: Int, keyColumns: [Int], aggregates: [AggregateSpec],
                window: SliceAssigner, allowedLatenessMicros: Int64 = 0, lateData: LateDataOutput? = nil) {
        self.lateData = lateData
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
                                           aggregates: aggregates, assigner: assigner, allowedLateness: allowedLatenessMicros)
        metrics = context.metrics
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        try WindowInput.checkAppendOnly(batch)
        LateDataOutput.route(batch, late: try table!.consume(batch), to: lateData, metrics: metrics)
    }

    public func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) {
        try fire(upTo: watermark.timestamp, output: output)
        try output.emitWatermark(watermark)
    }

    /// Every input ended: fire what is left (the watermark +∞ normally did it already).
    public func finish(output: Output) throws(SluiceError) {
        try fire(upTo: .max, output: output)
    }

    private func fire(upTo progress: Int64, output: Output) throws(SluiceError) {
        // One batch per watermark, not one per window: fewer, fuller batches downstream.
        let fired = try table!.advance(to: progress)
        if fired.count == 1 { try output.emit(fired[0]) } else if fired.count > 1 { try output.emit(Concatenate.batches(fired)) }
        metrics?.custom["windowsFired"] = table!.windowsFired
        metrics?.custom["openSlices"] = table!.openSlices
    }
}
