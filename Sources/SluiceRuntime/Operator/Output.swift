import SluiceColumnar

/// Where an operator sends what it produces: the next operator of its chain (a direct call) or the
/// channels of its task's outgoing edges.
///
/// Empty batches are dropped here, so operators need not check. Threading: used only by the worker
/// running the task.
public final class Output {
    enum Target {
        case chained(ChainLink)
        case network(OutputRouter)
        /// A chain tail without outgoing edges (a sink).
        case none
    }

    let target: Target
    /// The counters of the operator that emits into this output.
    let metrics: OperatorMetrics

    init(_ target: Target, metrics: OperatorMetrics) {
        self.target = target
        self.metrics = metrics
    }

    /// Sends `batch` downstream.
    @inline(__always)
    public func emit(_ batch: RecordBatch) throws(SluiceError) {
        let rows = batch.count
        guard rows > 0 else { return }
        metrics.countOut(rows: rows)
        switch target {
        case .chained(let next): try next.process(batch, input: 0)
        case .network(let router): try router.emit(batch)
        case .none: break
        }
    }

    /// Sends a watermark downstream.
    public func emitWatermark(_ watermark: Watermark) throws(SluiceError) {
        switch target {
        case .chained(let next): try next.processWatermark(watermark)
        case .network(let router): router.broadcastControl(.watermark(watermark))
        case .none: break
        }
    }
}
