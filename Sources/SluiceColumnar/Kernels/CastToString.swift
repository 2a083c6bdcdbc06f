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
