/// Checkpoints, recovery and savepoints for DataStream jobs.
///
/// ```swift
/// let env = StreamEnvironment(parallelism: 2)
/// env.enableCheckpointing(directory: "/var/lib/myjob/checkpoints", intervalSeconds: 1, restartAttempts: 3)
/// env.restore(from: .latest)   // after a crash: continue where the last complete checkpoint left off
/// ```
extension StreamEnvironment {
    /// Takes a checkpoint every `intervalSeconds` (nil: only savepoints) into `directory`, keeping the
    /// last `retained`; a failed job restarts from the latest one up to `restartAttempts` times,
    /// `restartDelaySeconds` apart. With `incremental` (the default), keyed aggregates write only the
    /// groups that changed since their last completed checkpoint.
    public func enableCheckpointing(directory: String, intervalSeconds: Double? = 10, retained: Int = 1,
                                    restartAttempts: Int = 0, restartDelaySeconds: Double = 0, incremental: Bool = true) {
        var settings = executionOptions.checkpointing ?? CheckpointSettings(directory: directory)
        settings.directory = directory
        settings.policy.intervalNanos = intervalSeconds.map { Int64($0 * 1e9) }
        settings.policy.retained = retained
        settings.restartAttempts = restartAttempts
        settings.restartDelayNanos = Int64(restartDelaySeconds * 1e9)
        settings.incremental = incremental
        executionOptions.checkpointing = settings
    }

    /// Starts the job from a checkpoint or savepoint of the checkpoint directory.
    public func restore(from point: CheckpointSettings.RestorePoint, allowNonRestoredState: Bool = false) throws(SluiceError) {
        guard var settings = executionOptions.checkpointing else {
            throw .invalidInput("call enableCheckpointing(directory:…) before restore(from:) so the directory is known")
        }
        settings.restore = point
        settings.allowNonRestoredState = allowNonRestoredState
        executionOptions.checkpointing = settings
    }
}
