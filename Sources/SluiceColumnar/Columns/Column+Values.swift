/// Reading single values out of a column: printing, tests and row views. Not for hot loops.
extension Column {
    /// The value at `row` as a `Value`.
    public func value(at row: Int) -> Value {
        precondition(row >= 0 && row < count, "row \(row) out of range 0..<\(count)")
        if isNull(row) { return .null }
        switch storage {
        case .bits(let bits):
            return .boolean(bits[row])
        case .fixed(let buffer):
            return Column.fixedValue(type, buffer, row)
        case .variable(let offsets, let bytes):
            let start = Int(offsets.load(Int32.self, at: row))
            let end = Int(offsets.load(Int32.self, at: row + 1))
            let data = bytes.withUnsafeBytes { Array($0[start..<end]) }
            return type == .binary ? .binary(data) : .string(String(decoding: data, as: UTF8.self))
        case .dictionary(let codes, let dictionary):
            let data = dictionary.bytes(at: Int(codes.load(Int32.self, at: row)))
            return type == .binary ? .binary(data) : .string(String(decoding: data, as: UTF8.self))
        case .children(let columns):
            return .row(columns.map { $0.value(at: row) })
        }
    }

    private static func fixedValue(_ type: DataType, _ b: Buffer, _ row: Int) -> Value {
        switch type {
        case .int8: return .int(Int64(b.load(Int8.self, at: row)))
        case .int16: return .int(Int64(b.load(Int16.self, at: row)))
        case .int32: return .int(Int64(b.load(Int32.self, at: row)))
        case .int64: return .int(b.load(Int64.self, at: row))
        case .float32: return .float(Double(b.load(Float.self, at: row)))
        case .float64: return .float(b.load(Double.self, at: row))
        case .decimal(let p, let s):
            let v = p <= DataType.maxInt64DecimalPrecision ? Int128(b.load(Int64.self, at: row)) : b.load(Int128.self, at: row)
            return .decimal(v, scale: s)
        case .date: return .date(b.load(Int32.self, at: row))
        case .time: return .time(b.load(Int32.self, at: row))
        case .timestamp, .timestampLTZ: return .timestamp(b.load(Int64.self, at: row))
        case .intervalDayTime: return .intervalDayTime(b.load(Int64.self, at: row))
        case .intervalYearMonth: return .intervalYearMonth(b.load(Int32.self, at: row))
        case .boolean, .string, .binary, .row:
            preconditionFailure("\(type) is not stored fixed-width")
        }
    }

    /// Every value, in order.
    public func values() -> [Value] { (0..<count).map { value(at: $0) } }

    /// The value at `row` formatted as Flink prints it, honouring timestamp precision.
    public func formatted(at row: Int) -> String { Column.formatted(value(at: row), type) }
}

extension Column {
    /// Convenience factories for tests and small in-memory data.
    public static func int64(_ values: [Int64?]) -> Column {
        var b = FixedWidthColumnBuilder<Int64>(type: .int64, capacity: values.count)
        for v in values { b.append(v) }
        return b.finish()
    }

    public static func int32(_ values: [Int32?]) -> Column {
        var b = FixedWidthColumnBuilder<Int32>(type: .int32, capacity: values.count)
        for v in values { b.append(v) }
        return b.finish()
    }

    public static func float64(_ values: [Double?]) -> Column {
        var b = FixedWidthColumnBuilder<Double>(type: .float64, capacity: values.count)
        for v in values { b.append(v) }
        return b.finish()
    }

    public static func string(_ values: [String?]) -> Column {
        var b = StringColumnBuilder(type: .string, capacity: values.count)
        for v in values { b.append(v) }
        return b.finish()
    }

    public static func boolean(_ values: [Bool?]) -> Column {
        var b = BooleanColumnBuilder(capacity: values.count)
        for v in values { b.append(v) }
        return b.finish()
    }
}
