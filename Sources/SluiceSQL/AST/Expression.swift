import SluiceColumnar

/// A scalar SQL expression as written, before names are resolved or types are checked.
///
/// Parentheses are not kept: the tree's shape is the grouping, and unparsing adds parentheses
/// wherever precedence needs them. Column references are dotted paths (`b.price`, `person.dateTime`)
/// because only the binder can tell a table qualifier from a nested field.
public indirect enum Expression: Sendable, Equatable {
    case literal(Literal)
    /// A column or nested field: `price`, `B.price`, `person.dateTime`.
    case identifier([String], at: SQLPosition = .unknown)
    /// `*` or `t.*`, in a select list or as a function argument (`COUNT(*)`).
    case star(qualifier: [String])
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)
    /// `x IS [NOT] NULL`
    case isNull(Expression, negated: Bool)
    /// `x IS [NOT] TRUE` / `x IS [NOT] FALSE`
    case isBoolean(Expression, value: Bool, negated: Bool)
    /// `x [NOT] BETWEEN low AND high`
    case between(Expression, low: Expression, high: Expression, negated: Bool)
    /// `x [NOT] IN (a, b, …)`
    case inList(Expression, [Expression], negated: Bool)
    /// `x [NOT] IN (SELECT …)`
    case inSubquery(Expression, Query, negated: Bool)
    /// `x [NOT] LIKE pattern [ESCAPE e]`
    case like(Expression, pattern: Expression, escape: Expression?, negated: Bool)
    /// `[NOT] EXISTS (SELECT …)` (NOT is a separate `.unary(.not, …)`).
    case exists(Query)
    /// `(SELECT …)` used as a value.
    case scalarSubquery(Query)
    case function(FunctionCall)
    /// `CASE [operand] WHEN … THEN … [ELSE …] END`
    case caseWhen(operand: Expression?, branches: [CaseBranch], otherwise: Expression?)
    /// `CAST(x AS type)` or, with `isTry`, `TRY_CAST(x AS type)`.
    case cast(Expression, TypeName, isTry: Bool)
    /// `EXTRACT(unit FROM x)`; the unit is upper-cased (`YEAR`, `DOY`, …).
    case extract(unit: String, from: Expression)
    /// `TRIM([BOTH|LEADING|TRAILING] [chars] FROM s)` or `TRIM(s)`.
    case trim(TrimMode?, characters: Expression?, from: Expression)
    /// A bare time unit as a function argument: the `HOUR` of `TIMESTAMPADD(HOUR, 1, ts)` and of
    /// `FLOOR(ts TO HOUR)` (upper-cased).
    case timeUnit(String)
}

public enum UnaryOperator: String, Sendable, Equatable {
    case not = "NOT"
    case minus = "-"
    case plus = "+"
}

public enum BinaryOperator: String, Sendable, Equatable, CaseIterable {
    case or = "OR"
    case and = "AND"
    case equal = "="
    /// `<>`; `!=` parses to this too.
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case concat = "||"
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case modulo = "%"

    /// Binding strength, higher binds tighter: OR < AND < NOT < comparisons < `||` < `+ -` < `* / %`.
    public var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 4
        case .concat: return 5
        case .add, .subtract: return 6
        case .multiply, .divide, .modulo: return 7
        }
    }
}

public enum TrimMode: String, Sendable, Equatable {
    case both = "BOTH"
    case leading = "LEADING"
    case trailing = "TRAILING"
}

public struct CaseBranch: Sendable, Equatable {
    public var condition: Expression
    public var result: Expression

    public init(_ condition: Expression, _ result: Expression) {
        self.condition = condition
        self.result = result
    }
}

/// A type as written in `CAST` and column definitions: a Sluice `DataType` plus nullability.
public struct TypeName: Sendable, Equatable {
    public var type: DataType
    public var nullable: Bool

    public init(_ type: DataType, nullable: Bool = true) {
        self.type = type
        self.nullable = nullable
    }
}

/// A function call: `UPPER(s)`, `COUNT(*)`, `COUNT(DISTINCT x) FILTER (WHERE …)`,
/// `ROW_NUMBER() OVER (PARTITION BY … ORDER BY …)`, and the legacy group windows
/// `TUMBLE(ts, INTERVAL '10' SECOND)`, `TUMBLE_START(…)`, `SESSION(…)`.
public struct FunctionCall: Sendable, Equatable {
    /// The name as written (possibly qualified: `cat.db.f`); resolution ignores case.
    public var name: [String]
    public var distinct: Bool
    /// The arguments; `COUNT(*)` has one `.star(qualifier: [])` argument.
    public var arguments: [Expression]
    /// `FILTER (WHERE …)` on an aggregate.
    public var filter: Expression?
    /// `OVER (…)` on an aggregate or ranking function.
    public var over: WindowSpecification?
    /// Where the name was written (ignored by `==`).
    public var position: SQLPosition

    public init(name: [String], distinct: Bool = false, arguments: [Expression],
                filter: Expression? = nil, over: WindowSpecification? = nil, at position: SQLPosition = .unknown) {
        self.position = position
        self.name = name
        self.distinct = distinct
        self.arguments = arguments
        self.filter = filter
        self.over = over
    }

    /// The last name part, upper-cased: what built-in lookup uses.
    public var upperName: String { name.last?.uppercased() ?? "" }
}

/// `OVER (PARTITION BY … ORDER BY … [ROWS|RANGE BETWEEN … AND …])`.
public struct WindowSpecification: Sendable, Equatable {
    public var partitionBy: [Expression]
    public var orderBy: [OrderItem]
    public var frame: WindowFrame?

    public init(partitionBy: [Expression] = [], orderBy: [OrderItem] = [], frame: WindowFrame? = nil) {
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.frame = frame
    }
}

/// `ROWS|RANGE BETWEEN start AND end`; the short form `ROWS 10 PRECEDING` ends at `CURRENT ROW`.
public struct WindowFrame: Sendable, Equatable {
    public enum Unit: String, Sendable, Equatable { case rows = "ROWS", range = "RANGE" }
    public enum Bound: Sendable, Equatable {
        case unboundedPreceding
        case preceding(Expression)
        case currentRow
        case following(Expression)
        case unboundedFollowing
    }

    public var unit: Unit
    public var start: Bound
    public var end: Bound

    public init(unit: Unit, start: Bound, end: Bound = .currentRow) {
        self.unit = unit
        self.start = start
        self.end = end
    }
}
