/// The user-facing errors of the comparison kernels, and the SQL type names they print.
extension Comparison {
    /// "cannot compare STRING with INT; cast one side (CAST(x AS INT))".
    static func incomparable(_ lhs: DataType, _ rhs: Value) -> SluiceError {
        incomparable(lhs.description, literalTypeName(rhs), row: lhs.isRow || rhs.isRow)
    }

    static func incomparable(_ lhs: DataType, _ rhs: DataType) -> SluiceError {
        incomparable(lhs.description, rhs.description, row: lhs.isRow || rhs.isRow)
    }

    private static func incomparable(_ lhs: String, _ rhs: String, row: Bool) -> SluiceError {
        if row {
            return .unsupported("cannot compare \(lhs) with \(rhs); ROW values are not comparable, compare their fields one by one")
        }
        return .invalidInput("cannot compare \(lhs) with \(rhs); cast one side (CAST(x AS \(rhs)))")
    }

    static func lengthMismatch(_ what: String, _ a: Int, _ b: Int) -> SluiceError {
        .internalError("\(what) needs columns of equal length, got \(a) and \(b) rows")
    }

    /// The SQL type of a literal as Flink would infer it (integer literals are INT when they fit).
    static func literalTypeName(_ value: Value) -> String {
        switch value {
        case .null: return "NULL"
        case .boolean: return "BOOLEAN"
        case .int(let v): return Int32(exactly: v) != nil ? "INT" : "BIGINT"
        case .float: return "DOUBLE"
        case .decimal(let u, let s):
            let digits = u == 0 ? 1 : String(u.magnitude).count
            return "DECIMAL(\(max(digits, s, 1)), \(s))"
        case .string: return "STRING"
        case .binary: return "BYTES"
        case .date: return "DATE"
        case .time: return "TIME(3)"
        case .timestamp: return "TIMESTAMP(6)"
        case .intervalDayTime: return "INTERVAL DAY TO SECOND"
        case .intervalYearMonth: return "INTERVAL YEAR TO MONTH"
        case .row: return "ROW"
        }
    }
}

extension DataType {
    var isRow: Bool {
        if case .row = self { return true }
        return false
    }
}

extension Value {
    var isRow: Bool {
        if case .row = self { return true }
        return false
    }
}
