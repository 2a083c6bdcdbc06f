extension Value {
    /// The type a literal has when nothing else is known: integers are BIGINT (INT when they fit, as
    /// Flink types integer literals), decimals keep their digits, strings are STRING.
    public static func naturalType(of value: Value) -> DataType {
        switch value {
        case .null: return .string
        case .boolean: return .boolean
        case .int(let v): return Int32(exactly: v) != nil ? .int32 : .int64
        case .float: return .float64
        case .decimal(let v, let scale):
            let digits = max(String(v.magnitude).count, scale, 1)
            return .decimal(precision: min(max(digits, scale), DataType.maxDecimalPrecision), scale: scale)
        case .string: return .string
        case .binary: return .binary
        case .date: return .date
        case .time: return .time(precision: 3)
        case .timestamp: return .timestamp(precision: 6)
        case .intervalDayTime: return .intervalDayTime
        case .intervalYearMonth: return .intervalYearMonth
        case .row(let values):
            return .row(values.enumerated().map { Field("f\($0.offset)", naturalType(of: $0.element)) })
        }
    }
}
