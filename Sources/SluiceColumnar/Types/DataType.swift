/// A logical SQL data type, as Flink names them, with the physical layout each one uses.
///
/// Physical representation (one value per row, little-endian, in a fixed-width buffer unless noted):
///
///     boolean                    bit-packed, 1 bit per row (same layout as a validity bitmap)
///     int8/16/32/64              Int8 / Int16 / Int32 / Int64
///     float32/64                 Float / Double
///     decimal(p, s), p <= 18     Int64 holding value * 10^s
///     decimal(p, s), p <= 38     Int128 holding value * 10^s
///     date                       Int32 days since 1970-01-01
///     time(p)                    Int32 milliseconds since midnight (p <= 3)
///     timestamp(p), timestampLTZ Int64 microseconds since 1970-01-01 00:00:00 (p <= 6)
///     intervalDayTime            Int64 microseconds
///     intervalYearMonth          Int32 months
///     string, binary             Int32 offsets (count + 1) + bytes; optionally dictionary-encoded
///     row(fields)                one child column per field
public indirect enum DataType: Hashable, Sendable {
    case boolean
    case int8, int16, int32, int64
    case float32, float64
    case decimal(precision: Int, scale: Int)
    case string
    case binary
    case date
    case time(precision: Int)
    case timestamp(precision: Int)
    case timestampLTZ(precision: Int)
    case intervalDayTime
    case intervalYearMonth
    case row([Field])

    /// The largest decimal precision Sluice stores (as in Flink).
    public static let maxDecimalPrecision = 38
    /// Decimals up to this precision are stored in an Int64; above it in an Int128.
    public static let maxInt64DecimalPrecision = 18

    /// The width in bytes of one value in the values buffer, or nil for bit-packed, variable-width and
    /// nested types.
    public var fixedWidth: Int? {
        switch self {
        case .int8: return 1
        case .int16: return 2
        case .int32, .date, .time, .intervalYearMonth, .float32: return 4
        case .int64, .float64, .timestamp, .timestampLTZ, .intervalDayTime: return 8
        case .decimal(let p, _): return p <= DataType.maxInt64DecimalPrecision ? 8 : 16
        case .boolean, .string, .binary, .row: return nil
        }
    }

    public var isInteger: Bool {
        switch self {
        case .int8, .int16, .int32, .int64: return true
        default: return false
        }
    }

    public var isFloatingPoint: Bool { self == .float32 || self == .float64 }

    public var isDecimal: Bool {
        if case .decimal = self { return true }
        return false
    }

    public var isNumeric: Bool { isInteger || isFloatingPoint || isDecimal }

    public var isVariableWidth: Bool { self == .string || self == .binary }

    public var isTemporal: Bool {
        switch self {
        case .date, .time, .timestamp, .timestampLTZ: return true
        default: return false
        }
    }

    /// Decimal precision and scale, or nil for other types.
    public var decimalParameters: (precision: Int, scale: Int)? {
        if case .decimal(let p, let s) = self { return (p, s) }
        return nil
    }

    /// Checks the type's parameters and says how to fix them when they are out of range.
    public func validate() throws(SluiceError) {
        switch self {
        case .decimal(let p, let s):
            guard p >= 1 && p <= DataType.maxDecimalPrecision else {
                throw .invalidInput("DECIMAL precision \(p) is out of range; use 1 to \(DataType.maxDecimalPrecision)")
            }
            guard s >= 0 && s <= p else {
                throw .invalidInput("DECIMAL(\(p), \(s)) has scale \(s) outside 0...\(p); the scale cannot exceed the precision")
            }
        case .time(let p):
            guard p >= 0 && p <= 3 else {
                throw .unsupported("TIME(\(p)) is not supported; Sluice stores TIME with millisecond precision, use TIME(0) to TIME(3)")
            }
        case .timestamp(let p), .timestampLTZ(let p):
            guard p >= 0 && p <= 6 else {
                throw .unsupported("TIMESTAMP(\(p)) is not supported; Sluice stores timestamps in microseconds, use TIMESTAMP(0) to TIMESTAMP(6)")
            }
        case .row(let fields):
            for field in fields { try field.type.validate() }
        default:
            break
        }
    }
}

extension DataType: CustomStringConvertible {
    /// The type as Flink SQL spells it.
    public var description: String {
        switch self {
        case .boolean: return "BOOLEAN"
        case .int8: return "TINYINT"
        case .int16: return "SMALLINT"
        case .int32: return "INT"
        case .int64: return "BIGINT"
        case .float32: return "FLOAT"
        case .float64: return "DOUBLE"
        case .decimal(let p, let s): return "DECIMAL(\(p), \(s))"
        case .string: return "STRING"
        case .binary: return "BYTES"
        case .date: return "DATE"
        case .time(let p): return "TIME(\(p))"
        case .timestamp(let p): return "TIMESTAMP(\(p))"
        case .timestampLTZ(let p): return "TIMESTAMP_LTZ(\(p))"
        case .intervalDayTime: return "INTERVAL DAY TO SECOND"
        case .intervalYearMonth: return "INTERVAL YEAR TO MONTH"
        case .row(let fields):
            let inner = fields.map { "`\($0.name)` \($0.type)\($0.nullable ? "" : " NOT NULL")" }
            return "ROW<" + inner.joined(separator: ", ") + ">"
        }
    }
}
