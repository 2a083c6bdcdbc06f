/// The aggregate functions Sluice computes, with Flink's names and result types.
public enum AggregateFunction: String, Sendable, CaseIterable {
    case countStar = "COUNT(*)"
    case count = "COUNT"
    case sum = "SUM"
    case min = "MIN"
    case max = "MAX"
    case avg = "AVG"
    case firstValue = "FIRST_VALUE"
    case lastValue = "LAST_VALUE"

    /// Flink's result type for an input of `input` (nil for COUNT(*)).
    ///
    /// Checked against Flink's `LogicalTypeMerging.findSumAggType` / `findAvgAggType` and
    /// `AvgAggFunction`: SUM keeps the input type (SUM(INT) is INT) except DECIMAL(p, s) → DECIMAL(38, s);
    /// AVG keeps integer and floating types (integer AVG divides and truncates toward zero) and gives
    /// DECIMAL(38, max(s, 6)) for decimals; COUNT is BIGINT NOT NULL; MIN/MAX/FIRST_VALUE/LAST_VALUE keep
    /// the input type.
    public func resultType(input: DataType?) throws(SluiceError) -> DataType {
        switch self {
        case .countStar, .count:
            return .int64
        case .sum, .avg:
            guard let input, input.isNumeric else {
                throw .invalidInput("\(rawValue) does not accept \(input.map { "\($0)" } ?? "no argument"); use a numeric column (TINYINT, SMALLINT, INT, BIGINT, DECIMAL, FLOAT or DOUBLE)")
            }
            if case .decimal(_, let s) = input {
                return self == .sum ? .decimal(precision: 38, scale: s) : .decimal(precision: 38, scale: Swift.max(s, 6))
            }
            return input
        case .min, .max, .firstValue, .lastValue:
            guard let input else { throw .invalidInput("\(rawValue) needs an argument column") }
            if case .row = input {
                throw .unsupported("\(rawValue) over \(input) is not supported; apply it to the ROW's fields")
            }
            return input
        }
    }
}

/// One aggregate of a `HashAggregator`: a function over an input column, with an optional FILTER
/// column (BOOLEAN; rows whose filter is false or NULL are skipped) and DISTINCT.
public struct AggregateSpec: Sendable, Equatable {
    public var function: AggregateFunction
    /// The input column index; nil only for COUNT(*).
    public var input: Int?
    /// The index of a BOOLEAN column acting as `FILTER (WHERE …)`.
    public var filter: Int?
    public var distinct: Bool
    /// The output column name; defaults to e.g. `SUM(price)`.
    public var name: String?

    public init(_ function: AggregateFunction, input: Int? = nil, filter: Int? = nil, distinct: Bool = false, name: String? = nil) {
        self.function = function
        self.input = input
        self.filter = filter
        self.distinct = distinct
        self.name = name
    }

    public static func countStar(filter: Int? = nil, name: String? = nil) -> AggregateSpec {
        AggregateSpec(.countStar, filter: filter, name: name)
    }
}

/// The physical lane an accumulator computes in: every fixed-width input widens to one of three.
enum Lane: Equatable {
    /// Integers, date/time/timestamp/interval, DECIMAL(≤18) unscaled, BOOLEAN as 0/1.
    case int64
    case double
    /// DECIMAL(>18) unscaled.
    case int128

    init?(_ type: DataType) {
        switch type {
        case .float32, .float64: self = .double
        case .decimal(let p, _) where p > DataType.maxInt64DecimalPrecision: self = .int128
        case .string, .binary, .row: return nil
        default: self = .int64
        }
    }

    /// The column type partial states of this lane travel in.
    func stateType(scale: Int) -> DataType {
        switch self {
        case .int64: return .int64
        case .double: return .float64
        case .int128: return .decimal(precision: 38, scale: scale)
        }
    }
}
