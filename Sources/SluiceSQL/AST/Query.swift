/// A query: `[WITH …] body [ORDER BY …] [LIMIT n [OFFSET m]]`.
public struct Query: Sendable, Equatable {
    public var with: [CommonTableExpression]
    public var body: QueryBody
    public var orderBy: [OrderItem]
    public var limit: Expression?
    public var offset: Expression?

    public init(with: [CommonTableExpression] = [], body: QueryBody, orderBy: [OrderItem] = [],
                limit: Expression? = nil, offset: Expression? = nil) {
        self.with = with
        self.body = body
        self.orderBy = orderBy
        self.limit = limit
        self.offset = offset
    }

    /// A plain `SELECT` with nothing around it.
    public init(_ select: Select) {
        self.init(body: .select(select))
    }
}

/// The part of a query that produces rows.
public indirect enum QueryBody: Sendable, Equatable {
    case select(Select)
    /// `left UNION [ALL] right`, `INTERSECT`, `EXCEPT`.
    case setOperation(SetOperator, all: Bool, QueryBody, QueryBody)
    /// `VALUES (1, 'a'), (2, 'b')`
    case values([[Expression]])
    /// A parenthesised query with its own WITH / ORDER BY / LIMIT, as an operand of a set operation.
    case nested(Query)
}

public enum SetOperator: String, Sendable, Equatable {
    case union = "UNION"
    case intersect = "INTERSECT"
    case except = "EXCEPT"
}

/// `SELECT [DISTINCT] items [FROM …] [WHERE …] [GROUP BY …] [HAVING …]`.
public struct Select: Sendable, Equatable {
    public var distinct: Bool
    public var items: [SelectItem]
    public var from: TableReference?
    public var whereClause: Expression?
    public var groupBy: [Expression]
    public var having: Expression?

    public init(distinct: Bool = false, items: [SelectItem], from: TableReference? = nil,
                whereClause: Expression? = nil, groupBy: [Expression] = [], having: Expression? = nil) {
        self.distinct = distinct
        self.items = items
        self.from = from
        self.whereClause = whereClause
        self.groupBy = groupBy
        self.having = having
    }
}

/// One select-list entry: an expression (possibly `*` or `t.*`) and its alias.
public struct SelectItem: Sendable, Equatable {
    public var expression: Expression
    public var alias: String?

    public init(_ expression: Expression, alias: String? = nil) {
        self.expression = expression
        self.alias = alias
    }
}

/// `expr [ASC|DESC] [NULLS FIRST|LAST]`; nil means the clause was not written.
public struct OrderItem: Sendable, Equatable {
    public var expression: Expression
    public var ascending: Bool?
    public var nullsFirst: Bool?

    public init(_ expression: Expression, ascending: Bool? = nil, nullsFirst: Bool? = nil) {
        self.expression = expression
        self.ascending = ascending
        self.nullsFirst = nullsFirst
    }
}

/// `name [(columns)] AS (query)` in a WITH clause.
public struct CommonTableExpression: Sendable, Equatable {
    public var name: String
    public var columns: [String]
    public var query: Query

    public init(name: String, columns: [String] = [], query: Query) {
        self.name = name
        self.columns = columns
        self.query = query
    }
}
