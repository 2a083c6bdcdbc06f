/// Implicit conversions the expression builder inserts so that operands agree, as Flink's type
/// inference does for CASE, IF, COALESCE and similar: integers widen, integers and decimals meet as
/// decimal, anything numeric with DOUBLE is DOUBLE, and an untyped NULL takes the other side's type.
public enum TypeCoercion {
    /// The type both `a` and `b` convert to, or nil when there is none.
    public static func commonType(_ a: DataType, _ b: DataType) -> DataType? {
        if a == b { return a }
        if a.isInteger && b.isInteger { return integerRank(a) >= integerRank(b) ? a : b }
        if a.isFloatingPoint || b.isFloatingPoint {
            return a.isNumeric && b.isNumeric ? (a == .float32 && b == .float32 ? .float32 : .float64) : nil
        }
        if a.isNumeric && b.isNumeric {
            let (p1, s1) = decimalShape(a)
            let (p2, s2) = decimalShape(b)
            let scale = max(s1, s2)
            let precision = min(max(p1 - s1, p2 - s2) + scale, DataType.maxDecimalPrecision)
            return .decimal(precision: precision, scale: scale)
        }
        switch (a, b) {
        case (.timestamp(let p), .timestamp(let q)): return .timestamp(precision: max(p, q))
        case (.timestampLTZ(let p), .timestampLTZ(let q)): return .timestampLTZ(precision: max(p, q))
        case (.time(let p), .time(let q)): return .time(precision: max(p, q))
        case (.decimal, .decimal): return nil
        default: return nil
        }
    }

    /// Converts every expression to one common type, or explains which one does not fit.
    public static func unify(_ name: String, _ args: [PhysicalExpression]) throws(SluiceError) -> [PhysicalExpression] {
        let typed = args.filter { !isUntypedNull($0) }
        guard var target = typed.first?.type else { return args }
        for arg in typed.dropFirst() {
            guard let common = commonType(target, arg.type) else {
                throw .invalidInput("\(name) arguments have incompatible types \(target) and \(arg.type); cast them to one type")
            }
            target = common
        }
        return args.map { convert($0, to: target) }
    }

    /// `expression` as `type`: unchanged when it already is, retyped when it is an untyped NULL, a CAST otherwise.
    public static func convert(_ expression: PhysicalExpression, to type: DataType) -> PhysicalExpression {
        if expression.type == type { return expression }
        if isUntypedNull(expression) { return .literal(.null, type) }
        return .cast(expression, to: type, orNull: false)
    }

    static func isUntypedNull(_ e: PhysicalExpression) -> Bool {
        if case .literal(.null, _) = e { return true }
        return false
    }

    static func integerRank(_ t: DataType) -> Int {
        switch t {
        case .int8: return 1
        case .int16: return 2
        case .int32: return 3
        default: return 4
        }
    }

    /// Precision and scale of an exact numeric type (integers as DECIMAL(digits, 0)).
    static func decimalShape(_ t: DataType) -> (Int, Int) { Arithmetic.decimalView(t) }
}
