/// One SQL value outside a column: literals, row views, printing and tests. Never used in hot loops.
///
/// The case carries the physical value (see `DataType` for units); the logical type travels beside it
/// where it matters (a decimal carries its scale, integers of every width are `.int`).
public enum Value: Hashable, Sendable {
    case null
    case boolean(Bool)
    case int(Int64)
    case float(Double)
    /// Unscaled value and scale: `.decimal(12345, scale: 2)` is 123.45.
    case decimal(Int128, scale: Int)
    case string(String)
    case binary([UInt8])
    /// Days since 1970-01-01.
    case date(Int32)
    /// Milliseconds since midnight.
    case time(Int32)
    /// Microseconds since 1970-01-01 00:00:00.
    case timestamp(Int64)
    /// Microseconds.
    case intervalDayTime(Int64)
    /// Months.
    case intervalYearMonth(Int32)
    case row([Value])

    public var isNull: Bool { self == .null }
}

extension Value: CustomStringConvertible {
    /// The value as Flink prints it (`print` connector, SQL client).
    public var description: String {
        switch self {
        case .null: return "NULL"
        case .boolean(let b): return b ? "TRUE" : "FALSE"
        case .int(let v): return String(v)
        case .float(let v): return FloatFormat.flinkString(v)
        case .decimal(let unscaled, let scale): return DecimalFormat.string(unscaled: unscaled, scale: scale)
        case .string(let s): return s
        case .binary(let b): return "x'" + b.map { String($0, radix: 16).leftPadded(to: 2) }.joined() + "'"
        case .date(let d): return TemporalFormat.date(days: d)
        case .time(let t): return TemporalFormat.time(millis: t, precision: 3)
        case .timestamp(let t): return TemporalFormat.timestamp(micros: t, precision: 3)
        case .intervalDayTime(let us): return TemporalFormat.intervalDayTime(micros: us)
        case .intervalYearMonth(let m): return TemporalFormat.intervalYearMonth(months: m)
        case .row(let values): return "(" + values.map(\.description).joined(separator: ", ") + ")"
        }
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
