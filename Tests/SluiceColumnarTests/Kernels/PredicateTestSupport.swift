import Testing
@testable import SluiceColumnar

/// Shared fixtures for the predicate kernel tests: deterministic data, columns in every layout
/// (plain, sliced at an offset that is not a multiple of 64, dictionary-encoded), and a plain scalar
/// reference over `Value`s that the kernels are checked against.
enum Fixture {
    static let sizes = [0, 1, 7, 8, 9, 63, 64, 65, 1000]
    static let nullPercents = [0, 50, 100]

    /// A small deterministic generator (tests must be reproducible).
    struct Random {
        var state: UInt64
        init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }
        mutating func percent(_ p: Int) -> Bool { int(0...99) < p }
    }

    static let words = ["", "a", "ab", "abc", "b", "B", "é", "日本", "日本語", "z\u{0}z", "😀", "orange"]

    /// One non-null value of `type`, drawn from a small domain so that equal values occur often.
    static func value(_ type: DataType, _ r: inout Random) -> Value {
        switch type {
        case .boolean: return .boolean(r.int(0...1) == 1)
        case .int8: return .int(Int64(r.int(-128...127)))
        case .int16, .int32, .int64: return .int(Int64(r.int(-40...40)))
        case .float32, .float64:
            let specials: [Double] = [.nan, -0.0, 0.0, .infinity, -.infinity, 0.1, 2.5]
            return .float(r.int(0...4) == 0 ? specials[r.int(0...6)] : Double(r.int(-20...20)) / 4)
        case .decimal(let p, let s):
            let limit = min(Int128(10_000_000), DecimalFormat.powersOfTen[p] - 1)
            let v = Int128(r.int(-2000...2000)) * (s >= 2 && s <= 10 ? DecimalFormat.powersOfTen[s - 2] : 1)
            return .decimal(max(-limit, min(limit, v)), scale: s)
        case .string: return .string(words[r.int(0...(words.count - 1))])
        case .binary: return .binary(Array(words[r.int(0...(words.count - 1))].utf8) + (r.int(0...3) == 0 ? [0xFF] : []))
        case .date: return .date(Int32(r.int(19000...19010)))
        case .time: return .time(Int32(r.int(0...10) * 1000))
        case .timestamp, .timestampLTZ: return .timestamp(Int64(r.int(0...10)) * 1_000_000)
        case .intervalDayTime: return .intervalDayTime(Int64(r.int(-5...5)) * 1000)
        case .intervalYearMonth: return .intervalYearMonth(Int32(r.int(-5...5)))
        case .row: return .null
        }
    }

    static func values(_ type: DataType, count: Int, nullPercent: Int, seed: UInt64) -> [Value] {
        var r = Random(seed: seed &+ UInt64(count) &* 31 &+ UInt64(nullPercent))
        return (0..<count).map { _ in r.percent(nullPercent) ? .null : value(type, &r) }
    }

    /// How a test column is laid out in memory.
    enum Layout: CaseIterable, CustomStringConvertible {
        case plain, sliced, dictionary
        var description: String { "\(self == .plain ? "plain" : self == .sliced ? "sliced" : "dictionary")" }
    }

    /// A column holding `values`, built in `layout` (dictionary only applies to STRING and BYTES).
    static func column(_ type: DataType, _ values: [Value], _ layout: Layout) -> Column {
        switch layout {
        case .plain:
            return try! ColumnBuilder.column(type, values)
        case .sliced:
            var r = Random(seed: 7)
            let padded = [value(type, &r), .null, value(type, &r)] + values + [value(type, &r), .null]
            return try! ColumnBuilder.column(type, padded).slice(3, values.count)
        case .dictionary:
            return type.isVariableWidth ? dictionaryColumn(type, values) : column(type, values, .plain)
        }
    }

    /// A dictionary-encoded column; entries are in reverse first-seen order so that code order is not
    /// value order, and NULL rows carry an out-of-range code that kernels must not trust.
    static func dictionaryColumn(_ type: DataType, _ values: [Value]) -> Column {
        var entries: [[UInt8]] = []
        var codes: [Int32] = []
        for v in values {
            guard let bytes = bytes(v) else { codes.append(9999); continue }
            if let i = entries.firstIndex(of: bytes) { codes.append(Int32(i)) } else { entries.append(bytes); codes.append(Int32(entries.count - 1)) }
        }
        let order = Array(entries.indices.reversed())
        let remapped = codes.map { $0 == 9999 ? $0 : Int32(order.firstIndex(of: Int($0))!) }
        var offsets: [Int32] = [0]
        var data: [UInt8] = []
        for i in order { data += entries[i]; offsets.append(Int32(data.count)) }
        let dictionary = DictionaryValues(offsets: Buffer(offsets), bytes: Buffer(data), count: entries.count)
        let validity = values.contains { $0.isNull } ? Bitmap(values.map { !$0.isNull }) : nil
        return Column(type: type, count: values.count, storage: .dictionary(codes: Buffer(remapped), dictionary: dictionary),
                      validity: validity)
    }

    static func bytes(_ v: Value) -> [UInt8]? {
        switch v {
        case .string(let s): return Array(s.utf8)
        case .binary(let b): return b
        default: return nil
        }
    }

    /// Ascending rows for `within` tests: every third row plus row 1 when present.
    static func within(_ count: Int) -> SelectionVector {
        SelectionVector((0..<count).filter { $0 % 3 == 0 || $0 == 1 })
    }
}

