import SluiceColumnar
import SluiceRuntime

/// A bounded source that reads one CSV file in parallel: subtask `i` of `p` reads byte-range split
/// `i` of `p` (`CSVSplit.splits`), so every line is read exactly once at any parallelism.
///
/// Options are `CSVOptions` (projection pushdown, header, nulls, batch size). With
/// `ignoreParseErrors` bad lines are skipped and counted in the subtask's metrics as
/// `custom["skippedLines"]`; otherwise the first bad line fails the job with an `.invalidInput` error
/// naming the file, the line and the column. Splits assume no quoted field contains a newline (see
/// `CSVSplit`); read such files at parallelism 1. One batch per `poll`.
public final class CSVSource: SourceReader {
    public let path: String
    public let schema: Schema
    public let options: CSVOptions
    private let subtask: SubtaskInfo
    private var reader: CSVReader?
    private var metrics: OperatorMetrics?
    private var rowsEmitted = 0
    private var splitName = ""
    /// The rest of a batch cut by a restore, emitted first.
    private var carried: RecordBatch?

    public init(path: String, schema: Schema, options: CSVOptions = CSVOptions(), subtask: SubtaskInfo) {
        self.path = path
        self.schema = schema
        self.options = options
        self.subtask = subtask
    }

    /// The schema of the batches: `schema`, or its projected columns.
    public static func outputSchema(schema: Schema, options: CSVOptions) -> Schema {
        options.projection.map { schema.project($0) } ?? schema
    }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        metrics = context.metrics
        let splits = try CSVSplit.splits(path: path, count: subtask.parallelism)
        // A file smaller than `parallelism` bytes has fewer splits; the other subtasks read nothing.
        guard subtask.index < splits.count else {
            splitName = "\(path) (no split for subtask \(subtask.index + 1))"
            return
        }
        splitName = splits[subtask.index].description
        reader = try CSVReader(split: splits[subtask.index], schema: schema, options: options)
        if options.ignoreParseErrors { context.metrics.custom["skippedLines"] = 0 }
    }

    public func poll(output: Output) throws(SluiceError) -> SourceStatus {
        if let rest = carried {
            carried = nil
            rowsEmitted += rest.count
            try output.emit(rest)
            return .moreAvailable
        }
        guard let reader else { return .endOfInput }
        let batch = try reader.next()
        if options.ignoreParseErrors { metrics?.custom["skippedLines"] = reader.skippedLines }
        guard let batch else {
            self.reader = nil
            return .endOfInput
        }
        rowsEmitted += batch.count
        try output.emit(batch)
        return .moreAvailable
    }

    /// The position is the number of rows of this subtask's split emitted so far.
    public func snapshotPosition() throws(SluiceError) -> [SplitPosition]? {
        [SplitPosition(split: splitName, offset: Int64(rowsEmitted))]
    }

    /// Skips the rows emitted before the checkpoint (re-reading them: batches are cut the same way on
    /// every run of a split).
    public func restore(_ positions: [SplitPosition]) throws(SluiceError) {
        guard positions.count == 1, positions[0].split == splitName, positions[0].offset >= 0 else {
            throw SluiceError(.invalidInput, "CSV source subtask \(subtask.displayName) cannot restore \(positions): its split is "
                + "\(splitName); was the file changed or the parallelism of the source?", context: .init(file: path))
        }
        var skip = Int(positions[0].offset)
        while skip > 0 {
            guard let batch = try reader?.next() else {
                throw SluiceError(.invalidInput, "CSV split \(splitName) has fewer rows than the \(positions[0].offset) read "
                    + "before the checkpoint; the file changed since", context: .init(file: path))
            }
            if batch.count > skip { carried = batch.slice(skip, batch.count - skip) }
            skip -= min(skip, batch.count)
        }
        rowsEmitted = Int(positions[0].offset)
    }

    public func close() { reader = nil }
}

extension JobGraph {
    /// Adds a CSV file source of `schema` (batches of `CSVSource.outputSchema`) read by `parallelism`
    /// subtasks in byte-range splits.
    @discardableResult
    public mutating func addCSVSource(name: String, uid: String? = nil, parallelism: Int = 1, path: String,
                                      schema: Schema, options: CSVOptions = CSVOptions()) -> VertexID {
        addSource(name: name, uid: uid, parallelism: parallelism,
                  schema: CSVSource.outputSchema(schema: schema, options: options)) {
            CSVSource(path: path, schema: schema, options: options, subtask: $0)
        }
    }
}
