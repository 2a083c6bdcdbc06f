/// Flink's numeric functions over whole columns: abs, mod, round, floor, ceil.
///
/// Integer results that leave their type (ABS of the smallest value, ROUND(127 AS TINYINT, -1)) are
/// errors, as in `Arithmetic`. Decimal results follow Flink's `LogicalTypeMerging.findRoundDecimalType`;
/// DOUBLE rounding goes through the shortest decimal text of the value, as Java's
/// `BigDecimal.valueOf(double)` does, so ROUND(1.005, 2) is 1.01.
public enum MathFunctions {
    /// ABS(x), keeping the type.
    public static func abs(_ x: Column) throws(SluiceError) -> Column {
        switch x.type {
        case .int8: return try absInteger(x, Int8.self)
        case .int16: return try absInteger(x, Int16.self)
        case .int32: return try absInteger(x, Int32.self)
        case .int64: return try absInteger(x, Int64.self)
        case .float32: return Cast.map(x, x.type, Float.self) { Swift.abs($0) }
        case .float64: return Cast.map(x, x.type, Double.self) { Swift.abs($0) }
        case .decimal(let p, _) where p <= DataType.maxInt64DecimalPrecision:
            return Cast.map(x, x.type, Int64.self) { $0 < 0 ? 0 &- $0 : $0 }
        case .decimal:
            return Cast.map(x, x.type, Int128.self) { $0 < 0 ? 0 &- $0 : $0 }
        default:
            throw SluiceError(.plan, "ABS expects a numeric argument, found \(x.type)")
        }
    }

    static func absInteger<T: FixedWidthInteger & SignedInteger>(_ x: Column, _: T.Type) throws(SluiceError) -> Column {
        var flags: UInt8 = 0
        let result = Cast.map(x, x.type, T.self) { (v: T) -> T in
            flags |= flagBit(v == T.min)
            return v < 0 ? 0 &- v : v
        }
        guard flags != 0 else { return result }
        if let row = NullPropagation.firstBadRow(count: x.count, validity: x.validity, { r in x.value(at: r) == .int(Int64(T.min)) }) {
            throw .execution("integer overflow in ABS(\(T.min)) (\(x.type)) at row \(row); cast to a wider type first")
        }
        return result
    }

    /// MOD(a, b): the remainder with the sign of the dividend (same as `a % b`).
    public static func mod(_ a: Column, _ b: Column) throws(SluiceError) -> Column {
        try Arithmetic.evaluate(.modulo, a, b)
    }

    /// The result type of ROUND(x, digits) (FLOOR and CEIL are ROUND to 0 digits in type).
    public static func roundResultType(_ type: DataType, digits: Int) throws(SluiceError) -> DataType {
        switch type {
        case .decimal(let p, let s):
            if digits >= s { return type }
            if digits < 0 { return .decimal(precision: min(DataType.maxDecimalPrecision, 1 + p - s), scale: 0) }
            return .decimal(precision: min(DataType.maxDecimalPrecision, 1 + p - s + digits), scale: digits)
        case _ where type.isNumeric:
            return type
        default:
            throw SluiceError(.plan, "ROUND, FLOOR and CEIL expect a numeric argument, found \(type)")
        }
    }

    /// ROUND(x [, digits]): HALF_UP to `digits` fraction digits (negative: to tens, hundreds, …).
    public static func round(_ x: Column, digits: Int = 0) throws(SluiceError) -> Column {
        let type = try roundResultType(x.type, digits: digits)
        switch x.type {
        case .float32, .float64:
            let f: (Double) -> Double = digits == 0 ? { $0.rounded(.toNearestOrAwayFromZero) } : { roundDouble($0, digits) }
            if x.type == .float64 { return Cast.map(x, type, Double.self, f) }
            return Cast.map(x, type, Float.self) { Float(f(Double($0))) }
        case .decimal(_, let s):
            return try decimalRound(x, to: type, scale: s, digits: digits, mode: .toNearestOrAwayFromZero)
        default:
            guard digits < 0 else { return x }
            let wide = try Cast.cast(x, to: .decimal(precision: 19, scale: 0))
            let rounded = try decimalRound(wide, to: .decimal(precision: 20, scale: 0), scale: 0, digits: digits,
                                           mode: .toNearestOrAwayFromZero)
            return try Cast.cast(rounded, to: type)
        }
    }

