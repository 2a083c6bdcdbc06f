import SluiceColumnar

/// `SET 'key' = 'value'` settings of a session, checked when set.
public struct SessionConfig: Sendable {
    public private(set) var values: [String: String] = [:]

    /// The keys Sluice reads, with their accepted values.
    static let known: [String: [String]] = [
        "execution.runtime-mode": ["streaming", "batch"],
        "parallelism.default": [],
        "table.optimizer.agg-phase-strategy": ["AUTO", "ONE_PHASE", "TWO_PHASE"],
        "pipeline.max-parallelism": [],
        "sql-client.execution.result-mode": ["table", "tableau", "changelog"],
        "execution.checkpointing.interval": [],
        "execution.checkpointing.dir": [],
        "execution.checkpointing.timeout": [],
        "execution.checkpointing.min-pause": [],
        "execution.checkpointing.max-concurrent-checkpoints": [],
        "execution.checkpointing.num-retained": [],
        "execution.checkpointing.incremental": ["true", "false"],
        "execution.state-recovery.path": [],
        "restart-strategy.type": ["none", "disable", "fixed-delay"],
        "restart-strategy.fixed-delay.attempts": [],
        "restart-strategy.fixed-delay.delay": [],
        "table.exec.source.idle-timeout": [],
        "state.backend.type": ["mmap", "heap", "hashmap"],
        "state.backend.mmap.directory": [],
    ]

    public init() {}

    public subscript(key: String) -> String? { values[key] }

    public mutating func set(_ key: String, _ value: String) throws(SluiceError) {
        if let choices = Self.known[key], !choices.isEmpty,
           !choices.contains(where: { $0.lowercased() == value.lowercased() }) {
            throw .invalidInput("SET '\(key)' = '\(value)': valid values are \(choices.map { "'\($0)'" }.joined(separator: ", "))")
        }
        if key == "parallelism.default" || key == "pipeline.max-parallelism" {
            guard let n = Int(value), n >= 1 && n <= 32768 else {
                throw .invalidInput("SET '\(key)' = '\(value)': it must be a positive integer")
            }
        }
        if ["execution.checkpointing.interval", "execution.checkpointing.timeout", "execution.checkpointing.min-pause",
            "restart-strategy.fixed-delay.delay", "table.exec.source.idle-timeout"].contains(key) {
            _ = try Self.durationNanos(value, key: key)
        }
        if ["execution.checkpointing.max-concurrent-checkpoints", "execution.checkpointing.num-retained",
            "restart-strategy.fixed-delay.attempts"].contains(key) {
            guard let n = Int(value), n >= 0 else { throw .invalidInput("SET '\(key)' = '\(value)': it must be a non-negative integer") }
        }
        values[key] = value
    }

    /// A Flink duration ('10 s', '500ms', '1 min', '2h', or plain milliseconds) in nanoseconds.
    static func durationNanos(_ text: String, key: String) throws(SluiceError) -> Int64 {
        let trimmed = String(text.lowercased().filter { $0 != " " })
        let digits = trimmed.prefix { $0.isNumber }
        let unit = String(trimmed.dropFirst(digits.count))
        let scale: Int64? = switch unit {
        case "", "ms", "milli", "millis", "millisecond", "milliseconds": 1_000_000
        case "s", "sec", "secs", "second", "seconds": 1_000_000_000
        case "min", "mins", "minute", "minutes", "m": 60_000_000_000
        case "h", "hour", "hours": 3_600_000_000_000
        default: nil
        }
        guard let n = Int64(digits), let scale else {
            throw .invalidInput("SET '\(key)' = '\(text)': not a duration; write e.g. '10 s', '500 ms' or '1 min'")
        }
        return n * scale
    }

    public mutating func reset(_ key: String?) {
        if let key { values[key] = nil } else { values = [:] }
    }

    public var isBatch: Bool { values["execution.runtime-mode"]?.lowercased() == "batch" }
}
