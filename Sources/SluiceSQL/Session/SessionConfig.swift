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
        values[key] = value
    }

    public mutating func reset(_ key: String?) {
        if let key { values[key] = nil } else { values = [:] }
    }

    public var isBatch: Bool { values["execution.runtime-mode"]?.lowercased() == "batch" }
}