/// The plain scalar reference: SQL comparison of two values, nil meaning NULL.
enum Reference {
    static func compare(_ a: Value, _ op: ComparisonOperator, _ b: Value) -> Bool? {
        if a.isNull || b.isNull { return nil }
        guard let o = order(a, b) else { return op == .notEqual }   // IEEE: unordered (NaN)
        return op.evaluate(o, 0)
    }

    /// -1, 0, 1, or nil when a NaN makes the pair unordered.
    static func order(_ a: Value, _ b: Value) -> Int? {
        if let x = exact(a), let y = exact(b) {
            let s = max(x.scale, y.scale)
            let (a, aOver) = x.unscaled.multipliedReportingOverflow(by: DecimalFormat.powersOfTen[s - x.scale])
            let (b, bOver) = y.unscaled.multipliedReportingOverflow(by: DecimalFormat.powersOfTen[s - y.scale])
            // A side that overflows Int128 is larger in magnitude than any value the other side holds.
            if aOver { return x.unscaled < 0 ? -1 : 1 }
            if bOver { return y.unscaled < 0 ? 1 : -1 }
            return sign(a, b)
        }
        if let x = double(a), let y = double(b) {
            if x.isNaN || y.isNaN { return nil }
            return x < y ? -1 : (x == y ? 0 : 1)
        }
        switch (a, b) {
        case (.boolean(let x), .boolean(let y)): return sign(x ? 1 : 0, y ? 1 : 0)
        case (.string, _), (.binary, _):
            let (x, y) = (Fixture.bytes(a)!, Fixture.bytes(b)!)
            return x == y ? 0 : (x.lexicographicallyPrecedes(y) ? -1 : 1)
        case (.date(let x), .date(let y)), (.time(let x), .time(let y)), (.intervalYearMonth(let x), .intervalYearMonth(let y)):
            return sign(x, y)
        case (.timestamp(let x), .timestamp(let y)), (.intervalDayTime(let x), .intervalDayTime(let y)):
            return sign(x, y)
        default:
            Issue.record("reference cannot order \(a) and \(b)")
            return 0
        }
    }

    static func sign<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }

    static func exact(_ v: Value) -> (unscaled: Int128, scale: Int)? {
        switch v {
        case .int(let x): return (Int128(x), 0)
        case .decimal(let u, let s): return (u, s)
        default: return nil
        }
    }

    static func double(_ v: Value) -> Double? {
        switch v {
        case .int(let x): return Double(x)
        case .float(let d): return d
        case .decimal(let u, let s): return Double(u) / LiteralRewrite.pow10(s)
        default: return nil
        }
    }
}

extension Column {
    /// The BOOLEAN column's rows as optionals (nil = NULL).
    var booleans: [Bool?] {
        values().map { v -> Bool? in
            if case .boolean(let b) = v { return b }
            return nil
        }
    }
}
