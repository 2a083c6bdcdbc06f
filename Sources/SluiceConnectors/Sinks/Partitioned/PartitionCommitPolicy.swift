import SluiceColumnar

/// When the partitions of a partitioned file sink count as complete, and what is done then: Flink's
/// `sink.partition-commit.*` and `partition.time-extractor.*` options.
///
/// - `processTime`: a partition is committed once `delay` has passed (in processing time) since its
///   first file was committed.
/// - `partitionTime`: a partition is committed once the watermark passes the time its values name
///   (extracted with `timestampPattern`) plus `delay`; its writers close its open files then.
///
/// Committing writes the `successFileName` marker (Flink's `success-file` policy) into the partition
/// directory, again if late rows add files to it later. Without a success file name, partitions are
/// only tracked (their data files are committed either way). At the end of a bounded input every
/// partition is committed.
public struct PartitionCommitPolicy: Sendable, Equatable {
    public enum Trigger: String, Sendable, Equatable, CaseIterable {
        case processTime = "process-time"
        case partitionTime = "partition-time"
    }

    public var trigger: Trigger
    public var delayMicros: Int64
    /// The marker file written into a committed partition, or nil for none.
    public var successFileName: String?
    /// `$dt $hm:00`: how partition values spell a timestamp (`yyyy-MM-dd[ HH:mm:ss]`); nil: the first
    /// partition value alone.
    public var timestampPattern: String?

    public init(trigger: Trigger = .processTime, delayMicros: Int64 = 0, successFileName: String? = nil,
                timestampPattern: String? = nil) {
        self.trigger = trigger
        self.delayMicros = delayMicros
        self.successFileName = successFileName
        self.timestampPattern = timestampPattern
    }

    /// The time (µs since the epoch, UTC) a partition's values name, for the partition-time trigger.
    public func partitionTime(keys: [String], values: [String?], partition: String) throws(SluiceError) -> Int64 {
        var text: String
        if let pattern = timestampPattern {
            text = substitutePartitionValues(pattern, keys: keys, values: values)
        } else {
            text = values.first.flatMap { $0 } ?? ""
        }
        let parsed = Array(text.utf8).withUnsafeBufferPointer { TemporalParse.timestamp($0) }
        guard let micros = parsed else {
            throw .invalidInput("partition `\(partition)` does not name a time: '\(text)' is not 'yyyy-MM-dd[ HH:mm:ss]'; "
                + "set 'partition.time-extractor.timestamp-pattern' (e.g. '$dt $hm:00') to say how its values spell one")
        }
        return micros
    }
}

/// `text` with every `$key` replaced by its value (longest keys first, so `$dt` is not read as `$d`).
func substitutePartitionValues(_ text: String, keys: [String], values: [String?]) -> String {
    var out = Array(text.utf8)
    for (key, value) in zip(keys, values).sorted(by: { $0.0.utf8.count > $1.0.utf8.count }) {
        let target = [UInt8(ascii: "$")] + Array(key.utf8)
        let replacement = Array((value ?? "").utf8)
        var result: [UInt8] = []
        var i = 0
        while i < out.count {
            if i + target.count <= out.count && Array(out[i..<(i + target.count)]) == target {
                result += replacement
                i += target.count
            } else {
                result.append(out[i])
                i += 1
            }
        }
        out = result
    }
    return String(decoding: out, as: UTF8.self)
}
