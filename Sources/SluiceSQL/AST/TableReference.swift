/// Something in a FROM clause: a table or view, a subquery, a window table function, or a join.
public indirect enum TableReference: Sendable, Equatable {
    /// `name [FOR SYSTEM_TIME AS OF expr] [[AS] alias]`
    case table(name: [String], alias: TableAlias?, systemTimeAsOf: Expression?, at: SQLPosition = .unknown)
    /// `(query) [[AS] alias]`; Flink allows the alias to be left out.
    case subquery(Query, alias: TableAlias?)
    /// `TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10' SECOND)) [[AS] alias]`
    case windowFunction(WindowTableFunction, alias: TableAlias?)
    /// `left [kind] JOIN right [ON … | USING (…)]`, `left CROSS JOIN right`, `left, right`.
    case join(JoinKind, TableReference, TableReference, JoinCondition?)
}

public enum JoinKind: String, Sendable, Equatable {
    case inner = "INNER JOIN"
    case left = "LEFT JOIN"
    case right = "RIGHT JOIN"
    case full = "FULL JOIN"
    case cross = "CROSS JOIN"
    /// `FROM a, b`: a cross join, written with a comma.
    case comma = ","
}

public enum JoinCondition: Sendable, Equatable {
    case on(Expression)
    case using([String])
}

/// `[AS] alias [(column, …)]`
public struct TableAlias: Sendable, Equatable {
    public var name: String
    public var columns: [String]

    public init(_ name: String, columns: [String] = []) {
        self.name = name
        self.columns = columns
    }
}

/// A windowing table-valued function: `TUMBLE`, `HOP`, `CUMULATE` or `SESSION` over `TABLE t`,
/// adding `window_start`, `window_end` and `window_time` columns.
public struct WindowTableFunction: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset])`
        case tumble(size: Expression)
        /// `HOP(TABLE t, DESCRIPTOR(ts), slide, size [, offset])`
        case hop(slide: Expression, size: Expression)
        /// `CUMULATE(TABLE t, DESCRIPTOR(ts), step, size [, offset])`
        case cumulate(step: Expression, size: Expression)
        /// `SESSION(TABLE t [PARTITION BY k, …], DESCRIPTOR(ts), gap)`
        case session(gap: Expression)

        public var name: String {
            switch self {
            case .tumble: return "TUMBLE"
            case .hop: return "HOP"
            case .cumulate: return "CUMULATE"
            case .session: return "SESSION"
            }
        }
    }

    public var kind: Kind
    /// The input table or view (`TABLE bid`).
    public var table: [String]
    /// `PARTITION BY` keys, only for SESSION.
    public var partitionBy: [Expression]
    /// The time attribute named in `DESCRIPTOR(…)`.
    public var timeColumn: String
    /// The optional window offset (not for SESSION).
    public var offset: Expression?

    public init(_ kind: Kind, table: [String], partitionBy: [Expression] = [], timeColumn: String,
                offset: Expression? = nil) {
        self.kind = kind
        self.table = table
        self.partitionBy = partitionBy
        self.timeColumn = timeColumn
        self.offset = offset
    }
}