    /// FLOOR(x): the largest integral value ≤ x (decimals become DECIMAL(1 + p - s, 0)).
    public static func floor(_ x: Column) throws(SluiceError) -> Column { try integral(x, .down) }

    /// CEIL(x): the smallest integral value ≥ x.
    public static func ceil(_ x: Column) throws(SluiceError) -> Column { try integral(x, .up) }

    static func integral(_ x: Column, _ mode: FloatingPointRoundingRule) throws(SluiceError) -> Column {
        let type = try roundResultType(x.type, digits: 0)
        switch x.type {
        case .float32: return Cast.map(x, type, Float.self) { $0.rounded(mode) }
        case .float64: return Cast.map(x, type, Double.self) { $0.rounded(mode) }
        case .decimal(_, let s): return try decimalRound(x, to: type, scale: s, digits: 0, mode: mode)
        default: return x
        }
    }

    /// Rounds unscaled decimals at scale `s` to `digits` fraction digits with `mode`, storing the result
    /// at the scale of `type` (a negative `digits` leaves zeros in the low integer digits).
    static func decimalRound(_ x: Column, to type: DataType, scale s: Int, digits: Int,
                             mode: FloatingPointRoundingRule) throws(SluiceError) -> Column {
        let (p, t) = type.decimalParameters!
        guard digits < s else { return try Cast.cast(x, to: type) }
        let drop = s - digits
        guard drop <= DataType.maxDecimalPrecision else { return try Column.repeating(.decimal(0, scale: t), type: type, count: x.count).withValidity(x.validity) }
        let d = DecimalFormat.powersOfTen[drop]
        let back = DecimalFormat.powersOfTen[max(0, t - digits)]
        let values = DecimalArithmetic.unscaled(x).map { v -> Int128? in
            var q = v / d
            let r = v % d
            switch mode {
            case .down: if r < 0 { q -= 1 }
            case .up: if r > 0 { q += 1 }
            default: if r.magnitude >= d.magnitude - r.magnitude { q += v < 0 ? -1 : 1 }
            }
            let (scaled, o) = q.multipliedReportingOverflow(by: back)
            return o || scaled.magnitude >= DecimalFormat.powersOfTen[p].magnitude ? nil : scaled
        }
        let result = Cast.decimalColumn(values.map { $0 ?? 0 }, type, x.validity)
        if let row = NullPropagation.firstBadRow(count: x.count, validity: x.validity, { values[$0] == nil }) {
            throw .execution("ROUND of \(x.formatted(at: row)) to \(digits) digits does not fit \(type) (row \(row))")
        }
        return result
    }

    /// Java's `BigDecimal.valueOf(v).setScale(digits, HALF_UP).doubleValue()`.
    static func roundDouble(_ v: Double, _ digits: Int) -> Double {
        guard v.isFinite else { return v }
        if digits < 0 {
            // The half-way point 5·10^(k-1) is an integer, so only the integer part decides HALF_UP.
            let t = v.rounded(.towardZero)
            guard Swift.abs(t) < 1e38 else { return v }
            guard -digits <= 38 else { return 0 }
            let q = Int128(t)
            let d = DecimalFormat.powersOfTen[-digits]
            var r = q / d
            if (q % d).magnitude >= d.magnitude - (q % d).magnitude { r += q < 0 ? -1 : 1 }
            return Double(r * d)
        }
        guard digits <= 30, let unscaled = DecimalText.parse("\(v)", precision: DataType.maxDecimalPrecision, scale: digits) else {
            return v  // too many digits for a decimal: the double has no fraction digits left to round there
        }
        return Double(DecimalFormat.string(unscaled: unscaled, scale: digits)) ?? v
    }
}
