/// Reads a CSV file, a byte-range split of one, or bytes in memory into `RecordBatch`es typed by a
/// `Schema`.
///
/// Design: the input is read in large chunks into one sliding buffer (`UnsafeCSVReadBuffer`); the
/// tokenizer turns up to `batchSize` records into a matrix of field spans in place; then each column
/// is decoded by one typed loop straight from the bytes into a column builder. No String is made per
/// field and nothing is allocated per row; the buffers are reused from batch to batch.
/// String columns with few distinct values in a batch come out dictionary-encoded
/// (`UnsafeCSVDictionaryEncoder`, `CSVOptions.dictionaryEncodeStrings`).
///
/// Errors: a field that does not parse, a line with the wrong number of fields, or a broken quote
/// fails with `.invalidInput` naming the file, the 1-based physical line, the column, the expected type
/// and the text found. Line numbers are computed only when an error is reported, by counting newlines
/// from the start of the file, so they are exact in every split. With `ignoreParseErrors` such lines are
/// skipped and counted in `skippedLines`, and the first `maxKeptErrors` errors are kept in `errors`.
/// After a thrown error the reader is finished.
///
/// Empty lines are skipped (so a one-column file cannot hold an empty string on a line of its own).
/// TIMESTAMP_LTZ values are read as UTC. Values finer than a TIME/TIMESTAMP column's precision are
/// truncated.
///
/// Threading: a reader is used by one thread at a time; read splits of one file in parallel with one
/// reader per split.
public final class CSVReader {
    /// The columns of the file.
    public let schema: Schema
    /// The columns of the batches returned: the schema, or the projected part of it.
    public let outputSchema: Schema
    /// Schema indices of the output columns.
    let outputColumns: [Int]
    public let options: CSVOptions
    /// The path (or the name given for bytes in memory) that errors name.
    public let name: String
    /// Lines skipped because they did not parse (only with `ignoreParseErrors`).
    public internal(set) var skippedLines = 0
    /// The first `maxKeptErrors` errors of skipped lines, in file order.
    public internal(set) var errors: [SluiceError] = []
    public static let maxKeptErrors = 10
    /// Rows returned so far.
    public private(set) var rowsRead = 0

    let input: UnsafeCSVReadBuffer
    let tokenizer: UnsafeCSVTokenizer
    /// `batchSize × fieldCount` pairs of Int32 (see `UnsafeCSVTokenizer`).
    let spans: UnsafeMutablePointer<Int32>
    let nullBytes: UnsafeMutablePointer<UInt8>
    let scratch = CSVScratch()
    /// Whether plain records take the structural-index fast path (tests turn it off for a reference).
    var plainFastPath = true
    /// Per-batch dictionary encoding of string columns (nil when the options turn it off).
    let dictionaries: UnsafeCSVDictionaryEncoder?
    /// Buffer position of the next record.
    var position = 0
    let splitStart: Int
    let splitEnd: Int
    var started = false
    var finished = false

    /// Reads the whole file at `path`.
    public convenience init(path: String, schema: Schema, options: CSVOptions = CSVOptions()) throws(SluiceError) {
        try self.init(split: CSVSplit(path: path, start: 0, end: Int.max), schema: schema, options: options)
    }

    /// Reads the lines that start inside `split` (see `CSVSplit` for the rule).
    public convenience init(split: CSVSplit, schema: Schema, options: CSVOptions = CSVOptions()) throws(SluiceError) {
        try self.init(split: split, schema: schema, options: options, chunkSize: UnsafeCSVReadBuffer.defaultChunkSize)
    }

    /// A split reader that reads `chunkSize` bytes at a time (tests use tiny chunks).
    init(split: CSVSplit, schema: Schema, options: CSVOptions, chunkSize: Int) throws(SluiceError) {
        try CSVReader.check(schema, options)
        let file = try PosixFile.openForReading(split.path)
        self.schema = schema
        self.options = options
        outputColumns = options.projection ?? Array(0..<schema.count)
        outputSchema = schema.project(outputColumns)
        name = split.path
        // A split that does not start at 0 looks at the byte before its start: a line starts at
        // `start` exactly when that byte is a newline.
        input = UnsafeCSVReadBuffer(file: file, offset: max(0, split.start - 1), size: try file.size(), chunkSize: chunkSize)
        splitStart = split.start
        splitEnd = split.end
        (tokenizer, spans, nullBytes) = CSVReader.makeParts(schema, options)
        dictionaries = options.dictionaryEncodeStrings ? UnsafeCSVDictionaryEncoder(columns: schema.count) : nil
    }

