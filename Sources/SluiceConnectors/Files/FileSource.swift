import SluiceColumnar
import SluiceRuntime

/// A bounded source over a filesystem table: one file or a directory of files (read recursively) in
/// a `FileFormat`, split across subtasks by `FileSplitPlanner`, so every line is read exactly once at
/// any parallelism.
///
/// `schema` is the table's columns. For a table PARTITIONED BY some of them, the files hold the other
/// columns and the partition values come from the `key=value` directories (Flink's layout); they are
/// cast from their text to the column type (`__DEFAULT_PARTITION__` is NULL). `projection` (indices
/// into `schema`) says which columns to emit, in order; only those are parsed.
///
/// With the format's ignore-parse-errors option bad lines are skipped and counted in the subtask's
/// metrics as `custom["skippedLines"]`; otherwise the first bad line fails the job with an
/// `.invalidInput` error naming the file, the line and the column. One batch per `poll`.
public final class FileSource: SourceReader {
    public let path: String
    public let schema: Schema
    public let format: FileFormat
    public let partitionKeys: [String]
    public let projection: [Int]
    private let subtask: SubtaskInfo
    /// The columns stored in the files: the schema without the partition columns.
    private let fileSchema: Schema
    /// For each output column: its index in the file's columns read, or the partition key it takes.
    private let sources: [Source]
    /// File columns read (indices into `fileSchema`), in the order the reader returns them.
    private let fileProjection: [Int]
    private let outputSchema: Schema
    private var splits: [FileSplit] = []
    private var nextSplit = 0
    private var reader: (any BatchFileReader)?
    private var partitionColumns: [String: Column] = [:]
    private var metrics: OperatorMetrics?
    private var skippedBefore = 0
    private var rowsEmitted = 0
    private var splitName = ""
    /// The rest of a batch cut by a restore, emitted first.
    private var carried: RecordBatch?

    enum Source: Equatable {
        case file(Int)
        case partition(String)
    }

    public init(path: String, schema: Schema, format: FileFormat, partitionKeys: [String] = [],
                projection: [Int]? = nil, subtask: SubtaskInfo) {
        self.path = path
        self.schema = schema
        self.format = format
        self.partitionKeys = partitionKeys
        self.projection = projection ?? Array(0..<schema.count)
        self.subtask = subtask
        let isKey = schema.fields.map { f in partitionKeys.contains { $0.lowercased() == f.name.lowercased() } }
        let fileColumns = schema.fields.indices.filter { !isKey[$0] }
        fileSchema = schema.project(fileColumns)
        var read: [Int] = []
        var sources: [Source] = []
        for c in self.projection {
            if isKey[c] {
                sources.append(.partition(schema[c].name))
            } else {
                let f = fileColumns.firstIndex(of: c)!
                sources.append(.file(read.count))
                read.append(f)
            }
        }
        // A query that needs only partition columns still reads the files (for their row count).
        if read.isEmpty && !fileColumns.isEmpty { read = [0] }
        fileProjection = read
        self.sources = sources
        outputSchema = schema.project(self.projection)
    }

