/// STRING → typed casts: numbers, booleans, decimals, dates, times and timestamps.
///
/// Parsing runs over the raw UTF-8 bytes of each row (no String per row except for floats); surrounding
/// spaces are ignored as in Flink. A value that does not parse is `.invalidInput` naming the value, the
/// target type and the row: "cannot cast 'abc' to INT (row 3)".
extension Cast {
    static func fromString(_ c: Column, to type: DataType, _ mode: Mode) throws(SluiceError) -> Column {
        switch type {
        case .boolean:
            let bits = try parseColumn(c, .int8, mode, Int8.self, reportedAs: .boolean) { parseBoolean($0).map { $0 ? 1 : 0 } }
            return try convert(bits, to: .boolean, .strict)
        case .int8: return try parseColumn(c, type, mode, Int8.self) { parseInteger($0).flatMap { Int8(exactly: $0) } }
        case .int16: return try parseColumn(c, type, mode, Int16.self) { parseInteger($0).flatMap { Int16(exactly: $0) } }
        case .int32: return try parseColumn(c, type, mode, Int32.self) { parseInteger($0).flatMap { Int32(exactly: $0) } }
        case .int64: return try parseColumn(c, type, mode, Int64.self) { parseInteger($0) }
        case .float32: return try parseColumn(c, type, mode, Float.self) { parseDouble($0).map { Float($0) } }
        case .float64: return try parseColumn(c, type, mode, Double.self) { parseDouble($0) }
        case .decimal(let p, let s) where p <= DataType.maxInt64DecimalPrecision:
            return try parseColumn(c, type, mode, Int64.self) { parseDecimal($0, p, s).map { Int64(truncatingIfNeeded: $0) } }
        case .decimal(let p, let s):
            return try parseColumn(c, type, mode, Int128.self) { parseDecimal($0, p, s) }
        case .date:
            return try parseColumn(c, type, mode, Int32.self) { TemporalParse.date($0) }
        case .time(let p):
            let unit = Int32(DecimalFormat.powersOfTen[3 - min(p, 3)])
            return try parseColumn(c, type, mode, Int32.self) { TemporalParse.time($0).map { $0 / unit * unit } }
        default:  // TIMESTAMP, TIMESTAMP_LTZ (canCast rules out the rest)
            var precision = 6
            if case .timestamp(let q) = type { precision = q } else if case .timestampLTZ(let q) = type { precision = q }
            let unit = Int64(DecimalFormat.powersOfTen[6 - precision])
            return try parseColumn(c, type, mode, Int64.self) { TemporalParse.timestamp($0).map { floorDiv($0, unit) * unit } }
        }
    }

    /// Parses every valid row with `parse` into a fixed-width column; a row it rejects is an error
    /// (strict) or NULL (TRY_CAST).
    static func parseColumn<T>(_ c: Column, _ type: DataType, _ mode: Mode, _: T.Type, reportedAs: DataType? = nil,
                               _ parse: (UnsafeBufferPointer<UInt8>) -> T?) throws(SluiceError) -> Column {
        guard case .variable(let offsets, let bytes) = c.storage else {
            throw .internalError("string column without offsets + bytes")
        }
        var failed: [Int] = []
        var out = MutableBuffer(zeroedCount: c.count, of: T.self)
        offsets.withUnsafeBufferPointer(as: Int32.self) { off in
            bytes.withUnsafeBytes { raw in
                out.withUnsafeMutableBufferPointer(as: T.self) { o in
                    let base = raw.bindMemory(to: UInt8.self)
                    for row in 0..<c.count where !c.isNull(row) {
                        if let v = parse(UnsafeBufferPointer(rebasing: base[Int(off[row])..<Int(off[row + 1])])) {
                            o[row] = v
                        } else {
                            failed.append(row)
                            if mode == .strict { break }
                        }
                    }
                }
            }
        }
        if let row = failed.first, mode == .strict {
            throw .invalidInput("cannot cast '\(c.formatted(at: row))' to \(reportedAs ?? type) (row \(row))")
        }
        return Column(type: type, count: c.count, storage: .fixed(out.freeze()),
                      validity: NullPropagation.clearing(failed, in: c.validity, count: c.count))
    }

    static func parseDouble(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        var end = b.count
        while i < end && b[i] == 0x20 { i += 1 }
        while end > i && b[end - 1] == 0x20 { end -= 1 }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: b[i..<end]), as: UTF8.self))
    }

    /// A decimal at scale `s` (HALF_UP); plain digits parse straight from the bytes, exponents via text.
    static func parseDecimal(_ b: UnsafeBufferPointer<UInt8>, _ p: Int, _ s: Int) -> Int128? {
        if !b.contains(UInt8(ascii: "e")) && !b.contains(UInt8(ascii: "E")) {
            return DecimalFormat.parse(b, precision: p, scale: s)
        }
        return DecimalText.parse(String(decoding: b, as: UTF8.self), precision: p, scale: s)
    }

    /// Flink's boolean strings, case-insensitive: true/t/yes/y/1 and false/f/no/n/0.
    static func parseBoolean(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        let word = String(decoding: b, as: UTF8.self).lowercased().split(separator: " ").joined()
        switch word {
        case "true", "t", "yes", "y", "1": return true
        case "false", "f", "no", "n", "0": return false
        default: return nil
        }
    }

    /// An optionally signed integer; a fraction after '.' is accepted and truncated, as Flink does.
    static func parseInteger(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        var end = b.count
        while i < end && b[i] == 0x20 { i += 1 }
        while end > i && b[end - 1] == 0x20 { end -= 1 }
        guard i < end else { return nil }
        let negative = b[i] == UInt8(ascii: "-")
        if negative || b[i] == UInt8(ascii: "+") { i += 1 }
        var magnitude: UInt64 = 0
        var digits = 0
        while i < end, b[i] >= 0x30, b[i] <= 0x39 {
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(b[i] - 0x30))
            if o1 || o2 { return nil }
            magnitude = m2
            digits += 1
            i += 1
        }
        if i < end && b[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
        }
        guard digits > 0 && i == end else { return nil }
        if negative { return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }
}

