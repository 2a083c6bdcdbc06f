/// Builds a column of any type from `Value`s: for literals, tests, in-memory sources and slow paths.
///
/// Hot paths use the typed builders (`FixedWidthColumnBuilder`, `StringColumnBuilder`, …) directly.
public struct ColumnBuilder {
    public let type: DataType
    private var values: [Value] = []

    public init(type: DataType, capacity: Int = 0) {
        self.type = type
        values.reserveCapacity(capacity)
    }

    public var count: Int { values.count }

    /// Appends a value, checking that it fits the column's type.
    public mutating func append(_ value: Value) throws(SluiceError) {
        try ColumnBuilder.check(value, fits: type)
        values.append(value)
    }

    public mutating func appendNull() { values.append(.null) }

    public func finish() -> Column {
        // `append` has checked every value, so the builders below cannot fail.
        ColumnBuilder.build(type, values)
    }

    /// A column from values that must fit the type (the error names the first that does not).
    public static func column(_ type: DataType, _ values: [Value]) throws(SluiceError) -> Column {
        for (i, v) in values.enumerated() {
            do { try check(v, fits: type) } catch { throw SluiceError(.invalidInput, error.message + " at row \(i)") }
        }
        return build(type, values)
    }

    static func check(_ value: Value, fits type: DataType) throws(SluiceError) {
        switch (value, type) {
        case (.null, _): return
        case (.boolean, .boolean), (.float, .float32), (.float, .float64), (.string, .string),
             (.binary, .binary), (.date, .date), (.time, .time), (.timestamp, .timestamp),
             (.timestamp, .timestampLTZ), (.intervalDayTime, .intervalDayTime),
             (.intervalYearMonth, .intervalYearMonth):
            return
        case (.int(let v), _) where type.isInteger:
            let (lo, hi) = IntegerRange.bounds(type)
            guard v >= lo && v <= hi else { throw .invalidInput("value \(v) is out of range for \(type) (\(lo)...\(hi))") }
        case (.decimal(let v, let s), .decimal(let p, let scale)):
            guard s == scale else { throw .invalidInput("decimal value \(value) has scale \(s), column \(type) needs scale \(scale)") }
            guard v.magnitude < DecimalFormat.powersOfTen[p].magnitude else {
                throw .invalidInput("decimal value \(value) does not fit \(type)")
            }
        case (.row(let vs), .row(let fields)):
            guard vs.count == fields.count else { throw .invalidInput("row value has \(vs.count) fields, type \(type) has \(fields.count)") }
            for (v, f) in zip(vs, fields) { try check(v, fits: f.type) }
        default:
            throw .invalidInput("value \(value) does not fit a column of type \(type)")
        }
    }

    static func build(_ type: DataType, _ values: [Value]) -> Column {
        switch type {
        case .boolean:
            var b = BooleanColumnBuilder(capacity: values.count)
            for v in values { if case .boolean(let x) = v { b.append(x) } else { b.appendNull() } }
            return b.finish()
        case .int8: return fixed(type, values, Int8.self) { if case .int(let x) = $0 { Int8(x) } else { nil } }
        case .int16: return fixed(type, values, Int16.self) { if case .int(let x) = $0 { Int16(x) } else { nil } }
        case .int32: return fixed(type, values, Int32.self) { if case .int(let x) = $0 { Int32(x) } else { nil } }
        case .int64: return fixed(type, values, Int64.self) { if case .int(let x) = $0 { x } else { nil } }
        case .float32: return fixed(type, values, Float.self) { if case .float(let x) = $0 { Float(x) } else { nil } }
        case .float64: return fixed(type, values, Double.self) { if case .float(let x) = $0 { x } else { nil } }
        case .decimal(let p, _) where p <= DataType.maxInt64DecimalPrecision:
            return fixed(type, values, Int64.self) { if case .decimal(let x, _) = $0 { Int64(x) } else { nil } }
        case .decimal:
            return fixed(type, values, Int128.self) { if case .decimal(let x, _) = $0 { x } else { nil } }
        case .date: return fixed(type, values, Int32.self) { if case .date(let x) = $0 { x } else { nil } }
        case .time: return fixed(type, values, Int32.self) { if case .time(let x) = $0 { x } else { nil } }
        case .timestamp, .timestampLTZ:
            return fixed(type, values, Int64.self) { if case .timestamp(let x) = $0 { x } else { nil } }
        case .intervalDayTime:
            return fixed(type, values, Int64.self) { if case .intervalDayTime(let x) = $0 { x } else { nil } }
        case .intervalYearMonth:
            return fixed(type, values, Int32.self) { if case .intervalYearMonth(let x) = $0 { x } else { nil } }
        case .string, .binary:
            var b = StringColumnBuilder(type: type, capacity: values.count)
            for v in values {
                switch v {
                case .string(let s): b.append(s)
                case .binary(let bytes): b.append(bytes: bytes)
                default: b.appendNull()
                }
            }
            return b.finish()
        case .row(let fields):
            var validity = ValidityBuilder()
            var children = Array(repeating: [Value](), count: fields.count)
            for v in values {
                if case .row(let vs) = v {
                    validity.appendValid()
                    for i in 0..<fields.count { children[i].append(vs[i]) }
                } else {
                    validity.appendNull()
                    for i in 0..<fields.count { children[i].append(.null) }
                }
            }
            let columns = zip(fields, children).map { build($0.type, $1) }
            return Column(type: type, count: values.count, storage: .children(columns), validity: validity.finish())
        }
    }

    private static func fixed<T: BitwiseCopyable>(_ type: DataType, _ values: [Value], _: T.Type,
                                                  _ convert: (Value) -> T?) -> Column {
        var b = FixedWidthColumnBuilder<T>(type: type, capacity: values.count)
        for v in values { b.append(convert(v)) }
        return b.finish()
    }
}

/// The value range of each integer type.
public enum IntegerRange {
    public static func bounds(_ type: DataType) -> (Int64, Int64) {
        switch type {
        case .int8: return (Int64(Int8.min), Int64(Int8.max))
        case .int16: return (Int64(Int16.min), Int64(Int16.max))
        case .int32: return (Int64(Int32.min), Int64(Int32.max))
        default: return (Int64.min, Int64.max)
        }
    }
}
