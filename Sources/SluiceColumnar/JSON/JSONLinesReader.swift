#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a JSON Lines file (one JSON object per line), a byte-range split of one, or bytes in memory
/// into `RecordBatch`es typed by a `Schema`: Flink's `json` format for the filesystem connector.
///
/// Design: the file is read in large chunks into a sliding buffer; a batch is up to `batchSize`
/// lines, found with `memchr`, which `UnsafeJSONObjectDecoder` turns into typed columns (see there
/// for how values convert). Splits follow the `CSVSplit` rule (a split owns the lines that start in
/// it); since JSON text cannot hold a raw newline inside a value, every split boundary is exact.
///
/// Errors: a malformed line, a value that does not convert, or a missing member when
/// `failOnMissingField` fails with `.invalidInput` naming the file, the 1-based line and the field.
/// With `ignoreParseErrors` such lines are skipped and counted in `skippedLines`, and the first
/// `maxKeptErrors` errors are kept in `errors`. Blank lines are skipped. After a thrown error the
/// reader is finished.
///
/// Threading: one thread at a time; read splits in parallel with one reader per split.
public final class JSONLinesReader {
    public let schema: Schema
    /// The columns of the batches returned: the schema, or its projected part.
    public let outputSchema: Schema
    public let options: JSONOptions
    /// The path (or the name given for bytes in memory) that errors name.
    public let name: String
    public private(set) var skippedLines = 0
    public private(set) var errors: [SluiceError] = []
    public static let maxKeptErrors = 10
    public private(set) var rowsRead = 0

    private let input: UnsafeCSVReadBuffer
    private let decoder: UnsafeJSONObjectDecoder
    private var position = 0
    private let splitStart: Int
    private let splitEnd: Int
    private var started = false
    private var finished = false

    /// Reads the whole file at `path`.
    public convenience init(path: String, schema: Schema, options: JSONOptions = JSONOptions()) throws(SluiceError) {
        try self.init(split: CSVSplit(path: path, start: 0, end: Int.max), schema: schema, options: options)
    }

    /// Reads the lines that start inside `split`.
    public init(split: CSVSplit, schema: Schema, options: JSONOptions = JSONOptions()) throws(SluiceError) {
        let columns = try JSONLinesReader.check(schema, options)
        let file = try PosixFile.openForReading(split.path)
        self.schema = schema
        self.options = options
        outputSchema = schema.project(columns)
        name = split.path
        input = UnsafeCSVReadBuffer(file: file, offset: max(0, split.start - 1), size: try file.size())
        splitStart = split.start
        splitEnd = split.end
        decoder = UnsafeJSONObjectDecoder(schema: schema, columns: columns, failOnMissingField: options.failOnMissingField)
    }

    /// Reads JSON Lines text held in memory; `name` stands for the file name in errors.
    public init(bytes: [UInt8], schema: Schema, options: JSONOptions = JSONOptions(), name: String = "<memory>") throws(SluiceError) {
        let columns = try JSONLinesReader.check(schema, options)
        self.schema = schema
        self.options = options
        outputSchema = schema.project(columns)
        self.name = name
        input = UnsafeCSVReadBuffer(bytes: bytes, name: name)
        splitStart = 0
        splitEnd = Int.max
        decoder = UnsafeJSONObjectDecoder(schema: schema, columns: columns, failOnMissingField: options.failOnMissingField)
    }

    private static func check(_ schema: Schema, _ options: JSONOptions) throws(SluiceError) -> [Int] {
        try options.validate()
        guard schema.count > 0 else { throw .invalidInput("a JSON schema needs at least one column") }
        for field in schema.fields { try field.type.validate() }
        guard let projection = options.projection else { return Array(0..<schema.count) }
        guard !projection.isEmpty else { throw .invalidInput("a JSON projection needs at least one column") }
        for i in projection where i < 0 || i >= schema.count {
            throw .invalidInput("JSON projection column \(i) is out of range; the schema has \(schema.count) columns (\(schema.names.joined(separator: ", ")))")
        }
        return projection
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

    /// Skips a byte order mark at offset 0, or moves to the first line that starts inside the split.
    private func begin() throws(SluiceError) {
        started = true
        if splitStart == 0 {
            while input.count < 3 && !input.atEnd { _ = try input.refill(keepingFrom: 0) }
            let p = input.bytes
            if input.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { position = 3 }
            return
        }
        while true {
            if let newline = newline(from: position) {
                position = newline + 1
                return
            }
            if input.atEnd { finished = true; return }
            position = input.count
            position -= try input.refill(keepingFrom: position)
        }
    }

    private func newline(from k: Int) -> Int? {
        guard k < input.count, let found = memchr(input.bytes + k, 0x0A, input.count - k) else { return nil }
        return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - input.bytes
    }

    /// Reads one batch; it may be empty when every line in it was skipped.
    private func readBatch() throws(SluiceError) -> RecordBatch {
        var batchStart = position
        var lines: [(start: Int, end: Int)] = []
        lines.reserveCapacity(options.batchSize)
        while lines.count < options.batchSize {
            let limit = splitEnd == Int.max ? Int.max : splitEnd - input.base
            if position >= limit || (position >= input.count && input.atEnd) { finished = true; break }
            guard let newline = newline(from: position) else {
                if input.atEnd {
                    appendLine(position, input.count, batchStart, &lines)
                    position = input.count
                    finished = true
                    break
                }
                let shift = try input.refill(keepingFrom: batchStart)
                position -= shift
                batchStart -= shift
                continue
            }
            appendLine(position, newline, batchStart, &lines)
            position = newline + 1
        }
        return try decode(lines, batchStart: batchStart)
    }

    /// Adds the line `start ..< end` (buffer positions) unless it is blank; spans are batch-relative.
    private func appendLine(_ start: Int, _ end: Int, _ batchStart: Int, _ lines: inout [(start: Int, end: Int)]) {
        let p = input.bytes
        var e = end
        while e > start && (p[e - 1] == 0x0D || p[e - 1] == 0x20 || p[e - 1] == 0x09) { e -= 1 }
        var s = start
        while s < e && (p[s] == 0x20 || p[s] == 0x09) { s += 1 }
        guard s < e else { return }
        lines.append((s - batchStart, e - batchStart))
    }

    private func decode(_ lines: [(start: Int, end: Int)], batchStart: Int) throws(SluiceError) -> RecordBatch {
        let (columns, problems) = decoder.decode(input.bytes + batchStart, objects: lines)
        guard !problems.isEmpty else { return try RecordBatch(schema: outputSchema, columns: columns, count: lines.count) }
        func error(_ problem: UnsafeJSONObjectDecoder.Problem) -> SluiceError {
            let offset = input.base + batchStart + lines[problem.row].start
            let line = try? input.lineNumber(at: offset)
            return SluiceError(.invalidInput, problem.message, context: .init(column: problem.field, file: name, line: line))
        }
        guard options.ignoreParseErrors else { throw error(problems[0]) }
        var bad = [Bool](repeating: false, count: lines.count)
        for problem in problems where !bad[problem.row] {
            bad[problem.row] = true
            skippedLines += 1
            if errors.count < JSONLinesReader.maxKeptErrors { errors.append(error(problem)) }
        }
        let keep = SelectionVector((0..<lines.count).filter { !bad[$0] })
        return try RecordBatch(schema: outputSchema, columns: columns.map { Take.take($0, keep) }, count: keep.count)
    }
}