/// Decimal text with an optional exponent ("1.5", "-2e-3", "1.2345e+20") to an unscaled value.
enum DecimalText {
    /// The value at `scale` rounded HALF_UP, or nil when the text is not a number or needs more than
    /// `precision` digits.
    static func parse(_ text: String, precision: Int, scale: Int) -> Int128? {
        var plain = text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed().map { $0 }
        if let e = plain.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let exponent = Int(String(plain[(e + 1)...])), abs(exponent) <= 400 else { return nil }
            plain = shiftPoint(Array(plain[..<e]), by: exponent)
        }
        var bytes = Array(String(plain).utf8)
        return bytes.withUnsafeMutableBufferPointer { DecimalFormat.parse(UnsafeBufferPointer($0), precision: precision, scale: scale) }
    }

    /// "-1.25" shifted by 2 is "-125", by -2 is "-0.0125" (plain notation, no exponent).
    static func shiftPoint(_ mantissa: [Character], by exponent: Int) -> [Character] {
        var sign: [Character] = []
        var m = mantissa
        if let first = m.first, first == "-" || first == "+" { sign = [first]; m.removeFirst() }
        let point = m.firstIndex(of: ".") ?? m.count
        let digits = m.filter { $0 != "." }
        guard digits.allSatisfy(\.isASCII) else { return mantissa }
        var newPoint = point + exponent
        var d = digits
        if newPoint <= 0 {
            d = Array(repeating: "0", count: 1 - newPoint) + d
            newPoint = 1
        }
        if newPoint >= d.count { return sign + d + Array(repeating: "0", count: newPoint - d.count) }
        return sign + Array(d[..<newPoint]) + ["."] + Array(d[newPoint...])
    }
}

/// Typed → STRING casts, formatting values the way Flink's CAST prints them.
///
/// DOUBLE as Java's `Double.toString` (`FloatFormat.flinkString`), FLOAT as `Float.toString`, DECIMAL
/// with all its scale digits, BOOLEAN as TRUE/FALSE, temporal values in their ISO-like SQL forms with the
/// type's fraction digits, BYTES as their UTF-8 bytes.
extension Cast {
    static func toString(_ c: Column) -> Column {
        switch c.type {
        case .string: return c
        case .binary:
            let d = c.decoded()
            return Column(type: .string, count: d.count, storage: d.storage, validity: d.validity)
        case .int8: return format(c, Int8.self) { String($0) }
        case .int16: return format(c, Int16.self) { String($0) }
        case .int32: return format(c, Int32.self) { String($0) }
        case .int64: return format(c, Int64.self) { String($0) }
        case .float32: return format(c, Float.self) { floatString($0) }
        case .float64: return format(c, Double.self) { FloatFormat.flinkString($0) }
        case .decimal(let p, let s) where p <= DataType.maxInt64DecimalPrecision:
            return format(c, Int64.self) { DecimalFormat.string(unscaled: Int128($0), scale: s) }
        case .decimal(_, let s):
            return format(c, Int128.self) { DecimalFormat.string(unscaled: $0, scale: s) }
        case .date: return format(c, Int32.self) { TemporalFormat.date(days: $0) }
        case .time(let p): return format(c, Int32.self) { TemporalFormat.time(millis: $0, precision: p) }
        case .timestamp(let p), .timestampLTZ(let p):
            return format(c, Int64.self) { TemporalFormat.timestamp(micros: $0, precision: p) }
        case .intervalDayTime: return format(c, Int64.self) { TemporalFormat.intervalDayTime(micros: $0) }
        case .intervalYearMonth: return format(c, Int32.self) { TemporalFormat.intervalYearMonth(months: $0) }
        default:  // BOOLEAN (ROW never reaches here: canCast rejects it)
            var b = StringColumnBuilder(capacity: c.count)
            for row in 0..<c.count {
                if c.isNull(row) { b.appendNull() } else { b.append(c.booleanValues[row] ? "TRUE" : "FALSE") }
            }
            return b.finish()
        }
    }

    static func format<T>(_ c: Column, _: T.Type, _ f: (T) -> String) -> Column {
        var b = StringColumnBuilder(capacity: c.count, byteCapacity: c.count * 8)
        c.withValues(T.self) { v in
            for row in 0..<c.count {
                if c.isNull(row) { b.appendNull() } else { b.append(f(v[row])) }
            }
        }
        return b.finish()
    }

    /// Java's `Float.toString`: shortest digits of the float, scientific outside [1e-3, 1e7).
    static func floatString(_ v: Float) -> String {
        if v.isNaN || v.isInfinite { return FloatFormat.flinkString(Double(v)) }
        return FloatFormat.javaStyle("\(v)", magnitude: Double(abs(v)))
    }
}
