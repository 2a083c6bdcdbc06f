import SluiceColumnar

/// A bound FROM item or query: its plan and the names its columns go by.
///
/// A window table function adds `window_start`, `window_end` and `window_time` to the scope as virtual
/// columns (after the plan's columns): they exist only once a window aggregate computes them.
struct Relation {
    var plan: LogicalPlan
    var scope: Scope
    var window: WindowSpec?
    /// The `PARTITION BY` columns of a SESSION window table function (sessions are per GROUP BY key, so
    /// the window aggregation must group by each of them).
    var sessionPartition: [Int] = []

    /// Index of the first virtual window column in the scope, when there is a window.
    var virtualStart: Int { plan.schema.count }

    func isVirtual(_ index: Int) -> Bool { window != nil && index >= virtualStart }

    /// The same relation with every column qualified by `alias` (and renamed by its column list).
    func aliased(_ alias: TableAlias?) throws(SluiceError) -> Relation {
        guard let alias else { return self }
        var copy = self
        if !alias.columns.isEmpty {
            guard alias.columns.count == plan.schema.count else {
                throw .invalidInput("alias `\(alias.name)` names \(alias.columns.count) columns but the relation has \(plan.schema.count)")
            }
            for (i, name) in alias.columns.enumerated() { copy.scope.entries[i].name = name }
        }
        for i in copy.scope.entries.indices { copy.scope.entries[i].qualifier = alias.name }
        return copy
    }

    /// The relation under new column names (a view's or CTE's column list): a renaming projection.
    func renamed(_ names: [String], what: String) throws(SluiceError) -> Relation {
        guard !names.isEmpty else { return self }
        let schema = plan.schema
        guard names.count == schema.count else {
            throw .invalidInput("\(what) lists \(names.count) column names but its query returns \(schema.count) columns")
        }
        let projections = schema.fields.enumerated().map { PhysicalExpression.column(index: $0.offset, name: $0.element.name, type: $0.element.type) }
        let node = CalcNode(input: plan, predicate: nil, projections: projections, names: names)
        return Relation(plan: .calc(node), scope: Scope(schema: node.schema, qualifier: nil))
    }
}
