extension JobExecutionResult {
    /// One line per operator subtask that saw a watermark: watermark, lag behind the wall clock
    /// (source splits), idle or active, late rows (see `JobResult.watermarkReport`).
    public func watermarkReport() -> [String] { job.watermarkReport() }

    /// Which source split holds the watermark back, or nil (see `JobResult.watermarkHoldback`).
    public func watermarkHoldback() -> String? { job.watermarkHoldback() }
}