    /// Reads CSV text held in memory; `name` stands for the file name in errors.
    public init(bytes: [UInt8], schema: Schema, options: CSVOptions = CSVOptions(),
                name: String = "<memory>") throws(SluiceError) {
        try CSVReader.check(schema, options)
        self.schema = schema
        self.options = options
        outputColumns = options.projection ?? Array(0..<schema.count)
        outputSchema = schema.project(outputColumns)
        self.name = name
        input = UnsafeCSVReadBuffer(bytes: bytes, name: name)
        splitStart = 0
        splitEnd = Int.max
        (tokenizer, spans, nullBytes) = CSVReader.makeParts(schema, options)
        dictionaries = options.dictionaryEncodeStrings ? UnsafeCSVDictionaryEncoder(columns: schema.count) : nil
    }

    deinit {
        spans.deallocate()
        nullBytes.deallocate()
    }

    /// `count` splits of about equal size that tile the file at `path`.
    public static func splits(path: String, count: Int) throws(SluiceError) -> [CSVSplit] {
        try CSVSplit.splits(path: path, count: count)
    }

    private static func check(_ schema: Schema, _ options: CSVOptions) throws(SluiceError) {
        try options.validate()
        guard schema.count > 0 else { throw .invalidInput("a CSV schema needs at least one column") }
        if let projection = options.projection {
            for i in projection where i < 0 || i >= schema.count {
                throw .invalidInput("CSV projection column \(i) is out of range; the schema has \(schema.count) columns (\(schema.names.joined(separator: ", ")))")
            }
            guard !projection.isEmpty else { throw .invalidInput("a CSV projection needs at least one column") }
        }
        for field in schema.fields {
            try field.type.validate()
            if case .row = field.type {
                throw SluiceError(.unsupported, "column `\(field.name)` has type \(field.type); CSV cannot hold ROW values, flatten the row into columns",
                                  context: .init(column: field.name))
            }
        }
    }

    private static func makeParts(_ schema: Schema, _ options: CSVOptions)
        -> (UnsafeCSVTokenizer, UnsafeMutablePointer<Int32>, UnsafeMutablePointer<UInt8>) {
        let tokenizer = UnsafeCSVTokenizer(delimiter: options.delimiter, quote: options.quote, fieldCount: schema.count)
        let spans = UnsafeMutablePointer<Int32>.allocate(capacity: options.batchSize * schema.count * 2)
        let literal = Array((options.nullLiteral ?? "").utf8)
        let nullBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, literal.count))
        nullBytes.initialize(from: literal, count: literal.count)
        return (tokenizer, spans, nullBytes)
    }

    /// The next batch of up to `batchSize` rows, or nil at the end of the input (or split).
    public func next() throws(SluiceError) -> RecordBatch? {
        do {
            if !started { try begin() }
            while !finished {
                let batch = try readBatch()
                if batch.count > 0 {
                    rowsRead += batch.count
                    return batch
                }
            }
            return nil
        } catch {
            finished = true
            throw error
        }
    }

    /// Every remaining batch.
    public func readAll() throws(SluiceError) -> [RecordBatch] {
        var batches: [RecordBatch] = []
        while let batch = try next() { batches.append(batch) }
        return batches
    }

    /// Skips a UTF-8 byte order mark at the start of the input.
    private func skipByteOrderMark() throws(SluiceError) {
        while input.count < 3 && !input.atEnd { try input.refill(keepingFrom: 0) }
        let p = input.bytes
        if input.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { position = 3 }
    }

    /// Skips the header (at offset 0) or moves to the first line that starts inside the split.
    private func begin() throws(SluiceError) {
        started = true
        if splitStart == 0 {
            try skipByteOrderMark()
            guard options.hasHeader else { return }
            while true {
                let scan = tokenizer.scan(input.bytes, from: position, count: input.count, atEnd: input.atEnd,
                                          spans: spans, spanBase: position)
                switch scan.status {
                case .incomplete:
                    position -= try input.refill(keepingFrom: position)
                case .end:
                    finished = true
                    return
                case .emptyLine, .record, .unterminatedQuote, .junkAfterQuote:
                    position = scan.next
                    return
                }
            }
        }
        while true {
            if let start = tokenizer.lineStart(after: position, input.bytes, count: input.count) {
                position = start
                return
            }
            if input.atEnd {
                position = input.count
                finished = true
                return
            }
            position = input.count
            position -= try input.refill(keepingFrom: position)
        }
    }
}
