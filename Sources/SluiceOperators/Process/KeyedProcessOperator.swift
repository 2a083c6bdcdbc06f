import SluiceColumnar
import SluiceRuntime

/// A keyed process function with timers (Flink's `KeyedProcessFunction`): per-row Swift logic that
/// may register event-time and processing-time timers for the row's key, and an `onTimer` callback
/// that runs for the key when a timer fires.
///
/// Runs behind a hash edge on `keyColumns` (`JobGraph.addKeyedProcess` sets it up), so all rows of a
/// key and its timers live in one subtask. Event-time timers fire when a watermark reaches them
/// (before the watermark is forwarded, so rows they emit are not late downstream), and all remaining
/// ones at the end of bounded input (watermark +∞); processing-time timers fire when the operator
/// handles a batch or a watermark and finds its clock past them. Rows emitted while handling one
/// batch or watermark leave as one batch.
///
/// Like `RowProcessOperator`, a convenience, not a fast path: values are boxed per row.
public final class KeyedProcessOperator: Operator {
    public typealias Body = @Sendable (RowView, ProcessContext, RowCollector) throws(SluiceError) -> Void
    /// The fired timer (domain and time), the key it was registered for, the context, the output.
    public typealias OnTimer = @Sendable (OperatorTimer, [Value], ProcessContext, RowCollector) throws(SluiceError) -> Void

    public let keyColumns: [Int]
    public let outputSchema: Schema
    public let maxParallelism: Int
    private let clock: any ProcessingClock
    private let body: Body
    private let timerBody: OnTimer?
    private let collector: RowCollector
    private var context: ProcessContext?
    private var scope: TimerScope?

    public init(keyColumns: [Int], outputSchema: Schema, clock: any ProcessingClock = SystemClock.shared,
                maxParallelism: Int = 128, onTimer: OnTimer? = nil, _ body: @escaping Body) {
        self.keyColumns = keyColumns
        self.outputSchema = outputSchema
        self.maxParallelism = maxParallelism
        self.clock = clock
        self.body = body
        timerBody = onTimer
        collector = RowCollector(schema: outputSchema)
    }

    /// The timers registered now (for tests and metrics).
    public var timers: TimerService? { scope?.service }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        let ctx = ProcessContext(context, outputSchema: outputSchema)
        let scope = TimerScope(service: TimerService(clock: clock), keyColumns: keyColumns, maxParallelism: maxParallelism)
        ctx.timerScope = scope
        self.context = ctx
        self.scope = scope
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        try fireProcessingTimers()
        scope!.begin(batch)
        if let selection = batch.selection {
            for i in 0..<selection.count { try handle(RowView(batch: batch, physicalRow: selection[i])) }
        } else {
            for row in 0..<batch.physicalCount { try handle(RowView(batch: batch, physicalRow: row)) }
        }
        try flush(output)
    }

    private func handle(_ row: RowView) throws(SluiceError) {
        scope!.begin(row)
        try body(row, context!, collector)
    }

    public func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) {
        try fireProcessingTimers()
        try advance(to: watermark.timestamp)
        try flush(output)
        try output.emitWatermark(watermark)
    }

    /// End of bounded input: event time jumps to +∞ and every event-time timer fires.
    public func finish(output: Output) throws(SluiceError) {
        try advance(to: .max)
        try flush(output)
    }

    private func advance(to watermark: Int64) throws(SluiceError) {
        try scope!.service.advanceWatermark(to: watermark) { (timer: FiredTimer) throws(SluiceError) in
            try fire(timer, .eventTime)
        }
    }

    private func fireProcessingTimers() throws(SluiceError) {
        try scope!.service.fireProcessingTimers { (timer: FiredTimer) throws(SluiceError) in try fire(timer, .processingTime) }
    }

    private func fire(_ timer: FiredTimer, _ domain: OperatorTimer.Domain) throws(SluiceError) {
        guard let timerBody else { return }
        scope!.begin(timer)
        try timerBody(OperatorTimer(domain, timestamp: timer.timestamp), try TimerKeyCodec.decode(timer.key), context!, collector)
    }

    private func flush(_ output: Output) throws(SluiceError) {
        guard collector.count > 0 else { return }
        try output.emit(collector.finish())
    }
}
