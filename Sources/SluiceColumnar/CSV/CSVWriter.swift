/// Writes `RecordBatch`es as CSV text to a file or to memory: header, delimiter, quoting, null literal.
///
/// Values are written as `Column.formatted(at:)` prints them (timestamps and times with their column's
/// precision, decimals with their scale, booleans as TRUE/FALSE), except BYTES, which are written as
/// their raw bytes so that `CSVReader` reads them back unchanged. A field is quoted when it contains
/// the delimiter, the quote, CR or LF, starts with the quote, or (for strings) would otherwise read
/// back as NULL; quotes inside are doubled. Only the selected rows of a batch are written.
///
/// NULL is written as the null literal, or as an empty field when there is none (see `CSVOptions`).
/// Limitation: in a one-column file an empty unquoted field is an empty line, which readers skip.
/// Output is buffered and written in about 1 MiB pieces; call `close()` to flush.
public final class CSVWriter {
    public let schema: Schema
    public let options: CSVOptions
    private var sink: TextFileOutput
    private var out: [UInt8] = []
    private let nullLiteral: [UInt8]
    private var timestamps = TimestampBytes()
    /// Timestamp text (digits, '-', ':', '.', ' ') never needs quotes unless the delimiter or quote is one of those.
    private lazy var plainTimestamps = !Array("0123456789-:. ".utf8).contains { $0 == options.delimiter || $0 == options.quote }

    /// Creates (or truncates) the file at `path` and writes the header when the options ask for one.
    public init(path: String, schema: Schema, options: CSVOptions = CSVOptions()) throws(SluiceError) {
        try options.validate()
        self.schema = schema
        self.options = options
        nullLiteral = Array((options.nullLiteral ?? "").utf8)
        sink = TextFileOutput(file: try PosixFile.openForWriting(path))
        out.reserveCapacity(TextFileOutput.flushSize + 4096)
        writeHeader()
    }

    /// A writer that collects the text in memory (see `bytes`).
    public init(schema: Schema, options: CSVOptions = CSVOptions()) throws(SluiceError) {
        try options.validate()
        self.schema = schema
        self.options = options
        nullLiteral = Array((options.nullLiteral ?? "").utf8)
        sink = TextFileOutput(file: nil)
        writeHeader()
    }

    /// The text written so far (in-memory writers only).
    public var bytes: [UInt8] { sink.written + out }

    /// The CSV text of `batches`.
    public static func encode(_ batches: [RecordBatch], schema: Schema,
                              options: CSVOptions = CSVOptions()) throws(SluiceError) -> [UInt8] {
        let writer = try CSVWriter(schema: schema, options: options)
        for batch in batches { try writer.write(batch) }
        try writer.close()
        return writer.bytes
    }

    /// Appends the rows of `batch` (its selected rows, when it has a selection).
    public func write(_ batch: RecordBatch) throws(SluiceError) {
        guard !sink.closed else { throw .internalError("CSV writer used after close()") }
        guard batch.schema.hasSameColumnTypes(as: schema) else {
            throw .invalidInput("batch schema \(batch.schema) does not match the CSV writer's schema \(schema)")
        }
        if batch.isChangelog {
            for logical in 0..<batch.count {
                let kind = batch.rowKind(at: batch.selection.map { $0[logical] } ?? logical)
                guard kind == .insert else {
                    throw .unsupported("CSV files hold only inserted rows, found a \(kind) row; write an append-only stream or convert the changelog first")
                }
            }
        }
        let columns = batch.columns
        for logical in 0..<batch.count {
            let row = batch.selection.map { $0[logical] } ?? logical
            for (c, column) in columns.enumerated() {
                if c > 0 { out.append(options.delimiter) }
                appendField(column, row)
            }
            out.append(0x0A)
            if out.count >= TextFileOutput.flushSize { try flush() }
        }
    }

    /// Writes what is buffered and closes the file; further writes fail.
    public func close() throws(SluiceError) { try sink.close(&out) }

    /// Bytes written so far, buffered ones included (for size-based rolling of files).
    public var bytesWritten: Int { sink.flushedBytes + out.count }

    private func flush() throws(SluiceError) { try sink.flush(&out) }

    private func writeHeader() {
        guard options.hasHeader else { return }
        for (i, name) in schema.names.enumerated() {
            if i > 0 { out.append(options.delimiter) }
            appendText(Array(name.utf8), isString: true)
        }
        out.append(0x0A)
    }

    private func appendField(_ column: Column, _ row: Int) {
        if column.isNull(row) {
            out.append(contentsOf: nullLiteral)
            return
        }
        switch (column.storage, column.type) {
        case (.variable(let offsets, let bytes), _):
            let start = Int(offsets.load(Int32.self, at: row))
            let end = Int(offsets.load(Int32.self, at: row + 1))
            bytes.withUnsafeBytes { appendText(UnsafeBufferPointer(rebasing: $0.bindMemory(to: UInt8.self)[start..<end]), isString: true) }
        case (.dictionary(let codes, let dictionary), _):
            let code = Int(codes.load(Int32.self, at: row))
            let start = Int(dictionary.offsets.load(Int32.self, at: code))
            let end = Int(dictionary.offsets.load(Int32.self, at: code + 1))
            dictionary.bytes.withUnsafeBytes {
                appendText(UnsafeBufferPointer(rebasing: $0.bindMemory(to: UInt8.self)[start..<end]), isString: true)
            }
        case (.fixed(let values), .int64):
            appendInteger(values.load(Int64.self, at: row))
        case (.fixed(let values), .int32):
            appendInteger(Int64(values.load(Int32.self, at: row)))
        case (.fixed(let values), .timestamp(let precision)) where plainTimestamps,
             (.fixed(let values), .timestampLTZ(let precision)) where plainTimestamps:
            timestamps.append(micros: values.load(Int64.self, at: row), precision: precision, to: &out)
        case (_, .binary):
            if case .binary(let raw) = column.value(at: row) { appendText(raw, isString: true) }
        case (_, .string):
            if case .string(var text) = column.value(at: row) {
                text.withUTF8 { appendText($0, isString: true) }
            }
        default:
            var text = column.formatted(at: row)
            text.withUTF8 { appendText($0, isString: false) }
        }
    }

    private func appendText(_ bytes: [UInt8], isString: Bool) {
        bytes.withUnsafeBufferPointer { appendText($0, isString: isString) }
    }

    /// Appends a field, quoting it when it would not read back as itself.
    private func appendText(_ bytes: UnsafeBufferPointer<UInt8>, isString: Bool) {
        let delimiter = options.delimiter, quote = options.quote
        var needsQuotes = bytes.first == quote
        if !needsQuotes {
            for b in bytes where b == delimiter || b == quote || b == 0x0A || b == 0x0D {
                needsQuotes = true
                break
            }
        }
        if !needsQuotes && isString {
            // A string that equals the null literal (or is empty when NULL is written empty, or alone on
            // its line) would read back as NULL or be skipped.
            if options.nullLiteral != nil && bytes.elementsEqual(nullLiteral) { needsQuotes = true }
            if bytes.isEmpty && schema.count == 1 { needsQuotes = true }
        }
        guard needsQuotes else {
            out.append(contentsOf: bytes)
            return
        }
        out.append(quote)
        for b in bytes {
            if b == quote { out.append(quote) }
            out.append(b)
        }
        out.append(quote)
    }

    private func appendInteger(_ value: Int64) { IntegerBytes.append(value, to: &out) }
}
