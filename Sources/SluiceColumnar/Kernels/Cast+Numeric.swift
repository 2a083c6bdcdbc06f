/// Numeric ↔ numeric casts: integers, FLOAT, DOUBLE and DECIMAL(p, s).
///
/// Each conversion is one tight loop that writes a value for every row and OR-s a failure bit into a
/// flag (out of range, NaN, too many digits); `Cast.settle` finds the failing rows only when it is set.
extension Cast {
    static func numeric(_ c: Column, to type: DataType, _ mode: Mode) throws(SluiceError) -> Column {
        switch c.type {
        case .int8: return try fromInteger(c, Int8.self, to: type, mode)
        case .int16: return try fromInteger(c, Int16.self, to: type, mode)
        case .int32: return try fromInteger(c, Int32.self, to: type, mode)
        case .int64: return try fromInteger(c, Int64.self, to: type, mode)
        case .float32: return try fromFloat(c, Float.self, to: type, mode)
        case .float64: return try fromFloat(c, Double.self, to: type, mode)
        default: return try fromDecimal(c, to: type, mode)
        }
    }

    static func rangeReason(_ type: DataType) -> String {
        let (lo, hi) = IntegerRange.bounds(type)
        if let (p, s) = type.decimalParameters { return ": needs more than \(p - s) integer digits" }
        return ": out of range; \(type) holds \(lo) to \(hi)"
    }

    // MARK: integers

    static func fromInteger<T: FixedWidthInteger & SignedInteger>(
        _ c: Column, _: T.Type, to type: DataType, _ mode: Mode
    ) throws(SluiceError) -> Column {
        switch type {
        case .int8: return try integerToInteger(c, T.self, Int8.self, type, mode)
        case .int16: return try integerToInteger(c, T.self, Int16.self, type, mode)
        case .int32: return try integerToInteger(c, T.self, Int32.self, type, mode)
        case .int64: return try integerToInteger(c, T.self, Int64.self, type, mode)
        case .float32: return map(c, type, T.self) { Float($0) }
        case .float64: return map(c, type, T.self) { Double($0) }
        default:
            let (p, s) = type.decimalParameters!
            let bound = DecimalFormat.powersOfTen[p - s].magnitude
            let scale = DecimalFormat.powersOfTen[s]
            var flags: UInt8 = 0
            let result: Column
            if p <= DataType.maxInt64DecimalPrecision {
                result = map(c, type, T.self) { (x: T) -> Int64 in
                    let ok = Int128(x).magnitude < bound
                    flags |= flagBit(!ok)
                    return Int64(truncatingIfNeeded: ok ? Int128(x) &* scale : 0)
                }
            } else {
                result = map(c, type, T.self) { (x: T) -> Int128 in
                    let ok = Int128(x).magnitude < bound
                    flags |= flagBit(!ok)
                    return ok ? Int128(x) &* scale : 0
                }
            }
            if flags == 0 { return result }
            return try c.withValues(T.self) { (x) throws(SluiceError) -> Column in
                try settle(result, source: c, target: type, mode, code: .execution, reason: rangeReason(type)) {
                    Int128(x[$0]).magnitude >= bound
                }
            }
        }
    }

    static func integerToInteger<T: FixedWidthInteger, U: FixedWidthInteger>(
        _ c: Column, _: T.Type, _: U.Type, _ type: DataType, _ mode: Mode
    ) throws(SluiceError) -> Column {
        var flags: UInt8 = 0
        let result = map(c, type, T.self) { (x: T) -> U in
            let y = U(truncatingIfNeeded: x)
            flags |= flagBit(T(truncatingIfNeeded: y) != x || (y < 0) != (x < 0))
            return y
        }
        if flags == 0 { return result }
        return try c.withValues(T.self) { (x) throws(SluiceError) -> Column in
            try settle(result, source: c, target: type, mode, code: .execution, reason: rangeReason(type)) {
                U(exactly: x[$0]) == nil
            }
        }
    }

    // MARK: floating point

    static func fromFloat<T: BinaryFloatingPoint>(
        _ c: Column, _: T.Type, to type: DataType, _ mode: Mode
    ) throws(SluiceError) -> Column {
        switch type {
        case .int8: return try floatToInteger(c, T.self, Int8.self, type, mode)
        case .int16: return try floatToInteger(c, T.self, Int16.self, type, mode)
        case .int32: return try floatToInteger(c, T.self, Int32.self, type, mode)
        case .int64: return try floatToInteger(c, T.self, Int64.self, type, mode)
        case .float32: return map(c, type, T.self) { Float($0) }
        case .float64: return map(c, type, T.self) { Double($0) }
        default:
            // Through the shortest decimal text of the value, as Java's BigDecimal.valueOf(double) does.
            let (p, s) = type.decimalParameters!
            let values: [Int128?] = c.withValues(T.self) { x in
                x.map { v in
                    let d = Double(v)
                    return d.isFinite ? DecimalText.parse(T.self == Float.self ? "\(Float(v))" : "\(d)", precision: p, scale: s) : nil
                }
            }
            let result = decimalColumn(values.map { $0 ?? 0 }, type, c.validity)
            return try settle(result, source: c, target: type, mode, code: .execution,
                              reason: ": not a finite number that fits") { values[$0] == nil }
        }
    }

