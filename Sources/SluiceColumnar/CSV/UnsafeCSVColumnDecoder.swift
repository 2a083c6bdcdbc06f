#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes one column of a tokenized batch into a typed `Column`: one tight loop per type, parsing
/// straight from the input bytes into the builders, with no String and no allocation per field.
///
/// The batch is a `rows × fieldCount` matrix of `(start, end)` spans relative to `p` (see
/// `UnsafeCSVTokenizer`). A field is NULL when it is empty (non-string types), or when it is unquoted
/// and equals the null literal; see `CSVOptions` for the rules. Quoted fields are unquoted and their
/// doubled quotes unescaped into a scratch buffer (the slow path).
///
/// A field that does not parse is reported to `failures`; in fail-fast mode the decoder then stops and
/// returns nil, otherwise it appends NULL and goes on (the reader drops the row afterwards).
///
/// SAFETY: `p` is valid for every span in `spans`, `spans` holds `rows * fieldCount` pairs, and both
/// stay valid and unchanged while the decoder is used (the reader does not refill during decoding).
struct UnsafeCSVColumnDecoder {
    let p: UnsafePointer<UInt8>
    let spans: UnsafePointer<Int32>
    let fieldCount: Int
    let rows: Int
    let quote: UInt8
    /// The null literal's bytes (`nullCount < 0` when there is none).
    let nullBytes: UnsafePointer<UInt8>
    let nullCount: Int
    let scratch: CSVScratch
    /// Dictionary-encodes STRING/BYTES columns when they have few distinct values (nil: always plain).
    var dictionaries: UnsafeCSVDictionaryEncoder? = nil

    /// Where a decoder reports the rows whose field does not parse.
    struct Failures {
        let stopAtFirst: Bool
        var rowsAndColumns: [(row: Int, column: Int)] = []
    }

    @inline(__always)
    func span(_ row: Int, _ column: Int) -> (start: Int, end: Int) {
        let k = (row &* fieldCount &+ column) &* 2
        return (Int(spans[k]), Int(spans[k &+ 1]))
    }

    /// The value bytes of a non-string field, or nil for NULL.
    @inline(__always)
    func valueField(_ row: Int, _ column: Int) -> UnsafeBufferPointer<UInt8>? {
        let (s, e) = span(row, column)
        if s == e { return nil }
        if p[s] == quote || e &- s == nullCount { return specialField(s, e, isString: false) }
        return UnsafeBufferPointer(start: p + s, count: e &- s)
    }

    /// The bytes of a STRING/BYTES field, or nil for NULL.
    @inline(__always)
    func stringField(_ row: Int, _ column: Int) -> UnsafeBufferPointer<UInt8>? {
        let (s, e) = span(row, column)
        if s == e { return nullCount == 0 ? nil : UnsafeBufferPointer(start: p + s, count: 0) }
        if p[s] == quote || e &- s == nullCount { return specialField(s, e, isString: true) }
        return UnsafeBufferPointer(start: p + s, count: e &- s)
    }

    /// A quoted field or one as long as the null literal.
    @inline(never)
    func specialField(_ s: Int, _ e: Int, isString: Bool) -> UnsafeBufferPointer<UInt8>? {
        if p[s] != quote {
            if memcmp(p + s, nullBytes, e - s) == 0 { return nil }
            return UnsafeBufferPointer(start: p + s, count: e - s)
        }
        let content = unquoted(s, e)
        if content.isEmpty && !isString { return nil }
        return content
    }

    /// The content of the quoted field at `s ..< e` (quotes included), with doubled quotes unescaped.
    func unquoted(_ s: Int, _ e: Int) -> UnsafeBufferPointer<UInt8> {
        let inner = UnsafeBufferPointer(start: p + s + 1, count: max(0, e - s - 2))
        guard inner.contains(quote) else { return inner }
        let out = scratch.reserve(inner.count)
        var n = 0
        var i = 0
        while i < inner.count {
            out[n] = inner[i]
            n += 1
            i += inner[i] == quote ? 2 : 1
        }
        return UnsafeBufferPointer(start: out, count: n)
    }

    /// The text of a field as found (unquoted), for error messages.
    func text(_ row: Int, _ column: Int) -> [UInt8] {
        let (s, e) = span(row, column)
        if s < e && p[s] == quote { return Array(unquoted(s, e)) }
        return Array(UnsafeBufferPointer(start: p + s, count: e - s))
    }

    // MARK: Typed loops

    @inline(__always)
    func fixed<T: BitwiseCopyable>(_ column: Int, _ type: DataType, _ failures: inout Failures,
                                   _ parse: (UnsafeBufferPointer<UInt8>) -> T?) -> Column? {
        var builder = FixedWidthColumnBuilder<T>(type: type, capacity: rows)
        for r in 0..<rows {
            guard let field = valueField(r, column) else { builder.appendNull(); continue }
            if let v = parse(field) {
                builder.append(v)
            } else {
                failures.rowsAndColumns.append((r, column))
                if failures.stopAtFirst { return nil }
                builder.appendNull()
            }
        }
        return builder.finish()
    }

