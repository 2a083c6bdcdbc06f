/// Words the parser treats as keywords wherever an identifier could otherwise appear.
///
/// Flink (through Calcite) reserves many more words; Sluice reserves only those that would make
/// the grammar ambiguous — a word after a select item or table could be an alias or the next
/// clause — so that Flink's non-reserved keywords used as names (`key`, `final`, `value`) still parse.
/// Unparsing backquotes any identifier in this set or in `quotedOnOutput`.
enum Keywords {
    static let reserved: Set<String> = [
        "ALL", "AND", "AS", "BETWEEN", "BY", "CASE", "CREATE", "CROSS", "DISTINCT", "DROP", "ELSE", "END",
        "EXCEPT", "EXISTS", "FALSE", "FETCH", "FOR", "FROM", "FULL", "GROUP", "HAVING", "IN", "INNER",
        "INSERT", "INTERSECT", "INTO", "IS", "JOIN", "LATERAL", "LEFT", "LIKE", "LIMIT", "MATCH_RECOGNIZE",
        "MINUS", "NATURAL", "NOT", "NULL", "OFFSET", "ON", "OR", "ORDER", "OUTER", "RIGHT", "SELECT",
        "TABLE", "THEN", "TRUE", "UNION", "UNNEST", "USING", "VALUES", "WHEN", "WHERE", "WINDOW", "WITH",
    ]

    /// Words that are not reserved here but start special syntax in an expression or clause; output
    /// quotes them so that a column of that name reads back as a column.
    static let quotedOnOutput: Set<String> = [
        "CAST", "TRY_CAST", "EXTRACT", "TRIM", "INTERVAL", "DATE", "TIME", "TIMESTAMP", "ESCAPE", "FILTER",
        "OVER", "PARTITION", "ROWS", "RANGE", "ASC", "DESC", "NULLS", "VALUE", "DAY", "MINUTE", "HOUR",
        "SECOND", "MONTH", "YEAR", "ROW", "POSITION", "SUBSTRING", "SET", "RESET", "EXPLAIN", "SHOW",
        "DESCRIBE", "WATERMARK", "PRIMARY", "CONSTRAINT", "COMMENT", "PARTITIONED", "METADATA",
    ]

    /// Words that can start a statement, for "expected a statement" hints.
    static let statementStarts = [
        "SELECT", "WITH", "VALUES", "INSERT", "CREATE", "DROP", "SET", "RESET", "EXPLAIN", "SHOW",
        "DESCRIBE",
    ]

    /// Keywords that may continue a statement after an expression, for hints at the statement's end.
    static let continuations = clauses + ["AND", "OR", "NOT", "BETWEEN", "LIKE", "IN", "IS", "BY"]

    /// Clause keywords that may follow a select list or a table, for "did you mean" hints on typos
    /// such as `FORM` or `WEHRE`.
    static let clauses = [
        "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "JOIN", "ON", "INNER", "LEFT",
        "RIGHT", "FULL", "CROSS", "AS", "SELECT",
    ]
}
