/// How JSON lines are read and written: Flink's `json` format options.
///
/// A file holds one JSON object per line (JSON Lines). Reading maps each object's members to the
/// schema's columns by exact (case-sensitive) name; members the schema does not name are ignored, and a
/// missing member is NULL unless `failOnMissingField`. Values convert as Flink's format converts them:
/// numbers also from strings (`"42"` into BIGINT), strings from any value (an object into a STRING
/// column is its JSON text), TIMESTAMP from `yyyy-MM-dd HH:mm:ss[.f…]` or ISO-8601
/// (`yyyy-MM-ddTHH:mm:ss[.f…][Z]`), BYTES from base64, ROW from a nested object.
public struct JSONOptions: Sendable, Equatable {
    /// How the writer prints TIMESTAMP values (the reader takes both).
    public enum TimestampFormat: String, Sendable, Equatable, CaseIterable {
        /// `2020-12-30 12:13:14.123`: Flink's default, `'json.timestamp-format.standard' = 'SQL'`.
        case sql = "SQL"
        /// `2020-12-30T12:13:14.123` (and a `Z` for TIMESTAMP_LTZ).
        case iso8601 = "ISO-8601"
    }

    /// Skip lines that do not parse (counted in `JSONLinesReader.skippedLines`) instead of failing.
    public var ignoreParseErrors: Bool
    /// Fail when an object lacks a member for some column, instead of reading NULL.
    public var failOnMissingField: Bool
    /// Rows per batch produced by the reader.
    public var batchSize: Int
    /// Read only these columns (indices into the schema, in output order), or every column when nil.
    public var projection: [Int]?
    /// The writer's TIMESTAMP form.
    public var timestampFormat: TimestampFormat
    /// The writer leaves out members whose value is NULL (`'json.encode.ignore-null-fields'`).
    public var ignoreNullFields: Bool

    public init(ignoreParseErrors: Bool = false, failOnMissingField: Bool = false, batchSize: Int = 8192,
                timestampFormat: TimestampFormat = .sql, ignoreNullFields: Bool = false) {
        self.ignoreParseErrors = ignoreParseErrors
        self.failOnMissingField = failOnMissingField
        self.batchSize = batchSize
        projection = nil
        self.timestampFormat = timestampFormat
        self.ignoreNullFields = ignoreNullFields
    }

    /// Checks that the options make sense together and says how to fix them.
    public func validate() throws(SluiceError) {
        guard batchSize >= 1 && batchSize <= 1 << 20 else {
            throw .invalidInput("JSON batch size \(batchSize) is out of range; use 1 to \(1 << 20) rows")
        }
        if ignoreParseErrors && failOnMissingField {
            throw .invalidInput("JSON options fail-on-missing-field and ignore-parse-errors are both true; "
                + "set at most one of them (a missing field either fails the job or skips the line)")
        }
    }
}
