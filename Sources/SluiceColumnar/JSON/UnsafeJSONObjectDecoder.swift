#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes a batch of JSON objects into typed columns of a schema.
///
/// Design: pass 1 scans each object once and copies the value of every wanted member into one value
/// buffer (strings unescaped, BYTES base64-decoded, numbers and literals as written, nested objects as
/// their raw text), recording a `rows × fields` matrix of `(start, end)` spans into it: the layout the
/// CSV column decoder reads, so pass 2 reuses its typed loops (no String and no allocation per value).
/// An empty span is NULL; a value that is empty or starts with a quote is stored CSV-quoted, so the
/// empty string stays distinct from NULL. ROW columns are decoded by a nested decoder over the raw
/// text of their objects.
///
/// Problems (malformed JSON, a value that does not convert, a missing member when that is an error,
/// NULL in a NOT NULL column) are reported per row; the reader fails on the first or drops those rows.
///
/// SAFETY: the object spans given to `decode` lie inside the bytes at `p`, which stay valid and
/// unchanged during the call; `spans` holds `rowCapacity × schema.count` pairs.
final class UnsafeJSONObjectDecoder {
    struct Problem {
        var row: Int
        /// The field path (`bid.price`), when the problem is one value's.
        var field: String?
        var message: String
    }

    let schema: Schema
    /// Schema indices decoded, in output order.
    let columns: [Int]
    let failOnMissingField: Bool
    private let names: [[UInt8]]
    private let wanted: [Bool]
    let nested: [UnsafeJSONObjectDecoder?]
    let values = JSONValueBuffer()
    private let keyScratch = JSONValueBuffer(capacity: 64)
    let scratch = CSVScratch()
    let nullByte = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    let dictionaries: UnsafeCSVDictionaryEncoder
    private(set) var spans: UnsafeMutablePointer<Int32>
    private var rowCapacity = 0

    init(schema: Schema, columns: [Int], failOnMissingField: Bool) {
        self.schema = schema
        self.columns = columns
        self.failOnMissingField = failOnMissingField
        names = schema.fields.map { Array($0.name.utf8) }
        var wanted = [Bool](repeating: false, count: schema.count)
        for c in columns { wanted[c] = true }
        self.wanted = wanted
        nested = schema.fields.map { field in
            guard case .row(let children) = field.type else { return nil }
            return UnsafeJSONObjectDecoder(schema: Schema(children), columns: Array(0..<children.count),
                                           failOnMissingField: failOnMissingField)
        }
        dictionaries = UnsafeCSVDictionaryEncoder(columns: schema.count)
        spans = .allocate(capacity: 0)
    }

    deinit {
        spans.deallocate()
        nullByte.deallocate()
    }

    /// Decodes the objects at `objects` (spans into `p`; an empty span is a NULL object) into the
    /// `columns` of the schema, with the problems found, in row order.
    func decode(_ p: UnsafePointer<UInt8>, objects: [(start: Int, end: Int)]) -> (columns: [Column], problems: [Problem]) {
        let rows = objects.count
        let fieldCount = schema.count
        if rows > rowCapacity {
            spans.deallocate()
            rowCapacity = max(rows, 2 * rowCapacity)
            spans = .allocate(capacity: rowCapacity * fieldCount * 2)
        }
        values.removeAll()
        values.append(0)   // offset 0 is never a value's start, so (0, 0) can mean NULL
        var problems: [Problem] = []
        for (r, object) in objects.enumerated() {
            let row = spans + r * fieldCount * 2
            for k in 0..<(fieldCount * 2) { row[k] = -1 }
            if object.start == object.end {
                for k in 0..<(fieldCount * 2) { row[k] = 0 }
                continue
            }
            if let problem = scanObject(p, object, row: row) {
                problems.append(Problem(row: r, field: nil, message: problem))
                for k in 0..<(fieldCount * 2) { row[k] = 0 }
                continue
            }
            for c in columns where row[2 * c] < 0 {
                row[2 * c] = 0
                row[2 * c + 1] = 0
                if failOnMissingField {
                    problems.append(Problem(row: r, field: schema[c].name,
                                            message: "member `\(schema[c].name)` is missing (fail-on-missing-field is on)"))
                }
            }
        }
        var result: [Column] = []
        result.reserveCapacity(columns.count)
        for c in columns { result.append(decodeColumn(c, rows: rows, &problems)) }
        // Stable: a row's first problem (a malformed object before its values) stays first.
        let ordered = problems.enumerated().sorted { ($0.element.row, $0.offset) < ($1.element.row, $1.offset) }
        return (result, ordered.map(\.element))
    }

