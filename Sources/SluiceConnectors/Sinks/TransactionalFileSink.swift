#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar
import SluiceRuntime

/// An exactly-once file sink (CSV or JSON Lines, per its `FileFormat`): rows go to a hidden in-progress file; at a checkpoint barrier it is
/// closed and becomes pending; when the checkpoint completes, pending files are committed by a rename
/// to `part-<job>-<subtask>-<n>.<ext>`. Readers skip names starting with `.`, so they never see
/// uncommitted rows; after a failure the job restarts from its latest checkpoint, the restored sink
/// commits what that checkpoint staged and deletes everything its subtask wrote after it, and the
/// replayed rows are written again — no row is lost or duplicated in the committed files.
///
/// At the end of a bounded input the last file is committed directly. The job id in the names keeps
/// jobs sharing a directory apart. Append-only: a changelog input fails (a file cannot retract a line).
public final class TransactionalFileSink: Operator {
    public let directory: String
    public let schema: Schema
    public let format: FileFormat
    private let subtask: SubtaskInfo
    private var jobID = ""
    private var writer: (any BatchFileWriter)?
    private var current: Int?
    private var nextSequence = 0
    /// Files closed at a barrier and not yet committed: (sequence, checkpoint).
    private var pending: [(sequence: Int, checkpoint: Int64)] = []

    public init(directory: String, schema: Schema, format: FileFormat = .csv(CSVOptions()), subtask: SubtaskInfo) {
        self.directory = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        self.schema = schema
        self.format = format
        self.subtask = subtask
    }

    func name(_ sequence: Int, subtask index: Int? = nil) -> String {
        PartFiles.name(job: jobID, subtask: index ?? subtask.index, sequence: sequence, fileExtension: format.fileExtension)
    }
    func committedPath(_ sequence: Int, subtask index: Int? = nil) -> String { "\(directory)/\(name(sequence, subtask: index))" }
    func inProgressPath(_ sequence: Int) -> String { "\(directory)/.\(name(sequence)).inprogress" }
    func pendingPath(_ sequence: Int, subtask index: Int? = nil) -> String { "\(directory)/.\(name(sequence, subtask: index)).pending" }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        jobID = context.jobID.isEmpty ? "job" : context.jobID
        try FileSink.makeDirectories(directory)
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        if let kind = FileSink.firstNonInsert(batch) {
            throw SluiceError(.invalidInput, "the file sink writes append-only rows, but its input is a changelog with "
                + "\(kind) rows; use a window aggregate or batch mode, or a sink that takes updates (print, collect)",
                context: .init(file: directory))
        }
        if writer == nil {
            current = nextSequence
            nextSequence += 1
            writer = try format.makeWriter(path: inProgressPath(current!), schema: schema)
        }
        try writer!.write(batch)
    }

    /// Closes the in-progress file as pending for `checkpointID`; the snapshot names what is pending.
    public func snapshotState(checkpointID: Int64) throws(SluiceError) -> OperatorSnapshot? {
        if let sequence = current {
            try writer!.close()
            writer = nil
            current = nil
            try PartFiles.rename(inProgressPath(sequence), pendingPath(sequence))
            pending.append((sequence, checkpointID))
        }
        var text = "\(subtask.index) \(nextSequence)\n"
        for p in pending { text += "\(p.sequence) \(p.checkpoint)\n" }
        return OperatorSnapshot(bytes: Array(text.utf8))
    }

    /// Commits the files staged for checkpoints up to `checkpointID`.
    public func notifyCheckpointComplete(_ checkpointID: Int64) throws(SluiceError) {
        for p in pending where p.checkpoint <= checkpointID { try PartFiles.rename(pendingPath(p.sequence), committedPath(p.sequence)) }
        pending.removeAll { $0.checkpoint <= checkpointID }
    }

    /// End of a bounded input: everything written is final.
    public func finish(output: Output) throws(SluiceError) {
        if let sequence = current {
            try writer!.close()
            writer = nil
            current = nil
            try PartFiles.rename(inProgressPath(sequence), committedPath(sequence))
        }
        try notifyCheckpointComplete(Int64.max)
    }

    public func close() {
        try? writer?.close()
        writer = nil
    }

    /// Commits what the restored checkpoint staged and removes what the failed run wrote after it.
    /// Restarting without a checkpoint (`restoredCheckpoint == 0`) removes all of this job's files
    /// of this subtask.
    public func restoreState(_ snapshots: [RestoredSnapshot]) throws(SluiceError) {
        var keepBelow: [Int: Int] = [:]
        for restored in snapshots {
            let lines = String(decoding: restored.snapshot.bytes, as: UTF8.self).split(separator: "\n")
            let head = lines.first?.split(separator: " ").compactMap { Int($0) } ?? []
            guard head.count == 2 else { throw SluiceError(.corruptState, "file sink snapshot is malformed", context: .init(file: directory)) }
            let (old, next) = (head[0], head[1])
            keepBelow[old] = next
            for line in lines.dropFirst() {
                guard let sequence = line.split(separator: " ").first.flatMap({ Int($0) }) else { continue }
                if PartFiles.exists(pendingPath(sequence, subtask: old)) {
                    try PartFiles.rename(pendingPath(sequence, subtask: old), committedPath(sequence, subtask: old))
                }
            }
            if old == subtask.index { nextSequence = max(nextSequence, next) }
        }
        if keepBelow.isEmpty { keepBelow[subtask.index] = 0 }
        try removeFilesWritten(after: keepBelow)
    }

    /// Deletes committed, pending and in-progress files of old subtask `s` with sequence ≥ `keepBelow[s]`.
    private func removeFilesWritten(after keepBelow: [Int: Int]) throws(SluiceError) {
        guard PartFiles.exists(directory) else { return }
        let files = try PartFiles.files(under: directory, recursive: false, hidden: true).map(\.path)
        try PartFiles.removeWritten(after: keepBelow, among: files, job: jobID, fileExtension: format.fileExtension)
    }
}

extension JobGraph {
    /// Adds an exactly-once file sink writing committed part files into `directory` (see
    /// `TransactionalFileSink`); run the job with checkpointing so files are committed as it goes.
    @discardableResult
    public mutating func addTransactionalFileSink(name: String, uid: String? = nil, parallelism: Int = 1, schema: Schema,
                                                  directory: String, options: CSVOptions = CSVOptions()) -> VertexID {
        addTransactionalFileSink(name: name, uid: uid, parallelism: parallelism, schema: schema, directory: directory,
                                 format: .csv(options))
    }

    /// Adds an exactly-once file sink in `format` (see `TransactionalFileSink`).
    @discardableResult
    public mutating func addTransactionalFileSink(name: String, uid: String? = nil, parallelism: Int = 1, schema: Schema,
                                                  directory: String, format: FileFormat) -> VertexID {
        addOperator(name: name, uid: uid, parallelism: parallelism, schema: schema) {
            TransactionalFileSink(directory: directory, schema: schema, format: format, subtask: $0)
        }
    }
}
