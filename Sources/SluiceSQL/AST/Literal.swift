/// A literal value as written in SQL; numbers and temporal texts keep their spelling, so that the
/// binder, not the parser, decides their types (`0.908` is a DECIMAL(3, 3) in Flink, not a DOUBLE).
public enum Literal: Sendable, Equatable {
    case null
    case boolean(Bool)
    /// A numeric literal as written: `42`, `0.908`, `1.5E3`.
    case number(String)
    case string(String)
    /// `DATE '2024-01-01'`
    case date(String)
    /// `TIME '12:00:00'`
    case time(String)
    /// `TIMESTAMP '2024-01-01 12:00:00.000'`
    case timestamp(String)
    /// `INTERVAL '10' SECOND`, `INTERVAL '2-3' YEAR TO MONTH`
    case interval(String, IntervalQualifier)
}

/// The unit part of an interval literal: `SECOND`, `MINUTE`, `DAY TO SECOND`, `YEAR TO MONTH`.
public struct IntervalQualifier: Sendable, Equatable, CustomStringConvertible {
    public enum Unit: String, Sendable, Equatable, CaseIterable {
        case year = "YEAR", month = "MONTH", day = "DAY", hour = "HOUR", minute = "MINUTE", second = "SECOND"
    }

    public var start: Unit
    /// The unit after `TO`, if any.
    public var end: Unit?

    public init(_ start: Unit, to end: Unit? = nil) {
        self.start = start
        self.end = end
    }

    /// Year-month intervals (`YEAR`, `MONTH`, `YEAR TO MONTH`) count months; all others count time.
    public var isYearMonth: Bool { start == .year || start == .month }

    public var description: String {
        end.map { "\(start.rawValue) TO \($0.rawValue)" } ?? start.rawValue
    }
}