    /// Scans one object, storing the wanted members; returns what is wrong with it, if anything.
    private func scanObject(_ p: UnsafePointer<UInt8>, _ object: (start: Int, end: Int),
                            row: UnsafeMutablePointer<Int32>) -> String? {
        var s = UnsafeJSONScanner(p, from: object.start, to: object.end)
        s.skipSpace()
        guard s.accept(UInt8(ascii: "{")) else { return "expected a JSON object ('{') but found \(s.found)" }
        var guess = 0
        s.skipSpace()
        if !s.accept(UInt8(ascii: "}")) {
            while true {
                s.skipSpace()
                guard s.i < s.end && s.p[s.i] == UInt8(ascii: "\"") else { return "expected a member name but found \(s.found)" }
                guard let key = s.string() else { return s.problem }
                s.skipSpace()
                guard s.accept(UInt8(ascii: ":")) else { return "expected ':' after a member name but found \(s.found)" }
                guard let value = s.value() else { return s.problem }
                if let c = field(p, key, guess: guess) {
                    guess = c + 1
                    if wanted[c], let problem = store(p, value, field: c, row: row) { return problem }
                }
                s.skipSpace()
                if s.accept(UInt8(ascii: "}")) { break }
                guard s.accept(UInt8(ascii: ",")) else { return "expected ',' or '}' but found \(s.found)" }
            }
        }
        s.skipSpace()
        guard s.i == s.end else { return "unexpected \(s.found) after the end of the object" }
        return nil
    }

    /// The schema index named by the member name `key` (tried at `guess` first: members usually come
    /// in schema order).
    private func field(_ p: UnsafePointer<UInt8>, _ key: UnsafeJSONScanner.Token, guess: Int) -> Int? {
        var start = p + key.start
        var n = key.end - key.start
        if key.escaped {
            keyScratch.removeAll()
            guard UnsafeJSONScanner.unescape(p, key, into: keyScratch) else { return nil }
            start = UnsafePointer(keyScratch.pointer)
            n = keyScratch.count
        }
        func matches(_ c: Int) -> Bool {
            names[c].count == n && names[c].withUnsafeBufferPointer { memcmp($0.baseAddress!, start, n) == 0 }
        }
        if guess < names.count && matches(guess) { return guess }
        for c in 0..<names.count where matches(c) { return c }
        return nil
    }

    /// Copies a member's value into `values` and records its span; returns a problem when the value
    /// cannot be stored for the field's type.
    private func store(_ p: UnsafePointer<UInt8>, _ v: UnsafeJSONScanner.Token, field c: Int,
                       row: UnsafeMutablePointer<Int32>) -> String? {
        guard v.kind != .null else {
            row[2 * c] = 0
            row[2 * c + 1] = 0
            return nil
        }
        let type = schema[c].type
        let start = values.count
        switch (v.kind, type) {
        case (.object, .row):
            values.append(p + v.start, count: v.end - v.start)
        case (_, .row):
            return "member `\(schema[c].name)` is \(Self.describe(v.kind)), but column `\(schema[c].name)` is a ROW and needs an object"
        case (.string, .binary):
            let text: UnsafeBufferPointer<UInt8>
            if v.escaped {
                keyScratch.removeAll()
                guard UnsafeJSONScanner.unescape(p, v, into: keyScratch) else { return "member `\(schema[c].name)` has a bad escape sequence" }
                text = UnsafeBufferPointer(start: keyScratch.pointer, count: keyScratch.count)
            } else {
                text = UnsafeBufferPointer(start: p + v.start, count: v.end - v.start)
            }
            guard Base64.decode(text, into: values) else {
                return "member `\(schema[c].name)` of a BYTES column is not base64 text"
            }
            if values.count == start || values.pointer[start] == UInt8(ascii: "\"") { requote(from: start) }
        case (.string, _):
            if v.escaped {
                guard UnsafeJSONScanner.unescape(p, v, into: values) else { return "member `\(schema[c].name)` has a bad escape sequence" }
            } else {
                values.append(p + v.start, count: v.end - v.start)
            }
            // ISO-8601 TIMESTAMP_LTZ text ends in `Z` (UTC), which the timestamp parser does not take.
            if case .timestampLTZ = type, values.count > start, values.pointer[values.count - 1] == UInt8(ascii: "Z") {
                values.truncate(to: values.count - 1)
            }
            if values.count == start || values.pointer[start] == UInt8(ascii: "\"") { requote(from: start) }
        default:
            values.append(p + v.start, count: v.end - v.start)
        }
        guard values.count < Int(Int32.max) else { return "a batch of JSON values is larger than 2 GiB; use a smaller batch size" }
        row[2 * c] = Int32(start)
        row[2 * c + 1] = Int32(values.count)
        return nil
    }

    /// Rewrites the value from `start` to the end as a CSV-quoted field (quotes doubled).
    private func requote(from start: Int) {
        let content = Array(UnsafeBufferPointer(start: values.pointer + start, count: values.count - start))
        var quoted: [UInt8] = [UInt8(ascii: "\"")]
        for b in content {
            if b == UInt8(ascii: "\"") { quoted.append(b) }
            quoted.append(b)
        }
        quoted.append(UInt8(ascii: "\""))
        values.truncate(to: start)
        quoted.withUnsafeBufferPointer { values.append($0.baseAddress!, count: $0.count) }
    }

    static func describe(_ kind: UnsafeJSONScanner.Kind) -> String {
        switch kind {
        case .string: return "a string"
        case .number: return "a number"
        case .trueLiteral, .falseLiteral: return "a boolean"
        case .null: return "null"
        case .object: return "an object"
        case .array: return "an array"
        }
    }
}