    /// The schema of the batches: the projected columns of `schema`.
    public static func outputSchema(schema: Schema, projection: [Int]?) -> Schema {
        projection.map { schema.project($0) } ?? schema
    }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        metrics = context.metrics
        splits = try FileSplitPlanner.plan(path: path, parallelism: subtask.parallelism, partitionKeys: partitionKeys)[subtask.index]
        splitName = splits.isEmpty ? "\(path) (no split for subtask \(subtask.index + 1))"
                                   : splits.map(\.description).joined(separator: ", ")
        if format.ignoresParseErrors { context.metrics.custom["skippedLines"] = 0 }
    }

    /// The next batch of the current split, moving to the next split at the end of one.
    private func nextBatch() throws(SluiceError) -> RecordBatch? {
        while true {
            if reader == nil {
                guard nextSplit < splits.count else { return nil }
                try startSplit(splits[nextSplit])
                nextSplit += 1
            }
            let batch = try reader!.next()
            if format.ignoresParseErrors { metrics?.custom["skippedLines"] = skippedBefore + reader!.skippedLines }
            if let batch { return try assemble(batch) }
            skippedBefore += reader!.skippedLines
            reader = nil
        }
    }

    private func startSplit(_ split: FileSplit) throws(SluiceError) {
        guard fileSchema.count > 0 else {
            throw .unsupported("table at '\(path)' has only partition columns; declare at least one column stored in its files")
        }
        reader = try format.projecting(fileProjection).makeReader(split: split.range, schema: fileSchema)
        partitionColumns = [:]
        for (key, value) in split.partition {
            guard let field = schema.fields.first(where: { $0.name.lowercased() == key.lowercased() }) else { continue }
            let text = try Column.repeating(value.map { .string($0) } ?? .null, type: .string, count: 1)
            do {
                partitionColumns[key] = try Cast.cast(text, to: field.type)
            } catch {
                throw SluiceError(.invalidInput, "partition value '\(value ?? "")' of `\(key)` is not a \(field.type): \(error.message)",
                                  context: .init(column: key, file: split.range.path))
            }
        }
    }

    /// The output columns in order: file columns as read, partition columns as constants.
    private func assemble(_ batch: RecordBatch) throws(SluiceError) -> RecordBatch {
        if partitionKeys.isEmpty { return batch }
        var columns: [Column] = []
        for (i, source) in sources.enumerated() {
            switch source {
            case .file(let k): columns.append(batch.columns[k])
            case .partition(let key):
                let one = partitionColumns[key]!
                columns.append(try Column.repeating(one.value(at: 0), type: schema[projection[i]].type, count: batch.count))
            }
        }
        return try RecordBatch(schema: outputSchema, columns: columns, count: batch.count)
    }

    public func poll(output: Output) throws(SluiceError) -> SourceStatus {
        if let rest = carried {
            carried = nil
            rowsEmitted += rest.count
            try output.emit(rest)
            return .moreAvailable
        }
        guard let batch = try nextBatch() else { return .endOfInput }
        rowsEmitted += batch.count
        try output.emit(batch)
        return .moreAvailable
    }

    /// The position is the number of rows of this subtask's splits emitted so far.
    public func snapshotPosition() throws(SluiceError) -> [SplitPosition]? {
        [SplitPosition(split: splitName, offset: Int64(rowsEmitted))]
    }

    /// Skips the rows emitted before the checkpoint (re-reading them: batches are cut the same way on
    /// every run of a split).
    public func restore(_ positions: [SplitPosition]) throws(SluiceError) {
        guard positions.count == 1, positions[0].split == splitName, positions[0].offset >= 0 else {
            throw SluiceError(.invalidInput, "file source subtask \(subtask.displayName) cannot restore \(positions): its splits are "
                + "\(splitName); were the files changed, or the parallelism of the source?", context: .init(file: path))
        }
        var skip = Int(positions[0].offset)
        while skip > 0 {
            guard let batch = try nextBatch() else {
                throw SluiceError(.invalidInput, "the splits \(splitName) have fewer rows than the \(positions[0].offset) read "
                    + "before the checkpoint; the files changed since", context: .init(file: path))
            }
            if batch.count > skip { carried = batch.slice(skip, batch.count - skip) }
            skip -= min(skip, batch.count)
        }
        rowsEmitted = Int(positions[0].offset)
    }

    public func close() { reader = nil }
}

extension JobGraph {
    /// Adds a CSV file source of `schema` (batches of its projected columns, per `options.projection`)
    /// read by `parallelism` subtasks in byte-range splits.
    @discardableResult
    public mutating func addCSVSource(name: String, uid: String? = nil, parallelism: Int = 1, path: String,
                                      schema: Schema, options: CSVOptions = CSVOptions()) -> VertexID {
        var whole = options
        whole.projection = nil
        return addFileSource(name: name, uid: uid, parallelism: parallelism, path: path, schema: schema,
                             format: .csv(whole), projection: options.projection)
    }

    /// Adds a source over the file or directory at `path` (see `FileSource`).
    @discardableResult
    public mutating func addFileSource(name: String, uid: String? = nil, parallelism: Int = 1, path: String, schema: Schema,
                                       format: FileFormat, partitionKeys: [String] = [], projection: [Int]? = nil) -> VertexID {
        addSource(name: name, uid: uid, parallelism: parallelism,
                  schema: FileSource.outputSchema(schema: schema, projection: projection)) {
            FileSource(path: path, schema: schema, format: format, partitionKeys: partitionKeys, projection: projection, subtask: $0)
        }
    }
}
