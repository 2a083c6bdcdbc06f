import SluiceColumnar
import SluiceRuntime

/// The writing half of a partitioned file sink (`PARTITIONED BY` in SQL): rows go to part files in
/// `key=value` directories, without the partition columns (their values are in the path, as Flink
/// writes them); closed files are sent to the `PartitionCommitter` as staged rows.
///
/// Rows are grouped by partition per batch with a `GroupTable` over the partition columns (ids stable
/// for the life of the writer), so the path of a partition is built once, not per row. A file is
/// closed (renamed from in-progress to pending, and staged) when it reaches the rolling size, when it
/// has been open or idle longer than the rolling intervals (also with no input: the task wakes for
/// it, see `processingTimeDeadline`), when the watermark passes its partition's
/// time plus the commit delay (partition-time trigger), at every checkpoint barrier (exactly-once
/// mode) and at the end of the input.
///
/// Restore (exactly-once mode) removes every file of this job and subtask opened after the restored
/// checkpoint; the files staged before it are committed by the committer's restore.
public final class PartitionedFileWriter: Operator {
    struct OpenFile {
        var sequence: Int
        var writer: any BatchFileWriter
        var openedAt: Int64
        var lastWriteAt: Int64
    }

    struct Partition {
        /// Relative directory (`dt=…/hm=…`).
        var path: String
        var values: [String?]
        var time: Int64?
        var file: OpenFile?
    }

    public let settings: PartitionedSinkSettings
    public let schema: Schema
    private let subtask: SubtaskInfo
    private let clock: any ProcessingClock
    private let keyIndices: [Int]
    private let dataIndices: [Int]
    private let dataSchema: Schema
    private var groups: GroupTable
    private var partitions: [Partition] = []
    /// Partitions with an open file.
    private var open: Set<Int> = []
    private var staged: [(partition: String, pending: String, final: String)] = []
    private var jobID = "job"
    private var nextSequence = 0
    private var watermark = Int64.min
    /// Per partition id: the batch number it last had rows in (to list a batch's partitions once),
    /// and its place in that batch's list.
    private var seenInBatch: [Int] = []
    private var slotInBatch: [Int] = []
    private var batchNumber = 0

