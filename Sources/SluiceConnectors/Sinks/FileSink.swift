#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar
import SluiceRuntime

/// Writes rows as files in `directory` in a `FileFormat` (CSV, JSON Lines): one part file per
/// subtask, `part-<subtask>.<ext>` (a CSV file with its header once at its top when the options ask for
/// one). The directory is created when missing.
///
/// Append-only: a changelog input (rows other than +I, e.g. from a streaming aggregate) fails with an
/// error, since a file cannot retract a line. Failures to create the directory or write a file are
/// `.io` errors naming the path. Not transactional: a failed job leaves partial files (see
/// `TransactionalFileSink` for exactly-once files).
public final class FileSink: Operator {
    public let directory: String
    public let schema: Schema
    public let format: FileFormat
    private let subtask: SubtaskInfo
    private var writer: (any BatchFileWriter)?

    public init(directory: String, schema: Schema, format: FileFormat = .csv(CSVOptions()), subtask: SubtaskInfo) {
        self.directory = directory
        self.schema = schema
        self.format = format
        self.subtask = subtask
    }

    /// The file subtask `index` writes.
    public static func partPath(directory: String, subtask index: Int, fileExtension: String = "csv") -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + "part-\(index).\(fileExtension)"
    }

    public var path: String { FileSink.partPath(directory: directory, subtask: subtask.index, fileExtension: format.fileExtension) }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        try FileSink.makeDirectories(directory)
        writer = try format.makeWriter(path: path, schema: schema)
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        if let kind = FileSink.firstNonInsert(batch) {
            throw SluiceError(.invalidInput, "the file sink writes append-only rows, but its input is a changelog with "
                + "\(kind) rows (e.g. from a streaming aggregate); run the job in batch mode or use a sink that takes "
                + "updates (print, collect)", context: .init(file: path))
        }
        try writer!.write(batch)
    }

    public func finish(output: Output) throws(SluiceError) {
        try writer?.close()
    }

    public func close() {
        try? writer?.close()
        writer = nil
    }

    static func firstNonInsert(_ batch: RecordBatch) -> RowKind? {
        guard batch.rowKinds != nil else { return nil }
        for i in 0..<batch.count {
            let kind = batch.rowKind(at: batch.selection.map { $0[i] } ?? i)
            if kind != .insert { return kind }
        }
        return nil
    }

    /// `mkdir -p`: creates `path` and its missing parents.
    static func makeDirectories(_ path: String) throws(SluiceError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                let reason = String(cString: strerror(errno))
                throw SluiceError(.io, "cannot create output directory '\(prefix)' for the file sink: \(reason)",
                                  context: .init(file: path))
            }
            prefix += "/"
        }
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
            throw SluiceError(.io, "the file sink's output path '\(path)' exists but is not a directory; "
                + "give a directory path", context: .init(file: path))
        }
    }
}

extension JobGraph {
    /// Adds a CSV file sink writing `directory/part-<subtask>.csv` (see `FileSink`).
    @discardableResult
    public mutating func addCSVFileSink(name: String, uid: String? = nil, parallelism: Int = 1, schema: Schema,
                                        directory: String, options: CSVOptions = CSVOptions()) -> VertexID {
        addFileSink(name: name, uid: uid, parallelism: parallelism, schema: schema, directory: directory, format: .csv(options))
    }

    /// Adds a file sink writing `directory/part-<subtask>.<ext>` in `format` (see `FileSink`).
    @discardableResult
    public mutating func addFileSink(name: String, uid: String? = nil, parallelism: Int = 1, schema: Schema,
                                     directory: String, format: FileFormat) -> VertexID {
        addOperator(name: name, uid: uid, parallelism: parallelism, schema: schema) {
            FileSink(directory: directory, schema: schema, format: format, subtask: $0)
        }
    }
}
