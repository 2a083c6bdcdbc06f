/// Numeric columns converted to a common comparison type, for the rare paths that compare two columns
/// of different numeric types (or a DECIMAL column with a DOUBLE literal).
///
/// Same-type comparisons never come here: they run the lane loops on the column's own buffer. These
/// conversions allocate one array per call, which is acceptable because a planner normally inserts a
/// CAST so that both sides already share a type.
enum NumericKeys {
    /// Digits an integer type can hold, so that it can be treated as DECIMAL(p, 0).
    static func precision(_ type: DataType) -> Int {
        switch type {
        case .int8: return 3
        case .int16: return 5
        case .int32: return 10
        case .int64: return 19
        case .decimal(let p, _): return p
        default: return 38
        }
    }

    static func scale(_ type: DataType) -> Int { type.decimalParameters?.scale ?? 0 }

    /// Every value as a double (decimals divided by 10^scale, as Flink's `DecimalData.doubleValue`).
    static func doubles(_ c: Column) -> [Double] {
        switch c.type {
        case .int8: return convert(c, Int8.self, divisor: 1)
        case .int16: return convert(c, Int16.self, divisor: 1)
        case .int32: return convert(c, Int32.self, divisor: 1)
        case .int64: return convert(c, Int64.self, divisor: 1)
        case .decimal(let p, let s) where p <= DataType.maxInt64DecimalPrecision:
            return convert(c, Int64.self, divisor: LiteralRewrite.pow10(s))
        case .decimal(_, let s): return convert(c, Int128.self, divisor: LiteralRewrite.pow10(s))
        case .float32: return c.withValues(Float.self) { v in v.map { Double($0) } }
        case .float64: return c.withValues(Double.self) { Array($0) }
        default: preconditionFailure("\(c.type) is not numeric")
        }
    }

    /// Integers and Int64-backed decimals as Int64 (callers check that both sides share a scale).
    static func int64s(_ c: Column) -> [Int64] {
        switch c.type {
        case .int8: return widen(c, Int8.self, to: Int64.self)
        case .int16: return widen(c, Int16.self, to: Int64.self)
        case .int32: return widen(c, Int32.self, to: Int64.self)
        default: return widen(c, Int64.self, to: Int64.self)
        }
    }

    /// Integers and decimals as Int128 multiplied by `factor` (callers check that it cannot overflow).
    static func int128s(_ c: Column, factor: Int128) -> [Int128] {
        var keys: [Int128]
        switch c.type {
        case .int8: keys = widen(c, Int8.self, to: Int128.self)
        case .int16: keys = widen(c, Int16.self, to: Int128.self)
        case .int32: keys = widen(c, Int32.self, to: Int128.self)
        case .decimal(let p, _) where p > DataType.maxInt64DecimalPrecision: keys = widen(c, Int128.self, to: Int128.self)
        default: keys = widen(c, Int64.self, to: Int128.self)
        }
        if factor != 1 {
            for i in keys.indices { keys[i] = keys[i] &* factor }
        }
        return keys
    }

    /// Integers and decimals split at `divisor` (floor quotient and remainder), exact for any scales.
    static func split(_ c: Column, divisor: Int128) -> [DecimalKey] {
        int128s(c, factor: 1).map { v in
            var (q, r) = v.quotientAndRemainder(dividingBy: divisor)
            if r < 0 { q -= 1; r += divisor }
            return DecimalKey(whole: q, fraction: r)
        }
    }

    /// Integers and decimals as whole keys (fraction 0), to compare with `split` keys.
    static func whole(_ c: Column) -> [DecimalKey] {
        int128s(c, factor: 1).map { DecimalKey(whole: $0, fraction: 0) }
    }

    @inline(never)
    private static func convert<T: BinaryInteger>(_ c: Column, _: T.Type, divisor: Double) -> [Double] {
        c.withValues(T.self) { v in v.map { Double($0) / divisor } }
    }

    @inline(never)
    private static func widen<T: BinaryInteger, K: FixedWidthInteger>(_ c: Column, _: T.Type, to _: K.Type) -> [K] {
        c.withValues(T.self) { v in v.map { K(truncatingIfNeeded: $0) } }
    }
}

/// A decimal value as `whole * 10^d + fraction` with `0 <= fraction < 10^d`: compares two decimals
/// whose scales differ by more than an Int128 can absorb by multiplication.
struct DecimalKey: Comparable {
    var whole: Int128
    var fraction: Int128

    static func < (a: DecimalKey, b: DecimalKey) -> Bool {
        a.whole != b.whole ? a.whole < b.whole : a.fraction < b.fraction
    }
}
