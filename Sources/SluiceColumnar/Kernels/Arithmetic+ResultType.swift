/// The five binary arithmetic operators of Flink SQL.
public enum ArithmeticOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
}

/// Result types of arithmetic, following Flink's `LogicalTypeMerging` and Calcite's rules.
///
/// - integer op integer: the wider integer type (`%` takes the divisor's type, as Flink's MOD does:
///   the remainder is smaller than the divisor).
/// - any FLOAT/DOUBLE: DOUBLE, except FLOAT op (FLOAT or integer), which stays FLOAT.
/// - DECIMAL with DECIMAL or integer (integers count as DECIMAL(3,0), (5,0), (10,0), (19,0)):
///   `+ -`  scale max(s1, s2), precision max(p1 - s1, p2 - s2) + scale + 1
///   `*`    scale s1 + s2, precision p1 + p2 + 1
///   `/`    scale max(6, s1 + p2 + 1), precision p1 - s1 + s2 + scale
///   `%`    scale max(s1, s2), precision min(p1 - s1, p2 - s2) + scale
///   and when the precision exceeds 38 it becomes 38 and the scale shrinks to make room for the integer
///   digits, keeping at least min(scale, 6) fraction digits.
/// - TIMESTAMP/DATE/TIME ± INTERVAL keeps the temporal type; INTERVAL ± INTERVAL of one kind keeps it.
extension Arithmetic {
    /// Flink keeps at least this many fraction digits when it shrinks a decimal scale.
    static let minimumAdjustedScale = 6

    public static func resultType(_ op: ArithmeticOperator, _ lhs: DataType, _ rhs: DataType) throws(SluiceError) -> DataType {
        if lhs.isNumeric && rhs.isNumeric { return numericResultType(op, lhs, rhs) }
        if let t = temporalResultType(op, lhs, rhs) { return t }
        throw SluiceError(.plan, "cannot apply \(op.rawValue) to \(lhs) and \(rhs); arithmetic needs two numbers, "
            + "a date/time/timestamp and an interval, or two intervals of the same kind")
    }

    static func numericResultType(_ op: ArithmeticOperator, _ lhs: DataType, _ rhs: DataType) -> DataType {
        if lhs.isInteger && rhs.isInteger {
            return op == .modulo ? rhs : widerInteger(lhs, rhs)
        }
        if lhs.isFloatingPoint || rhs.isFloatingPoint {
            if lhs == .float64 || rhs == .float64 || lhs.isDecimal || rhs.isDecimal { return .float64 }
            return .float32
        }
        let (p1, s1) = decimalView(lhs)
        let (p2, s2) = decimalView(rhs)
        let (p, s) = decimalResult(op, p1, s1, p2, s2)
        return .decimal(precision: p, scale: s)
    }

    /// Precision and scale of a decimal operation before storage (see the type's doc comment).
    static func decimalResult(_ op: ArithmeticOperator, _ p1: Int, _ s1: Int, _ p2: Int, _ s2: Int) -> (Int, Int) {
        switch op {
        case .add, .subtract:
            let scale = max(s1, s2)
            return adjust(precision: max(p1 - s1, p2 - s2) + scale + 1, scale: scale)
        case .multiply:
            return adjust(precision: p1 + p2 + 1, scale: s1 + s2)
        case .divide:
            let scale = max(minimumAdjustedScale, s1 + p2 + 1)
            return adjust(precision: p1 - s1 + s2 + scale, scale: scale)
        case .modulo:
            let scale = max(s1, s2)
            return adjust(precision: min(p1 - s1, p2 - s2) + scale, scale: scale)
        }
    }

    /// Flink's `adjustPrecisionScale`: cap the precision at 38, giving integer digits priority but
    /// keeping at least min(scale, 6) fraction digits.
    static func adjust(precision: Int, scale: Int) -> (Int, Int) {
        let maxP = DataType.maxDecimalPrecision
        if precision <= maxP { return (precision, scale) }
        let integerDigits = precision - scale
        let minScale = min(scale, minimumAdjustedScale)
        return (maxP, max(maxP - integerDigits, minScale))
    }

    /// The decimal type an exact numeric operand counts as.
    static func decimalView(_ t: DataType) -> (Int, Int) {
        switch t {
        case .int8: return (3, 0)
        case .int16: return (5, 0)
        case .int32: return (10, 0)
        case .int64: return (19, 0)
        case .decimal(let p, let s): return (p, s)
        default: preconditionFailure("\(t) is not an exact numeric type")
        }
    }

    static func widerInteger(_ a: DataType, _ b: DataType) -> DataType {
        (a.fixedWidth ?? 0) >= (b.fixedWidth ?? 0) ? a : b
    }

    static func isInterval(_ t: DataType) -> Bool { t == .intervalDayTime || t == .intervalYearMonth }

    static func temporalResultType(_ op: ArithmeticOperator, _ lhs: DataType, _ rhs: DataType) -> DataType? {
        switch (lhs, rhs) {
        case (.intervalDayTime, .intervalDayTime), (.intervalYearMonth, .intervalYearMonth):
            return op == .add || op == .subtract ? lhs : nil
        case (.timestamp, _), (.timestampLTZ, _), (.date, _):
            return (op == .add || op == .subtract) && isInterval(rhs) ? lhs : nil
        case (.time, .intervalDayTime):
            return op == .add || op == .subtract ? lhs : nil
        case (.intervalDayTime, .timestamp), (.intervalDayTime, .timestampLTZ), (.intervalDayTime, .date),
             (.intervalDayTime, .time), (.intervalYearMonth, .timestamp), (.intervalYearMonth, .timestampLTZ),
             (.intervalYearMonth, .date):
            return op == .add ? rhs : nil
        default:
            return nil
        }
    }
}
