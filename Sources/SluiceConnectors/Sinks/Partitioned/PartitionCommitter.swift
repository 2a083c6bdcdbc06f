import SluiceColumnar
import SluiceRuntime

/// The committing half of a partitioned file sink, one subtask for all writers (Flink's partition
/// committer): it commits the part files the writers staged and marks partitions complete.
///
/// Without checkpoints a staged file is committed (renamed to its visible name) as soon as it
/// arrives. With checkpoints (exactly-once) the files that arrived before checkpoint N's barrier are
/// part of N's state and are committed when N completes, or on restore from N, so committed files
/// never hold rows a restarted job writes again.
///
/// A partition with newly committed files is committed per the `PartitionCommitPolicy` once its
/// trigger holds: the watermark (the minimum over all writers, from this task's valve) passed the
/// partition's time plus the delay, or the delay passed since its first commit in processing time.
/// Triggers are checked when batches, watermarks or checkpoint completions arrive, and for the
/// process-time trigger also when its delay passes without input. At the end of a bounded input
/// everything is committed.
public final class PartitionCommitter: Operator {
    struct Staged: Equatable {
        var partition: String
        var pending: String
        var final: String
    }

    /// The rows the writers send the committer: a file closed in `partition` (its directory, relative
    /// to the root), where it is now and where it goes when committed.
    static let stagedSchema = Schema([Field("partition", .string), Field("pending", .string), Field("final", .string)])

    public let settings: PartitionedSinkSettings
    private let clock: any ProcessingClock
    private var watermark = Int64.min
    /// Staged files not yet in a snapshot.
    private var unassigned: [Staged] = []
    /// Staged files of checkpoints not yet complete.
    private var assigned: [(checkpoint: Int64, file: Staged)] = []
    /// Partitions with committed files not yet marked complete, and when they are due: processing time
    /// (process-time trigger) or event time the watermark must pass (partition-time trigger).
    private var waiting: [String: Int64] = [:]
    /// Partitions marked complete so far (for tests and metrics).
    public private(set) var committedPartitions: [String] = []

    public init(settings: PartitionedSinkSettings, clock: any ProcessingClock = SystemClock.shared) {
        self.settings = settings
        self.clock = clock
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        for row in batch.rows() {
            guard case .string(let partition) = row[0], case .string(let pending) = row[1], case .string(let final) = row[2] else {
                throw .internalError("partition committer received a malformed staged-file row \(row)")
            }
            let file = Staged(partition: partition, pending: pending, final: final)
            if settings.exactlyOnce { unassigned.append(file) } else { try commit(file) }
        }
        try commitPartitions(force: false)
    }

    public func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) {
        self.watermark = watermark.timestamp
        try commitPartitions(force: false)
    }

    private func commit(_ file: Staged) throws(SluiceError) {
        if PartFiles.exists(file.pending) {
            try PartFiles.rename(file.pending, file.final)
        } else if !PartFiles.exists(file.final) {
            throw SluiceError(.io, "the staged part file '\(file.pending)' is gone, so its rows cannot be committed; "
                + "was the output directory changed while the job ran?", context: .init(file: file.pending))
        }
        if waiting[file.partition] == nil { waiting[file.partition] = try dueTime(of: file.partition) }
    }

    /// When a partition that just got committed files is due (computed once, not per watermark).
    private func dueTime(of partition: String) throws(SluiceError) -> Int64 {
        let policy = settings.commit
        switch policy.trigger {
        case .processTime:
            return clock.nowMicros() &+ policy.delayMicros
        case .partitionTime:
            let time = try policy.partitionTime(keys: settings.partitionKeys, values: settings.values(ofPartition: partition),
                                                partition: partition)
            return time &+ policy.delayMicros
        }
    }

    /// Marks the waiting partitions whose trigger holds (all of them when `force`).
    private func commitPartitions(force: Bool) throws(SluiceError) {
        guard !waiting.isEmpty else { return }
        let isDue: (Int64) -> Bool
        switch settings.commit.trigger {
        case .processTime:
            let now = clock.nowMicros()
            isDue = { $0 <= now }
        case .partitionTime:
            let watermark = self.watermark
            isDue = { $0 < watermark }
        }
        for partition in waiting.filter({ force || isDue($0.value) }).keys.sorted() {
            if let name = settings.commit.successFileName { try PartFiles.touch("\(settings.directory)/\(partition)/\(name)") }
            waiting[partition] = nil
            committedPartitions.append(partition)
        }
    }

    /// Process-time trigger: a partition is committed when its delay has passed, even with no input.
    public func processingTimeDeadline() -> Int64? {
        guard settings.commit.trigger == .processTime, let due = waiting.values.min() else { return nil }
        return clock.wakeupNanos(at: due)
    }

    public func onProcessingTime(output: Output) throws(SluiceError) {
        try commitPartitions(force: false)
    }

    public func snapshotState(checkpointID: Int64) throws(SluiceError) -> OperatorSnapshot? {
        assigned += unassigned.map { (checkpointID, $0) }
        unassigned.removeAll()
        var text = ""
        for (checkpoint, file) in assigned { text += "F\t\(checkpoint)\t\(file.partition)\t\(file.pending)\t\(file.final)\n" }
        for (partition, due) in waiting.sorted(by: { $0.key < $1.key }) { text += "P\t\(due)\t\(partition)\n" }
        return OperatorSnapshot(bytes: Array(text.utf8))
    }

    public func notifyCheckpointComplete(_ checkpointID: Int64) throws(SluiceError) {
        for entry in assigned where entry.checkpoint <= checkpointID { try commit(entry.file) }
        assigned.removeAll { $0.checkpoint <= checkpointID }
        try commitPartitions(force: false)
    }

    /// The restored checkpoint is complete: commit what it staged, and keep waiting for its partitions.
    public func restoreState(_ snapshots: [RestoredSnapshot]) throws(SluiceError) {
        for restored in snapshots {
            for line in String(decoding: restored.snapshot.bytes, as: UTF8.self).split(separator: "\n") {
                let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                if f.count == 5, f[0] == "F" {
                    try commit(Staged(partition: f[2], pending: f[3], final: f[4]))
                } else if f.count == 3, f[0] == "P", let due = Int64(f[1]) {
                    waiting[f[2]] = min(waiting[f[2]] ?? due, due)
                } else {
                    throw SluiceError(.corruptState, "partition committer snapshot line '\(line)' is malformed",
                                      context: .init(file: settings.directory))
                }
            }
        }
    }

    /// End of the input: every staged file and every partition is committed.
    public func finish(output: Output) throws(SluiceError) {
        for entry in assigned { try commit(entry.file) }
        for file in unassigned { try commit(file) }
        assigned.removeAll()
        unassigned.removeAll()
        try commitPartitions(force: true)
    }
}
