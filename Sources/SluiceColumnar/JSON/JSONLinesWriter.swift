/// Writes `RecordBatch`es as JSON Lines (one object per row, members in schema order) to a file or to
/// memory: Flink's `json` format for the filesystem sink.
///
/// Values: numbers and booleans as JSON numbers and literals (FLOAT/DOUBLE as Java prints them;
/// NaN and infinities as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`), DECIMAL as a plain
/// number, STRING escaped, BYTES as base64, DATE/TIME/TIMESTAMP/intervals as strings in the form
/// `JSONLinesReader` reads back (TIMESTAMP per `JSONOptions.timestampFormat`), ROW as a nested
/// object, NULL as `null` (or left out with `ignoreNullFields`). Only the selected rows of a batch are
/// written. Output is buffered and written in about 1 MiB pieces; call `close()` to flush.
public final class JSONLinesWriter {
    public let schema: Schema
    public let options: JSONOptions
    private var sink: TextFileOutput
    private var out: [UInt8] = []
    private var timestamps = TimestampBytes()
    private let names: [[UInt8]]

    /// Creates (or truncates) the file at `path`.
    public init(path: String, schema: Schema, options: JSONOptions = JSONOptions()) throws(SluiceError) {
        try options.validate()
        self.schema = schema
        self.options = options
        names = schema.names.map { JSONLinesWriter.quotedName($0) }
        sink = TextFileOutput(file: try PosixFile.openForWriting(path))
        out.reserveCapacity(TextFileOutput.flushSize + 4096)
    }

    /// A writer that collects the text in memory (see `bytes`).
    public init(schema: Schema, options: JSONOptions = JSONOptions()) throws(SluiceError) {
        try options.validate()
        self.schema = schema
        self.options = options
        names = schema.names.map { JSONLinesWriter.quotedName($0) }
        sink = TextFileOutput(file: nil)
    }

    /// The text written so far (in-memory writers only).
    public var bytes: [UInt8] { sink.written + out }

    /// The JSON Lines text of `batches`.
    public static func encode(_ batches: [RecordBatch], schema: Schema, options: JSONOptions = JSONOptions()) throws(SluiceError) -> [UInt8] {
        let writer = try JSONLinesWriter(schema: schema, options: options)
        for batch in batches { try writer.write(batch) }
        try writer.close()
        return writer.bytes
    }

    private static func quotedName(_ name: String) -> [UInt8] {
        var text: [UInt8] = []
        appendString(Array(name.utf8), to: &text)
        text.append(UInt8(ascii: ":"))
        return text
    }

