import SluiceColumnar
import SluiceRuntime

/// Checkpointing of SQL jobs, configured as in Flink:
///
///     SET 'execution.checkpointing.dir' = '/var/lib/job/checkpoints';
///     SET 'execution.checkpointing.interval' = '1 s';
///     SET 'restart-strategy.type' = 'fixed-delay';
///     SET 'restart-strategy.fixed-delay.attempts' = '3';
///     SET 'execution.state-recovery.path' = 'latest';   -- or 'chk-7', 'savepoint-9'
///     SET 'execution.checkpointing.incremental' = 'false';   -- on by default
///
/// With a checkpoint directory, filesystem sinks commit their files exactly once.
extension SQLSession {
    /// The job's checkpoint settings: from the SET keys when a checkpoint directory is set, else
    /// `checkpointing` (nil: no checkpoints).
    public func checkpointSettings() throws(SluiceError) -> CheckpointSettings? {
        guard let directory = config["execution.checkpointing.dir"] else {
            if config["execution.checkpointing.interval"] != nil || config["execution.state-recovery.path"] != nil {
                throw .invalidInput("checkpointing needs a directory: SET 'execution.checkpointing.dir' = '<path>' "
                    + "(or pass --checkpoint-dir to sluice sql)")
            }
            return checkpointing
        }
        var policy = CheckpointPolicy(intervalNanos: try duration("execution.checkpointing.interval"))
        if let timeout = try duration("execution.checkpointing.timeout") { policy.timeoutNanos = timeout }
        if let pause = try duration("execution.checkpointing.min-pause") { policy.minPauseNanos = pause }
        if let n = config["execution.checkpointing.max-concurrent-checkpoints"].flatMap(Int.init) { policy.maxConcurrent = max(1, n) }
        if let n = config["execution.checkpointing.num-retained"].flatMap(Int.init) { policy.retained = max(1, n) }
        var settings = CheckpointSettings(directory: directory, policy: policy)
        if let n = config["pipeline.max-parallelism"].flatMap(Int.init) { settings.maxParallelism = n }
        if let incremental = config["execution.checkpointing.incremental"] { settings.incremental = incremental.lowercased() == "true" }
        if config["restart-strategy.type"]?.lowercased() == "fixed-delay" {
            settings.restartAttempts = config["restart-strategy.fixed-delay.attempts"].flatMap(Int.init) ?? 3
            settings.restartDelayNanos = try duration("restart-strategy.fixed-delay.delay") ?? 1_000_000_000
        }
        if let path = config["execution.state-recovery.path"] {
            settings.restore = try Self.restorePoint(path)
        }
        return settings
    }

    private func duration(_ key: String) throws(SluiceError) -> Int64? {
        guard let text = config[key] else { return nil }
        return try SessionConfig.durationNanos(text, key: key)
    }

    /// 'latest', 'chk-<n>' or 'savepoint-<n>' (also as the last component of a path).
    static func restorePoint(_ text: String) throws(SluiceError) -> CheckpointSettings.RestorePoint {
        let last = text.split(separator: "/").last.map(String.init) ?? text
        if last.lowercased() == "latest" { return .latest }
        if last.hasPrefix("chk-"), let id = Int64(last.dropFirst(4)) { return .checkpoint(id) }
        if last.hasPrefix("savepoint-"), let id = Int64(last.dropFirst(10)) { return .savepoint(id) }
        throw .invalidInput("execution.state-recovery.path = '\(text)': use 'latest', 'chk-<id>' or 'savepoint-<id>' "
            + "(see `sluice checkpoints <dir>` for the ids)")
    }
}
