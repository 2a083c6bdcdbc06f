extension Output {
    /// Sends a stream status (idle / active) to the downstream tasks.
    ///
    /// Chained operators do not see statuses (they have no watermark of their own to hold); the
    /// status walks the chain to its network output, where each consumer's `WatermarkValve` takes it.
    func emitStatus(_ status: StreamStatus) {
        switch target {
        case .chained(let next): next.output.emitStatus(status)
        case .network(let router): router.broadcastControl(.status(status))
        case .none: break
        }
    }
}