    static func floatToInteger<T: BinaryFloatingPoint, U: FixedWidthInteger>(
        _ c: Column, _: T.Type, _: U.Type, _ type: DataType, _ mode: Mode
    ) throws(SluiceError) -> Column {
        // -U.min is a power of two, exact in every float type; NaN fails both comparisons.
        let lo = T(U.min)
        let hi = -T(U.min)
        var flags: UInt8 = 0
        let result = map(c, type, T.self) { (x: T) -> U in
            let t = x.rounded(.towardZero)
            let ok = t >= lo && t < hi
            flags |= flagBit(!ok)
            return U(ok ? t : 0)
        }
        if flags == 0 { return result }
        return try c.withValues(T.self) { (x) throws(SluiceError) -> Column in
            try settle(result, source: c, target: type, mode, code: .execution, reason: rangeReason(type)) {
                let t = x[$0].rounded(.towardZero)
                return !(t >= lo && t < hi)
            }
        }
    }

    // MARK: decimals

    static func decimalValues(_ c: Column) -> [Int128] { DecimalArithmetic.unscaled(c) }

    static func decimalColumn(_ values: [Int128], _ type: DataType, _ validity: Bitmap?) -> Column {
        if type.fixedWidth == 8 {
            let narrow = values.map { Int64(truncatingIfNeeded: $0) }
            return Column(type: type, count: values.count, storage: .fixed(Buffer(narrow)), validity: validity)
        }
        return Column(type: type, count: values.count, storage: .fixed(Buffer(values)), validity: validity)
    }

    static func fromDecimal(_ c: Column, to type: DataType, _ mode: Mode) throws(SluiceError) -> Column {
        let (_, s) = c.type.decimalParameters!
        let x = decimalValues(c)
        let scale = DecimalFormat.powersOfTen[s]
        switch type {
        case .float32, .float64:
            let doubles = x.map { v -> Double in
                if v.magnitude < (1 << 53) && s <= 22 { return Double(v) / Double(scale) }
                return Double(DecimalFormat.string(unscaled: v, scale: s))!
            }
            if type == .float64 { return Column(type: type, count: c.count, storage: .fixed(Buffer(doubles)), validity: c.validity) }
            return Column(type: type, count: c.count, storage: .fixed(Buffer(doubles.map { Float($0) })), validity: c.validity)
        case .decimal(let p, let t):
            let values = x.map { rescale($0, from: s, to: t, precision: p) }
            let result = decimalColumn(values.map { $0 ?? 0 }, type, c.validity)
            return try settle(result, source: c, target: type, mode, code: .execution,
                              reason: ": needs more than \(p - t) integer digits") { values[$0] == nil }
        default:
            // To an integer: truncate the fraction toward zero, then narrow.
            let truncated = x.map { $0 / scale }
            let fits = truncated.map { $0 >= Int128(Int64.min) && $0 <= Int128(Int64.max) }
            let wide = Column(type: .int64, count: c.count,
                              storage: .fixed(Buffer(truncated.map { Int64(truncatingIfNeeded: $0) })), validity: c.validity)
            let result = try convert(wide, to: type, .nullOnError)
            let (lo, hi) = IntegerRange.bounds(type)
            return try settle(result, source: c, target: type, mode, code: .execution, reason: rangeReason(type)) {
                !fits[$0] || truncated[$0] < Int128(lo) || truncated[$0] > Int128(hi)
            }
        }
    }

    /// An unscaled decimal moved from scale `s` to scale `t` (HALF_UP), or nil when it needs more than
    /// `precision` digits.
    static func rescale(_ v: Int128, from s: Int, to t: Int, precision p: Int) -> Int128? {
        if t >= s {
            let k = t - s
            guard v.magnitude < DecimalFormat.powersOfTen[p - k].magnitude else { return nil }
            return v * DecimalFormat.powersOfTen[k]
        }
        let d = DecimalFormat.powersOfTen[s - t]
        var q = v / d
        let r = (v % d).magnitude
        if r >= d.magnitude - r { q += v < 0 ? -1 : 1 }
        return q.magnitude < DecimalFormat.powersOfTen[p].magnitude ? q : nil
    }
}
