import SluiceColumnar

/// One operator inside a task's chain, with its context, counters and output.
///
/// `process` counts the input and calls the operator; when the operator throws, the innermost link
/// records itself in `failure` so the task can name the operator that failed even though the error
/// unwinds through every upstream operator of the chain.
final class ChainLink {
    let op: any Operator
    let context: OperatorContext
    let failure: ChainFailure
    var output: Output!
    var isOpen = false
    /// Fed by a hash edge: its state is keyed and is redistributed by key group on a rescaled restore.
    var keyed = false
    /// The job-graph vertex this link runs.
    var vertex = VertexID(0)

    init(op: any Operator, context: OperatorContext, failure: ChainFailure) {
        self.op = op
        self.context = context
        self.failure = failure
    }

    var metrics: OperatorMetrics { context.metrics }

    @inline(__always)
    func process(_ batch: RecordBatch, input: Int) throws(SluiceError) {
        metrics.countIn(rows: batch.count)
        do {
            try op.process(batch, input: input, output: output)
        } catch {
            failure.record(self)
            throw error
        }
    }

    func processWatermark(_ watermark: Watermark) throws(SluiceError) {
        do {
            try op.processWatermark(watermark, output: output)
            context.metrics.custom["watermark"] = Int(watermark.timestamp)
            context.metrics.liveWatermark.store(watermark.timestamp, ordering: .relaxed)
        } catch {
            failure.record(self)
            throw error
        }
    }

    /// Runs `body` against this operator, recording it as the failed one if `body` throws.
    func attributed<R>(_ body: () throws(SluiceError) -> R) throws(SluiceError) -> R {
        do {
            return try body()
        } catch {
            failure.record(self)
            throw error
        }
    }
}

/// Which operator of a chain threw first (the innermost one).
final class ChainFailure {
    private(set) var subtask: SubtaskInfo?

    func record(_ link: ChainLink) {
        if subtask == nil { subtask = link.context.subtask }
    }

    func record(_ info: SubtaskInfo) {
        if subtask == nil { subtask = info }
    }
}