    @inline(never)
    func strings(_ column: Int, _ type: DataType) -> Column {
        var bytes = 0
        for r in 0..<rows {
            let (s, e) = span(r, column)
            bytes &+= e &- s
        }
        var builder = StringColumnBuilder(type: type, capacity: rows, byteCapacity: bytes)
        for r in 0..<rows {
            if let field = stringField(r, column) {
                builder.append(bytes: UnsafeRawBufferPointer(field))
            } else {
                builder.appendNull()
            }
        }
        return builder.finish()
    }

    @inline(never)
    func booleans(_ column: Int, _ failures: inout Failures) -> Column? {
        var builder = BooleanColumnBuilder(capacity: rows)
        for r in 0..<rows {
            guard let field = valueField(r, column) else { builder.appendNull(); continue }
            if let v = CSVParse.boolean(field) {
                builder.append(v)
            } else {
                failures.rowsAndColumns.append((r, column))
                if failures.stopAtFirst { return nil }
                builder.appendNull()
            }
        }
        return builder.finish()
    }

    /// Decodes column `column` as `type` (any type but ROW, which the reader rejects up front).
    func decode(_ column: Int, as type: DataType, _ failures: inout Failures) -> Column? {
        switch type {
        case .boolean: return booleans(column, &failures)
        case .int8: return integers(column, type, Int8.self, &failures)
        case .int16: return integers(column, type, Int16.self, &failures)
        case .int32: return integers(column, type, Int32.self, &failures)
        case .int64: return integers(column, type, Int64.self, &failures)
        case .float32: return floats32(column, &failures)
        case .float64: return floats64(column, &failures)
        case .decimal(let precision, let scale):
            return decimals(column, type, precision, scale, &failures)
        case .string, .binary:
            if let dictionaries, dictionaries.shouldTry(column: column, rows: rows) {
                let encoded = dictionaries.encode(self, column: column, type: type)
                dictionaries.record(column: column, kept: encoded != nil)
                if let encoded { return encoded }
            }
            return strings(column, type)
        case .date: return dates(column, &failures)
        case .time(let precision): return times(column, precision, &failures)
        case .timestamp(let precision), .timestampLTZ(let precision):
            return timestamps(column, type, precision, &failures)
        case .intervalDayTime:
            return fixed(column, type, &failures) { TemporalParse.intervalDayTime($0) }
        case .intervalYearMonth:
            return fixed(column, type, &failures) { TemporalParse.intervalYearMonth($0) }
        case .row:
            preconditionFailure("the CSV reader rejects ROW columns before decoding")
        }
    }

    @inline(never)
    func integers<T: FixedWidthInteger & BitwiseCopyable>(_ column: Int, _ type: DataType, _: T.Type,
                                                          _ failures: inout Failures) -> Column? {
        fixed(column, type, &failures) { field -> T? in
            guard let v = CSVParse.int64(field) else { return nil }
            return T(exactly: v)
        }
    }

    @inline(never)
    func floats64(_ column: Int, _ failures: inout Failures) -> Column? {
        fixed(column, .float64, &failures) { CSVParse.double($0) }
    }

    @inline(never)
    func floats32(_ column: Int, _ failures: inout Failures) -> Column? {
        fixed(column, .float32, &failures) { CSVParse.float($0) }
    }

    @inline(never)
    func decimals(_ column: Int, _ type: DataType, _ precision: Int, _ scale: Int, _ failures: inout Failures) -> Column? {
        if precision <= DataType.maxInt64DecimalPrecision {
            return fixed(column, type, &failures) { field -> Int64? in
                if let v = CSVParse.simpleDecimal(field, precision: precision, scale: scale) { return v }
                return DecimalFormat.parse(field, precision: precision, scale: scale).map { Int64(truncatingIfNeeded: $0) }
            }
        }
        return fixed(column, type, &failures) { DecimalFormat.parse($0, precision: precision, scale: scale) }
    }

    @inline(never)
    func dates(_ column: Int, _ failures: inout Failures) -> Column? {
        fixed(column, .date, &failures) { TemporalParse.date($0) }
    }

    @inline(never)
    func times(_ column: Int, _ precision: Int, _ failures: inout Failures) -> Column? {
        let unit = Int32(DecimalFormat.powersOfTen[max(0, 3 - precision)])
        return fixed(column, .time(precision: precision), &failures) { field -> Int32? in
            TemporalParse.time(field).map { $0 - $0 % unit }
        }
    }

    @inline(never)
    func timestamps(_ column: Int, _ type: DataType, _ precision: Int, _ failures: inout Failures) -> Column? {
        let unit = Int64(DecimalFormat.powersOfTen[max(0, 6 - precision)])
        var parser = CSVParse.TimestampParser()
        return fixed(column, type, &failures) { field -> Int64? in
            guard let micros = parser.parse(field) else { return nil }
            // Truncate the fraction past the column's precision (floor, so negative times work too).
            let rest = micros % unit
            return micros - (rest < 0 ? rest + unit : rest)
        }
    }
}

/// A growable scratch area for unescaped quoted fields and NUL-terminated copies for `strtod`.
final class CSVScratch {
    private(set) var pointer: UnsafeMutablePointer<UInt8>
    private var capacity: Int

    init() {
        capacity = 256
        pointer = .allocate(capacity: capacity)
    }

    deinit { pointer.deallocate() }

    /// Room for at least `count` bytes; invalidates earlier results.
    func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if count > capacity {
            pointer.deallocate()
            capacity = max(count, capacity * 2)
            pointer = .allocate(capacity: capacity)
        }
        return pointer
    }
}
