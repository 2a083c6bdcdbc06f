import SluiceColumnar

/// How a partitioned file sink lays out, rolls and commits its files (Flink's filesystem sink options
/// `sink.rolling-policy.*` and `sink.partition-commit.*`).
public struct PartitionedSinkSettings: Sendable, Equatable {
    /// The table's root directory.
    public var directory: String
    /// The partition columns (names in the sink's schema), outermost directory first.
    public var partitionKeys: [String]
    public var format: FileFormat
    /// A part file is closed once it holds this many bytes (`sink.rolling-policy.file-size`).
    public var rollingFileSize: Int
    /// A part file is closed once it has been open this long (`sink.rolling-policy.rollover-interval`).
    public var rolloverIntervalMicros: Int64
    /// A part file is closed once nothing was written to it for this long
    /// (`sink.rolling-policy.inactivity-interval`).
    public var inactivityIntervalMicros: Int64
    public var commit: PartitionCommitPolicy
    /// The job takes checkpoints: files are committed only when the checkpoint that staged them
    /// completes, so the committed output is exactly once. Otherwise files are committed when closed.
    public var exactlyOnce: Bool

    public init(directory: String, partitionKeys: [String], format: FileFormat, rollingFileSize: Int = 128 << 20,
                rolloverIntervalMicros: Int64 = 30 * 60_000_000, inactivityIntervalMicros: Int64 = 30 * 60_000_000,
                commit: PartitionCommitPolicy = PartitionCommitPolicy(), exactlyOnce: Bool = false) {
        self.directory = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        self.partitionKeys = partitionKeys
        self.format = format
        self.rollingFileSize = rollingFileSize
        self.rolloverIntervalMicros = rolloverIntervalMicros
        self.inactivityIntervalMicros = inactivityIntervalMicros
        self.commit = commit
        self.exactlyOnce = exactlyOnce
    }

    /// The values of a partition directory path (`dt=2024-01-01/hm=10%3A15`), in key order.
    func values(ofPartition path: String) -> [String?] {
        var byKey: [String: String?] = [:]
        for segment in path.split(separator: "/") {
            guard let eq = segment.firstIndex(of: "=") else { continue }
            let value = PartitionPath.unescape(String(segment[segment.index(after: eq)...]))
            byKey[PartitionPath.unescape(String(segment[..<eq])).lowercased()] = value == FileSplitPlanner.defaultPartitionName ? .some(nil) : .some(value)
        }
        return partitionKeys.map { byKey[$0.lowercased()] ?? nil }
    }
}
