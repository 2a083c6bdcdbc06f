/// CAST and TRY_CAST between Sluice types, with Flink's conversions and errors that name the value.
///
/// Supported conversions (`canCast`):
///
///     numeric ↔ numeric          TINYINT…BIGINT, FLOAT, DOUBLE, DECIMAL(p, s)
///     BOOLEAN ↔ integer          0 is FALSE, anything else TRUE; BOOLEAN → any numeric as 0/1
///     anything ↔ STRING          except ROW; intervals only to STRING
///     STRING ↔ BYTES             UTF-8 bytes unchanged
///     TIMESTAMP ↔ DATE / TIME, DATE / TIME → TIMESTAMP, TIMESTAMP ↔ TIMESTAMP_LTZ (session zone UTC)
///
/// Narrowing that loses the value (out of range, NaN, a decimal that needs more digits) and strings
/// that do not parse are errors in `cast` and NULL in `tryCast`. Fractions are truncated toward zero
/// when going to an integer (as Java's `(int)` and Flink's CAST do); decimals round HALF_UP.
public enum Cast {
    /// What happens to a value that cannot be converted.
    enum Mode {
        case strict
        case nullOnError
    }

    public static func canCast(_ from: DataType, to: DataType) -> Bool {
        if from == to { return true }
        switch (from, to) {
        case (.row, _), (_, .row): return false
        case (_, .string): return true
        case (.string, _): return to != .intervalDayTime && to != .intervalYearMonth
        case (.binary, .binary): return true
        case (.boolean, _): return to.isNumeric
        case (_, .boolean): return from.isInteger
        default: break
        }
        if from.isNumeric && to.isNumeric { return true }
        switch (from, to) {
        case (.timestamp, .date), (.timestamp, .time), (.timestamp, .timestamp), (.timestamp, .timestampLTZ),
             (.timestampLTZ, .date), (.timestampLTZ, .time), (.timestampLTZ, .timestamp), (.timestampLTZ, .timestampLTZ),
             (.date, .timestamp), (.date, .timestampLTZ), (.time, .timestamp), (.time, .timestampLTZ), (.time, .time):
            return true
        default:
            return false
        }
    }

    /// Converts every row; the first value that cannot be converted is an error naming it and its row.
    public static func cast(_ c: Column, to type: DataType) throws(SluiceError) -> Column {
        try convert(c, to: type, .strict)
    }

    /// Like `cast`, but a value that cannot be converted becomes NULL (Flink's TRY_CAST).
    public static func tryCast(_ c: Column, to type: DataType) throws(SluiceError) -> Column {
        try convert(c, to: type, .nullOnError)
    }

