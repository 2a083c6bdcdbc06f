import SluiceColumnar

/// When and how often checkpoints are taken (Flink's `execution.checkpointing.*` options).
public struct CheckpointPolicy: Sendable, Equatable {
    /// Time between the starts of two checkpoints, in nanoseconds; nil turns checkpointing off.
    public var intervalNanos: Int64?
    /// A checkpoint not acknowledged by every task within this time is expired (aborted).
    public var timeoutNanos: Int64
    /// How many checkpoints may be in flight at once.
    public var maxConcurrent: Int
    /// The least time between the end of one checkpoint and the start of the next.
    public var minPauseNanos: Int64
    /// How many complete checkpoints are kept on disk.
    public var retained: Int

    public init(intervalNanos: Int64?, timeoutNanos: Int64 = 600_000_000_000, maxConcurrent: Int = 1,
                minPauseNanos: Int64 = 0, retained: Int = 1) {
        self.intervalNanos = intervalNanos
        self.timeoutNanos = timeoutNanos
        self.maxConcurrent = maxConcurrent
        self.minPauseNanos = minPauseNanos
        self.retained = retained
    }

    /// Off: the default for bounded jobs.
    public static let disabled = CheckpointPolicy(intervalNanos: nil)
    /// The default for unbounded jobs: every 10 s, at most one at a time, keep the last one.
    public static let streamingDefault = CheckpointPolicy(intervalNanos: 10_000_000_000)

    /// Rejects settings that could never make progress.
    public func validate() throws(SluiceError) {
        if let interval = intervalNanos, interval <= 0 {
            throw .invalidInput("checkpoint interval must be positive (got \(interval) ns); omit it to turn checkpointing off")
        }
        guard timeoutNanos > 0 else {
            throw .invalidInput("checkpoint timeout must be positive (got \(timeoutNanos) ns)")
        }
        guard maxConcurrent >= 1 else {
            throw .invalidInput("at most \(maxConcurrent) concurrent checkpoints is impossible; use 1 or more")
        }
        guard minPauseNanos >= 0 else {
            throw .invalidInput("the minimum pause between checkpoints cannot be negative (got \(minPauseNanos) ns)")
        }
        guard retained >= 1 else {
            throw .invalidInput("at least one complete checkpoint must be retained (got \(retained))")
        }
    }
}
