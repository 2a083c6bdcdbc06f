import SluiceColumnar

/// The row format of a filesystem table's files: Flink's `'format'` option.
public enum FileFormat: Sendable, Equatable {
    case csv(CSVOptions)
    case json(JSONOptions)

    /// The extension of the part files a sink writes.
    public var fileExtension: String {
        switch self {
        case .csv: return "csv"
        case .json: return "json"
        }
    }

    /// True when the reader skips and counts lines that do not parse.
    public var ignoresParseErrors: Bool {
        switch self {
        case .csv(let o): return o.ignoreParseErrors
        case .json(let o): return o.ignoreParseErrors
        }
    }

    /// The same format reading only `columns` of the file's schema (nil: every column).
    public func projecting(_ columns: [Int]?) -> FileFormat {
        switch self {
        case .csv(var o):
            o.projection = columns
            return .csv(o)
        case .json(var o):
            o.projection = columns
            return .json(o)
        }
    }

    /// A reader of one split of a file whose columns are `schema`.
    public func makeReader(split: CSVSplit, schema: Schema) throws(SluiceError) -> any BatchFileReader {
        switch self {
        case .csv(let o): return try CSVReader(split: split, schema: schema, options: o)
        case .json(let o): return try JSONLinesReader(split: split, schema: schema, options: o)
        }
    }

    /// A writer creating (or truncating) the file at `path`.
    public func makeWriter(path: String, schema: Schema) throws(SluiceError) -> any BatchFileWriter {
        switch self {
        case .csv(let o): return try CSVWriter(path: path, schema: schema, options: o)
        case .json(let o): return try JSONLinesWriter(path: path, schema: schema, options: o)
        }
    }

    /// Checks the format's options.
    public func validate() throws(SluiceError) {
        switch self {
        case .csv(let o): try o.validate()
        case .json(let o): try o.validate()
        }
    }
}

/// Reads batches from one split of a file (`CSVReader`, `JSONLinesReader`).
public protocol BatchFileReader: AnyObject {
    func next() throws(SluiceError) -> RecordBatch?
    /// Lines skipped because they did not parse (with the format's ignore-parse-errors option).
    var skippedLines: Int { get }
}

/// Writes batches to one file (`CSVWriter`, `JSONLinesWriter`).
public protocol BatchFileWriter: AnyObject {
    func write(_ batch: RecordBatch) throws(SluiceError)
    func close() throws(SluiceError)
    /// Bytes written so far, buffered ones included.
    var bytesWritten: Int { get }
}

extension CSVReader: BatchFileReader {}
extension JSONLinesReader: BatchFileReader {}
extension CSVWriter: BatchFileWriter {}
extension JSONLinesWriter: BatchFileWriter {}
