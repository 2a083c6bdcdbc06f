import SluiceColumnar

/// Generates watermarks from the rows of one source subtask (split): chained right after a source,
/// or wrapped around its reader by `WatermarkedSource` to also detect idleness.
///
/// Per batch: one max-reduction over the event-time column (selected, non-NULL rows), then the batch
/// goes downstream followed by a watermark when it advanced. NULL event times fail the job with the
/// column's name, or are dropped and counted (`nullTimestampsDropped`) when the strategy asks. When
/// the bounded input ends the watermark moves to +∞ so every downstream window fires.
///
/// Metrics (`custom`): `watermark` (current, µs), `nullTimestampsDropped`, `idleTransitions`.
public final class WatermarkAssigner: Operator {
    public let strategy: WatermarkStrategy
    public let inputSchema: Schema
    let clock: any ProcessingClock
    private let column: Int?
    private var generator: WatermarkGenerator
    private var idleness: IdlenessDetector?
    private var metrics: OperatorMetrics?
    private var nullsDropped = 0

    /// Throws when the strategy does not fit the schema (unknown or non-time column, negative delay).
    public init(strategy: WatermarkStrategy, inputSchema: Schema,
                clock: any ProcessingClock = SystemClock.shared) throws(SluiceError) {
        column = try strategy.validate(against: inputSchema)
        self.strategy = strategy
        self.inputSchema = inputSchema
        self.clock = clock
        generator = WatermarkGenerator(strategy.kind)
    }

    /// The last watermark emitted.
    public var currentWatermark: Watermark { generator.current }
    /// Whether this split is idle now.
    public var status: StreamStatus { idleness?.status ?? .active }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        metrics = context.metrics
        if let timeout = strategy.idleTimeoutMicros {
            idleness = IdlenessDetector(timeoutMicros: timeout, now: clock.nowMicros())
        }
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        guard batch.count > 0 else { return }
        if idleness != nil, let status = idleness!.on(.rows(now: clock.nowMicros())) { announce(status, output) }
        guard let column else { return try output.emit(batch) }
        let time = batch.columns[column]
        let extent = try EventTime.extent(time, selection: batch.selection)
        var rows = batch
        if extent.nullCount > 0 {
            rows = try dropNulls(batch, time, extent.nullCount)
        }
        try output.emit(rows)
        if let max = extent.max, let w = generator.on(.batchMax(max)) { try emit(w, output) }
    }

    private func dropNulls(_ batch: RecordBatch, _ time: Column, _ nulls: Int) throws(SluiceError) -> RecordBatch {
        let name = inputSchema[column!].name
        guard strategy.nullTimestamps == .drop else {
            let row = EventTime.firstNullRow(time, selection: batch.selection) ?? 0
            throw .invalidInput("event-time column `\(name)` is NULL in row \(row) of a batch (\(nulls) NULL rows); every row needs an event time: filter them out, or drop and count them with WatermarkStrategy.droppingNullTimestamps()",
                                column: name)
        }
        nullsDropped += nulls
        metrics?.custom["nullTimestampsDropped"] = nullsDropped
        return batch.withSelection(EventTime.validRows(time, selection: batch.selection))
    }

    /// Called when the source had nothing to read: may turn the split idle.
    func sourceHadNothing(output: Output) {
        if idleness != nil, let status = idleness!.on(.tick(now: clock.nowMicros())) { announce(status, output) }
    }

    private func announce(_ status: StreamStatus, _ output: Output) {
        metrics?.custom["idleTransitions", default: 0] += status == .idle ? 1 : 0
        metrics?.custom["idle"] = status == .idle ? 1 : 0
        metrics?.liveIdle.store(status == .idle, ordering: .relaxed)
        output.emitStatus(status)
    }

    private func emit(_ watermark: Watermark, _ output: Output) throws(SluiceError) {
        metrics?.custom["watermark"] = Int(watermark.timestamp)
        metrics?.custom["watermarkLagMillis"] = WallClock.lagMillis(watermark.timestamp)
        metrics?.liveWatermark.store(watermark.timestamp, ordering: .relaxed)
        metrics?.liveIsSplit.store(true, ordering: .relaxed)
        try output.emitWatermark(watermark)
    }

    /// Upstream watermarks are replaced by this split's own.
    public func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) {}

    public func finish(output: Output) throws(SluiceError) {
        if let w = generator.on(.endOfInput) { try emit(w, output) }
    }
}
