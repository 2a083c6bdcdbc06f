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
    var output: Output! {
        didSet { outputRef = output.map { Unmanaged.passUnretained($0) } }
    }
    // SAFETY: `output` holds the same object strongly; the per-batch path uses this unmanaged copy so
    // that calling the operator costs no reference counting.
    private var outputRef: Unmanaged<Output>?
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
        var thrown: SluiceError?
        outputRef!._withUnsafeGuaranteedRef { output in
            do throws(SluiceError) { try op.process(batch, input: input, output: output) } catch { thrown = error }
        }
        if let thrown {
            failure.record(self)
            throw thrown
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
