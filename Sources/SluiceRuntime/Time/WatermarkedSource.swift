import SluiceColumnar

/// A source reader with watermark generation and idleness detection built in.
///
/// The inner reader emits into a `WatermarkAssigner` (through an internal chain link), so rows and
/// watermarks leave in order; when a poll finds nothing the assigner's idleness detector is ticked
/// with the processing clock, which is how a silent split becomes idle without a timer service.
/// At the end of a bounded input the watermark moves to +∞ before the end-of-input marker.
public final class WatermarkedSource: SourceReader {
    let inner: any SourceReader
    public let assigner: WatermarkAssigner
    private var link: ChainLink?
    private var innerOutput: Output?
    private var finished = false

    public init(_ inner: any SourceReader, assigner: WatermarkAssigner) {
        self.inner = inner
        self.assigner = assigner
    }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        try inner.open(context)
        try assigner.open(context)
    }

    public func poll(output: Output) throws(SluiceError) -> SourceStatus {
        let through = wire(output)
        let status = try inner.poll(output: through)
        switch status {
        case .moreAvailable: break
        case .nothingAvailable: assigner.sourceHadNothing(output: output)
        case .endOfInput:
            if !finished {
                finished = true
                try assigner.finish(output: output)
            }
        }
        return status
    }

    public func flushPartial(output: Output) throws(SluiceError) {
        try inner.flushPartial(output: wire(output))
    }

    public func close() {
        inner.close()
        assigner.close()
    }

    /// The output the inner reader writes to: the assigner, which writes to `output`.
    private func wire(_ output: Output) -> Output {
        if let innerOutput, link?.output === output { return innerOutput }
        let context = OperatorContext(subtask: SubtaskInfo(vertexName: "watermarks", uid: "watermarks", index: 0, parallelism: 1),
                                      metrics: OperatorMetrics(), memoryBudgetBytes: 0, bufferTimeoutNanos: .max)
        let l = ChainLink(op: assigner, context: context, failure: ChainFailure())
        l.output = output
        link = l
        let o = Output(.chained(l), metrics: OperatorMetrics())
        innerOutput = o
        return o
    }
}