    /// Appends the rows of `batch` (its selected rows, when it has a selection).
    public func write(_ batch: RecordBatch) throws(SluiceError) {
        guard !sink.closed else { throw .internalError("JSON writer used after close()") }
        guard batch.schema.hasSameColumnTypes(as: schema) else {
            throw .invalidInput("batch schema \(batch.schema) does not match the JSON writer's schema \(schema)")
        }
        let columns = batch.columns
        for logical in 0..<batch.count {
            let row = batch.selection.map { $0[logical] } ?? logical
            if batch.isChangelog, batch.rowKind(at: row) != .insert {
                throw .unsupported("JSON files hold only inserted rows, found a \(batch.rowKind(at: row)) row; write an append-only stream or convert the changelog first")
            }
            out.append(UInt8(ascii: "{"))
            var first = true
            for (c, column) in columns.enumerated() {
                if options.ignoreNullFields && column.isNull(row) { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                out.append(contentsOf: names[c])
                appendField(column, row)
            }
            out.append(UInt8(ascii: "}"))
            out.append(0x0A)
            if out.count >= TextFileOutput.flushSize { try flush() }
        }
    }

    /// Writes what is buffered and closes the file; further writes fail.
    public func close() throws(SluiceError) { try sink.close(&out) }

    /// Bytes written so far, buffered ones included (for size-based rolling of files).
    public var bytesWritten: Int { sink.flushedBytes + out.count }

    private func flush() throws(SluiceError) { try sink.flush(&out) }

    /// Strings straight from the column's bytes; everything else through its `Value`.
    private func appendField(_ column: Column, _ row: Int) {
        if column.isNull(row) {
            appendLiteral("null")
            return
        }
        switch (column.storage, column.type) {
        case (.variable(let offsets, let bytes), .string):
            let start = Int(offsets.load(Int32.self, at: row))
            let end = Int(offsets.load(Int32.self, at: row + 1))
            bytes.withUnsafeBytes { JSONLinesWriter.appendString(UnsafeBufferPointer(rebasing: $0.bindMemory(to: UInt8.self)[start..<end]), to: &out) }
        case (.dictionary(let codes, let dictionary), .string):
            let code = Int(codes.load(Int32.self, at: row))
            let start = Int(dictionary.offsets.load(Int32.self, at: code))
            let end = Int(dictionary.offsets.load(Int32.self, at: code + 1))
            dictionary.bytes.withUnsafeBytes {
                JSONLinesWriter.appendString(UnsafeBufferPointer(rebasing: $0.bindMemory(to: UInt8.self)[start..<end]), to: &out)
            }
        case (.fixed(let values), .timestamp), (.fixed(let values), .timestampLTZ):
            appendTimestamp(values.load(Int64.self, at: row), column.type)
        case (.fixed(let values), .int64):
            appendInteger(values.load(Int64.self, at: row))
        default:
            appendValue(column.value(at: row), column.type)
        }
    }

    private func appendInteger(_ value: Int64) { IntegerBytes.append(value, to: &out) }

    /// `"2020-12-30 12:13:14.123"`, or ISO-8601 (`T`, and `Z` for TIMESTAMP_LTZ) per the options.
    private func appendTimestamp(_ micros: Int64, _ type: DataType) {
        var precision = 3
        var isLocal = false
        switch type {
        case .timestamp(let p): precision = p
        case .timestampLTZ(let p): (precision, isLocal) = (p, true)
        default: break
        }
        let iso = options.timestampFormat == .iso8601
        out.append(UInt8(ascii: "\""))
        timestamps.append(micros: micros, precision: precision, separator: iso ? UInt8(ascii: "T") : 0x20, to: &out)
        if iso && isLocal { out.append(UInt8(ascii: "Z")) }
        out.append(UInt8(ascii: "\""))
    }

    private func appendValue(_ value: Value, _ type: DataType) {
        switch (value, type) {
        case (.null, _):
            appendLiteral("null")
        case (.boolean(let b), _):
            appendLiteral(b ? "true" : "false")
        case (.int(let v), _):
            appendInteger(v)
        case (.float(let v), _):
            let text = FloatFormat.flinkString(v)
            if v.isFinite { out.append(contentsOf: Array(text.utf8)) } else { JSONLinesWriter.appendString(Array(text.utf8), to: &out) }
        case (.decimal(let unscaled, let scale), _):
            out.append(contentsOf: Array(DecimalFormat.string(unscaled: unscaled, scale: scale).utf8))
        case (.string(let s), _):
            JSONLinesWriter.appendString(Array(s.utf8), to: &out)
        case (.binary(let bytes), _):
            var text: [UInt8] = []
            bytes.withUnsafeBufferPointer { Base64.encode($0, into: &text) }
            JSONLinesWriter.appendString(text, to: &out)
        case (.timestamp(let t), .timestamp), (.timestamp(let t), .timestampLTZ):
            appendTimestamp(t, type)
        case (.row(let values), .row(let fields)):
            out.append(UInt8(ascii: "{"))
            var first = true
            for (v, field) in zip(values, fields) {
                if options.ignoreNullFields && v == .null { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                out.append(contentsOf: JSONLinesWriter.quotedName(field.name))
                appendValue(v, field.type)
            }
            out.append(UInt8(ascii: "}"))
        default:
            JSONLinesWriter.appendString(Array(Column.formatted(value, type).utf8), to: &out)
        }
    }

    private func appendLiteral(_ word: StaticString) {
        out.append(contentsOf: UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
    }

    static func appendString(_ bytes: [UInt8], to out: inout [UInt8]) {
        bytes.withUnsafeBufferPointer { appendString($0, to: &out) }
    }

    /// Appends `"…"` with `"`, `\` and control characters escaped.
    static func appendString(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in bytes {
            guard b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 else {
                out.append(b)
                continue
            }
            out.append(UInt8(ascii: "\\"))
            switch b {
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            case 0..<0x20:
                // \u00XX with lower-case hex digits.
                out.append(UInt8(ascii: "u")); out.append(0x30); out.append(0x30)
                for nibble in [b >> 4, b & 15] { out.append(nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10) }
            default: out.append(b)   // `"` or `\` after its backslash
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