    public init(settings: PartitionedSinkSettings, schema: Schema, subtask: SubtaskInfo,
                clock: any ProcessingClock = SystemClock.shared) throws(SluiceError) {
        self.settings = settings
        self.schema = schema
        self.subtask = subtask
        self.clock = clock
        var keys: [Int] = []
        for key in settings.partitionKeys {
            guard let i = schema.fields.firstIndex(where: { $0.name.lowercased() == key.lowercased() }) else {
                throw .invalidInput("partition column `\(key)` is not a column of the sink (columns: \(schema.names.joined(separator: ", ")))")
            }
            keys.append(i)
        }
        guard !keys.isEmpty else { throw .invalidInput("a partitioned file sink needs at least one partition column") }
        keyIndices = keys
        dataIndices = schema.fields.indices.filter { !keys.contains($0) }
        guard !dataIndices.isEmpty else {
            throw .invalidInput("every column of the sink is a partition column, so its files would be empty; keep at least one column out of PARTITIONED BY")
        }
        dataSchema = schema.project(dataIndices)
        groups = try GroupTable(keyTypes: keys.map { schema[$0].type })
    }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        jobID = context.jobID.isEmpty ? "job" : context.jobID
        try FileSink.makeDirectories(settings.directory)
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        if let kind = FileSink.firstNonInsert(batch) {
            throw SluiceError(.invalidInput, "the file sink writes append-only rows, but its input is a changelog with "
                + "\(kind) rows; use a window aggregate or batch mode, or a sink that takes updates (print, collect)",
                context: .init(file: settings.directory))
        }
        let ids = groups.findOrInsert(keyIndices.map { batch.columns[$0] }, selection: batch.selection)
        if groups.groupCount > partitions.count { try addPartitions() }
        let now = clock.nowMicros()
        batchNumber += 1
        // The partitions of this batch in order of first row, and each one's rows.
        var order: [Int] = []
        var rows: [[Int]] = []
        let single: Int? = ids.withUnsafeBufferPointer(as: UInt32.self) { p in
            let first = Int(p[batch.selection.map { Int($0[0]) } ?? 0])
            for i in 0..<batch.count where Int(p[batch.selection.map { Int($0[i]) } ?? i]) != first { return nil }
            return first
        }
        if let single {
            try write(batch, rows: batch.selection, to: single, now: now)
        } else {
            ids.withUnsafeBufferPointer(as: UInt32.self) { p in
                for i in 0..<batch.count {
                    let r = batch.selection.map { Int($0[i]) } ?? i
                    let g = Int(p[r])
                    if seenInBatch[g] != batchNumber {
                        seenInBatch[g] = batchNumber
                        slotInBatch[g] = order.count
                        order.append(g)
                        rows.append([])
                    }
                    rows[slotInBatch[g]].append(r)
                }
            }
            for (k, g) in order.enumerated() { try write(batch, rows: SelectionVector(rows[k]), to: g, now: now) }
        }
        try rollByTime(now: now)
        try emitStaged(output)
    }

    /// Creates the state of the partitions the group table has seen for the first time.
    private func addPartitions() throws(SluiceError) {
        let keyColumns = groups.keyColumns()
        for g in partitions.count..<groups.groupCount {
            let values: [String?] = keyColumns.map { $0.isNull(g) ? nil : $0.formatted(at: g) }
            let path = zip(settings.partitionKeys, values).map { PartitionPath.segment(key: $0, value: $1) }.joined(separator: "/")
            var time: Int64?
            if settings.commit.trigger == .partitionTime {
                time = try settings.commit.partitionTime(keys: settings.partitionKeys, values: values, partition: path)
            }
            partitions.append(Partition(path: path, values: values, time: time, file: nil))
            seenInBatch.append(0)
            slotInBatch.append(0)
        }
    }

    private func write(_ batch: RecordBatch, rows: SelectionVector?, to g: Int, now: Int64) throws(SluiceError) {
        if partitions[g].file == nil {
            let dir = settings.directory + "/" + partitions[g].path
            try FileSink.makeDirectories(dir)
            let sequence = nextSequence
            nextSequence += 1
            let writer = try settings.format.makeWriter(path: inProgressPath(g, sequence), schema: dataSchema)
            partitions[g].file = OpenFile(sequence: sequence, writer: writer, openedAt: now, lastWriteAt: now)
            open.insert(g)
        }
        let columns = dataIndices.map { c in rows.map { Take.take(batch.columns[c], $0) } ?? batch.columns[c] }
        let count = rows?.count ?? batch.count
        try partitions[g].file!.writer.write(try RecordBatch(schema: dataSchema, columns: columns, count: count))
        partitions[g].file!.lastWriteAt = now
        if partitions[g].file!.writer.bytesWritten >= settings.rollingFileSize { try closeFile(g) }
    }

    private func fileName(_ sequence: Int) -> String {
        PartFiles.name(job: jobID, subtask: subtask.index, sequence: sequence, fileExtension: settings.format.fileExtension)
    }
    private func inProgressPath(_ g: Int, _ sequence: Int) -> String {
        "\(settings.directory)/\(partitions[g].path)/.\(fileName(sequence)).inprogress"
    }

    /// Closes partition `g`'s open file: in-progress → pending, staged for the committer.
    private func closeFile(_ g: Int) throws(SluiceError) {
        guard let file = partitions[g].file else { return }
        try file.writer.close()
        partitions[g].file = nil
        open.remove(g)
        let dir = "\(settings.directory)/\(partitions[g].path)"
        let pending = "\(dir)/.\(fileName(file.sequence)).pending"
        try PartFiles.rename(inProgressPath(g, file.sequence), pending)
        staged.append((partitions[g].path, pending, "\(dir)/\(fileName(file.sequence))"))
    }

    private func closeAll() throws(SluiceError) {
        for g in open.sorted() { try closeFile(g) }
    }

    private func rollByTime(now: Int64) throws(SluiceError) {
        let due = open.filter { g in
            guard let file = partitions[g].file else { return false }
            return now - file.openedAt >= settings.rolloverIntervalMicros || now - file.lastWriteAt >= settings.inactivityIntervalMicros
        }
        for g in due.sorted() { try closeFile(g) }
    }

    private func emitStaged(_ output: Output) throws(SluiceError) {
        guard !staged.isEmpty else { return }
        let columns = [staged.map(\.partition), staged.map(\.pending), staged.map(\.final)].map { values in
            var b = StringColumnBuilder(capacity: values.count)
            for v in values { b.append(v) }
            return b.finish()
        }
        staged.removeAll()
        try output.emit(try RecordBatch(schema: PartitionCommitter.stagedSchema, columns: columns))
    }

    /// Partition-time trigger: a partition the watermark has passed is complete, so its file closes.
    public func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) {
        self.watermark = watermark.timestamp
        if settings.commit.trigger == .partitionTime {
            for g in open.sorted() {
                if let time = partitions[g].time, time &+ settings.commit.delayMicros < watermark.timestamp { try closeFile(g) }
            }
        }
        try rollByTime(now: clock.nowMicros())
        try emitStaged(output)
        try output.emitWatermark(watermark)
    }

    /// Open files roll at their rollover or inactivity time even when no row arrives.
    public func processingTimeDeadline() -> Int64? {
        var earliest: Int64?
        for g in open {
            guard let file = partitions[g].file else { continue }
            let due = min(file.openedAt &+ settings.rolloverIntervalMicros, file.lastWriteAt &+ settings.inactivityIntervalMicros)
            earliest = min(earliest ?? due, due)
        }
        return earliest.map { clock.wakeupNanos(at: $0) }
    }

    public func onProcessingTime(output: Output) throws(SluiceError) {
        try rollByTime(now: clock.nowMicros())
        try emitStaged(output)
    }

    public func prepareSnapshotPreBarrier(checkpointID: Int64, output: Output) throws(SluiceError) {
        guard settings.exactlyOnce else { return }
        try closeAll()
        try emitStaged(output)
    }

    public func snapshotState(checkpointID: Int64) throws(SluiceError) -> OperatorSnapshot? {
        guard settings.exactlyOnce else { return nil }
        return OperatorSnapshot(bytes: Array("\(subtask.index) \(nextSequence)\n".utf8))
    }

    /// Removes the files of this job's (old) subtasks opened after the restored checkpoint.
    public func restoreState(_ snapshots: [RestoredSnapshot]) throws(SluiceError) {
        var keepBelow: [Int: Int] = [:]
        for restored in snapshots {
            let head = String(decoding: restored.snapshot.bytes, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" })
                .compactMap { Int($0) }
            guard head.count == 2 else {
                throw SluiceError(.corruptState, "partitioned file sink snapshot is malformed", context: .init(file: settings.directory))
            }
            keepBelow[head[0]] = head[1]
            if head[0] == subtask.index { nextSequence = max(nextSequence, head[1]) }
        }
        if keepBelow.isEmpty { keepBelow[subtask.index] = 0 }
        let files = try PartFiles.files(under: settings.directory, recursive: true, hidden: true).map(\.path)
        try PartFiles.removeWritten(after: keepBelow, among: files, job: jobID, fileExtension: settings.format.fileExtension)
    }

    public func finish(output: Output) throws(SluiceError) {
        try closeAll()
        try emitStaged(output)
    }

    public func close() {
        for g in open { try? partitions[g].file?.writer.close() }
    }
}
