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
    /// The next operator of the chain, when `target` is `.chained`: the per-batch path calls it
    /// without reference counting.
    // SAFETY: `target` holds the same link strongly, so the unmanaged reference is valid for the life
    // of this output.
    private let next: Unmanaged<ChainLink>?

    init(_ target: Target, metrics: OperatorMetrics) {
        self.target = target
        self.metrics = metrics
        if case .chained(let link) = target { next = Unmanaged.passUnretained(link) } else { next = nil }
    }

    /// Sends `batch` downstream.
    ///
    /// The batch is borrowed: a chained operator sees it without a copy, and only a channel keeps a
    /// copy of it (taking it by move instead would cost every operator that forwards its input a copy).
    @inline(__always)
    public func emit(_ batch: RecordBatch) throws(SluiceError) {
        let rows = batch.count
        guard rows > 0 else { return }
        metrics.countOut(rows: rows)
        if let next {
            var failure: SluiceError?
            next._withUnsafeGuaranteedRef { link in
                do throws(SluiceError) { try link.process(batch, input: 0) } catch { failure = error }
            }
            if let failure { throw failure }
            return
        }
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
