/// A SQL comparison operator, spelled as in Flink SQL.
public enum ComparisonOperator: String, Sendable, CaseIterable {
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// The operator that gives the same result with the operands swapped (`a < b` ⇔ `b > a`).
    public var flipped: ComparisonOperator {
        switch self {
        case .equal, .notEqual: return self
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        }
    }

    /// Applies the operator to two comparable values (IEEE semantics for floating point: NaN compares
    /// false with everything except `<>`, which is true; -0.0 equals 0.0). Slow paths and tests only.
    public func evaluate<T: Comparable>(_ a: T, _ b: T) -> Bool {
        switch self {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        }
    }
}

/// One comparison operator as a type, so that a lane loop is specialized per operator and the operator
/// costs no branch inside the loop. Each `test` is the plain Swift operator, so floating point keeps
/// IEEE semantics exactly as Java's primitive operators (which Flink's generated code uses).
protocol ComparisonLaneOp {
    static func test<T: Comparable>(_ a: T, _ b: T) -> Bool
}

enum EqualOp: ComparisonLaneOp {
    @inline(__always) static func test<T: Comparable>(_ a: T, _ b: T) -> Bool { a == b }
}

enum NotEqualOp: ComparisonLaneOp {
    @inline(__always) static func test<T: Comparable>(_ a: T, _ b: T) -> Bool { a != b }
}

enum LessOp: ComparisonLaneOp {
    @inline(__always) static func test<T: Comparable>(_ a: T, _ b: T) -> Bool { a < b }
}

enum LessOrEqualOp: ComparisonLaneOp {
    @inline(__always) static func test<T: Comparable>(_ a: T, _ b: T) -> Bool { a <= b }
}

enum GreaterOp: ComparisonLaneOp {
    @inline(__always) static func test<T: Comparable>(_ a: T, _ b: T) -> Bool { a > b }
}

enum GreaterOrEqualOp: ComparisonLaneOp {
    @inline(__always) static func test<T: Comparable>(_ a: T, _ b: T) -> Bool { a >= b }
}