    static func convert(_ c: Column, to type: DataType, _ mode: Mode) throws(SluiceError) -> Column {
        if c.type == type { return c }
        guard canCast(c.type, to: type) else {
            throw SluiceError(.plan, "cannot cast \(c.type) to \(type); \(c.type) casts to \(castTargets(c.type))")
        }
        try type.validate()
        switch (c.type, type) {
        case (_, .string): return toString(c)
        case (.string, .binary), (.binary, .binary):
            let d = c.decoded()
            return Column(type: type, count: d.count, storage: d.storage, validity: d.validity)
        case (.string, _): return try fromString(c.decoded(), to: type, mode)
        case (.boolean, _):
            let ints = Column(type: .int8, count: c.count, storage: .fixed(booleanToInt8(c.booleanValues)), validity: c.validity)
            return try convert(ints, to: type, mode)
        case (_, .boolean):
            return try convert(c, to: .int64, mode).withValues(Int64.self) { v in
                var words = MutableBuffer(zeroedCount: Bitmap.wordCount(c.count), of: UInt64.self)
                words.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                    for i in 0..<v.count { w[i >> 6] |= UInt64(flagBit(v[i] != 0)) << UInt64(i & 63) }
                }
                return Column(type: .boolean, count: c.count, storage: .bits(Bitmap(words: words.freeze(), count: c.count)),
                              validity: c.validity)
            }
        default:
            if c.type.isNumeric { return try numeric(c, to: type, mode) }
            return temporal(c, to: type)
        }
    }

    static func castTargets(_ from: DataType) -> String {
        let all: [DataType] = [.boolean, .int8, .int16, .int32, .int64, .float32, .float64,
                               .decimal(precision: 10, scale: 0), .string, .binary, .date, .time(precision: 0),
                               .timestamp(precision: 3), .timestampLTZ(precision: 3)]
        let names = all.filter { $0 != from && canCast(from, to: $0) }
            .map { t -> String in
                switch t {
                case .decimal: return "DECIMAL"
                case .time: return "TIME"
                case .timestamp: return "TIMESTAMP"
                case .timestampLTZ: return "TIMESTAMP_LTZ"
                default: return t.description
                }
            }
        return names.isEmpty ? "nothing" : names.joined(separator: ", ")
    }

    /// Applies the failures of a flagged conversion: the first bad valid row is an error in strict mode;
    /// in TRY_CAST mode the bad rows become NULL.
    static func settle(_ result: Column, source: Column, target: DataType, _ mode: Mode, code: SluiceError.Code,
                       reason: String = "", isBad: (Int) -> Bool) throws(SluiceError) -> Column {
        let bad = mode == .strict
            ? NullPropagation.firstBadRow(count: source.count, validity: source.validity, isBad).map { [$0] } ?? []
            : NullPropagation.badRows(count: source.count, validity: source.validity, isBad)
        guard let first = bad.first else { return result }
        if mode == .strict {
            let shown = source.type == .string ? "'\(source.formatted(at: first))'" : source.formatted(at: first)
            throw SluiceError(code, "cannot cast \(shown) to \(target) (row \(first))\(reason)")
        }
        return result.withValidity(NullPropagation.clearing(bad, in: result.validity, count: result.count))
    }

    static func booleanToInt8(_ bits: Bitmap) -> Buffer {
        var out = MutableBuffer(uninitializedCount: bits.count, of: Int8.self)
        bits.withAlignedWords { w in
            out.withUnsafeMutableBufferPointer(as: Int8.self) { o in
                for i in 0..<o.count { o[i] = Int8(truncatingIfNeeded: (w[i >> 6] >> UInt64(i & 63)) & 1) }
            }
        }
        return out.freeze()
    }

    // MARK: - Temporal ↔ temporal

    static func temporal(_ c: Column, to type: DataType) -> Column {
        let day = TemporalFormat.microsPerDay
        switch (c.type, type) {
        case (.timestamp(let p), .timestamp(let q)), (.timestamp(let p), .timestampLTZ(let q)),
             (.timestampLTZ(let p), .timestamp(let q)), (.timestampLTZ(let p), .timestampLTZ(let q)):
            if q >= p { return Column(type: type, count: c.count, storage: c.storage, validity: c.validity) }
            let unit = Int64(DecimalFormat.powersOfTen[6 - q])
            return map(c, type, Int64.self) { (t: Int64) -> Int64 in floorDiv(t, unit) * unit }
        case (.timestamp, .date), (.timestampLTZ, .date):
            return map(c, type, Int64.self) { (t: Int64) -> Int32 in Int32(truncatingIfNeeded: floorDiv(t, day)) }
        case (.timestamp, .time(let q)), (.timestampLTZ, .time(let q)):
            let unit = Int64(DecimalFormat.powersOfTen[6 - q])
            return map(c, type, Int64.self) { (t: Int64) -> Int32 in
                Int32(truncatingIfNeeded: (t - floorDiv(t, day) * day) / unit * unit / 1000)
            }
        case (.date, _):
            return map(c, type, Int32.self) { (d: Int32) -> Int64 in Int64(d) * day }
        case (.time, .time(let q)):
            let unit = Int32(DecimalFormat.powersOfTen[3 - min(q, 3)])
            return map(c, type, Int32.self) { (t: Int32) -> Int32 in t / unit * unit }
        default:  // TIME → TIMESTAMP: that time on 1970-01-01
            return map(c, type, Int32.self) { (t: Int32) -> Int64 in Int64(t) * 1000 }
        }
    }

    @inline(__always)
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// A one-input map over fixed-width values that keeps the validity.
    @inline(__always)
    static func map<A, O>(_ c: Column, _ type: DataType, _: A.Type, _ f: (A) -> O) -> Column {
        c.withValues(A.self) { x in
            KernelOutput.fixed(type, count: c.count, validity: c.validity) { (out: UnsafeMutableBufferPointer<O>) in
                for i in 0..<out.count { out[i] = f(x[i]) }
            }
        }
    }
}
