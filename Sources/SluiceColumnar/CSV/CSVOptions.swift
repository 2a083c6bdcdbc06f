/// How a CSV file is laid out and how strictly it is read: delimiter, quoting, header, nulls, errors.
///
/// The defaults follow Flink's `csv` format: comma, double quote, and an empty field is NULL for every
/// type except STRING and BYTES (where it is the empty string).
///
/// NULL handling, for reading and writing alike:
/// - `nullLiteral == nil` (default): an empty field is NULL for non-string types and the empty string
///   for STRING/BYTES. The writer writes NULL as an empty field, so a NULL string reads back as "".
/// - `nullLiteral == "NULL"` (or any text, including ""): an *unquoted* field equal to the literal is
///   NULL in every column; a quoted field never is, so `"NULL"` and `""` are strings. An empty
///   field is still NULL for non-string types. The writer writes NULL as the bare literal and quotes
///   strings that equal it, so every value round-trips.
public struct CSVOptions: Sendable, Equatable {
    /// The field separator (one ASCII byte).
    public var delimiter: UInt8
    /// The quote character (one ASCII byte); inside a quoted field it is escaped by doubling it.
    public var quote: UInt8
    /// Whether the first line of the file is a header (skipped when reading, written by the writer).
    public var hasHeader: Bool
    /// The text of a NULL field, or nil for "empty field is NULL except in string columns".
    public var nullLiteral: String?
    /// Skip lines that do not parse (counted in `CSVReader.skippedLines`) instead of failing.
    public var ignoreParseErrors: Bool
    /// Rows per batch produced by the reader.
    public var batchSize: Int
    /// Read only these columns (indices into the schema, in output order), or every column when nil.
    /// Fields outside the projection are split but not parsed, so a malformed value in them is not
    /// detected (projection pushdown: a job that needs one column does not pay for the others).
    public var projection: [Int]?
    /// Return STRING/BYTES columns with few distinct values per batch (at most one per 8 rows, and at
    /// most 4,096) dictionary-encoded: the same values, stored as Int32 codes into a small dictionary,
    /// which comparisons and grouping use directly. Decided per batch and per column; off, every string
    /// column is plain offsets + bytes.
    public var dictionaryEncodeStrings: Bool

    public init(delimiter: UInt8 = UInt8(ascii: ","), quote: UInt8 = UInt8(ascii: "\""), hasHeader: Bool = true,
                nullLiteral: String? = nil, ignoreParseErrors: Bool = false, batchSize: Int = 8192) {
        self.delimiter = delimiter
        self.quote = quote
        self.hasHeader = hasHeader
        self.nullLiteral = nullLiteral
        self.ignoreParseErrors = ignoreParseErrors
        self.batchSize = batchSize
        projection = nil
        dictionaryEncodeStrings = true
    }

    /// Checks that the options make sense together and says how to fix them.
    public func validate() throws(SluiceError) {
        let special: [UInt8] = [0x0A, 0x0D]
        guard delimiter < 0x80, !special.contains(delimiter) else {
            throw .invalidInput("CSV delimiter must be one ASCII character other than CR and LF, found byte \(delimiter)")
        }
        guard quote < 0x80, !special.contains(quote) else {
            throw .invalidInput("CSV quote must be one ASCII character other than CR and LF, found byte \(quote)")
        }
        guard delimiter != quote else {
            throw .invalidInput("CSV delimiter and quote are both '\(Character(Unicode.Scalar(quote)))'; choose different characters")
        }
        guard batchSize >= 1 && batchSize <= 1 << 20 else {
            throw .invalidInput("CSV batch size \(batchSize) is out of range; use 1 to \(1 << 20) rows")
        }
        if let nullLiteral, nullLiteral.utf8.contains(where: { $0 == delimiter || $0 == quote || special.contains($0) }) {
            throw .invalidInput("CSV null literal '\(nullLiteral)' contains the delimiter, the quote or a line break")
        }
    }
}
