import SluiceColumnar

/// Binds one SELECT block: FROM, WHERE, then either a projection or an aggregation (GROUP BY, HAVING,
/// aggregate calls, group windows), then DISTINCT.
struct SelectBinder {
    let query: QueryBinder
    var functions: FunctionCatalog { query.catalog.functions }

    func bind(_ s: Select) throws(SluiceError) -> Relation {
        var rel = try s.from.map { (f: TableReference) throws(SluiceError) -> Relation in try query.bindFrom(f) } ?? Self.oneRow()
        if rel.window != nil && !WindowMaterializer.isWindowAggregation(s, rel) { rel = try WindowMaterializer.materialize(rel) }
        if let condition = s.whereClause {
            if condition.containsAggregate { throw .invalidInput("aggregate functions are not allowed in WHERE; use HAVING") }
            let predicate = try guarded(rel).bind(condition)
            guard predicate.type == .boolean else {
                throw .invalidInput("WHERE must be BOOLEAN, but `\(condition)` is \(predicate.type)")
            }
            rel.plan = .calc(CalcNode(input: rel.plan, predicate: predicate, projections: nil))
        }
        let aggregated = !s.groupBy.isEmpty || s.having != nil || s.items.contains { $0.expression.containsAggregate }
        var out = aggregated ? try AggregateBinder(select: self, input: rel).bind(s) : try project(s.items, rel)
        if s.distinct { out = try Self.distinct(out) }
        return out
    }

    /// A binder over `rel` that rejects the virtual window columns outside a window aggregation.
    func guarded(_ rel: Relation) -> ExpressionBinder {
        ExpressionBinder(scope: rel.scope, functions: functions) { (e) throws(SluiceError) -> PhysicalExpression? in
            guard rel.window != nil, case .identifier(let path, let position) = e else { return nil }
            let (index, _) = try rel.scope.resolve(path, at: position)
            if rel.isVirtual(index) {
                throw BindError.at(position, "`\(rel.scope.entries[index].name)` of a window table function is only available in a window aggregation: GROUP BY window_start, window_end, …")
            }
            return nil
        }
    }

    private func project(_ items: [SelectItem], _ rel: Relation) throws(SluiceError) -> Relation {
        let binder = guarded(rel)
        var projections: [PhysicalExpression] = []
        var names: [String] = []
        for (i, item) in items.enumerated() {
            if case .star(let qualifier) = item.expression {
                for (index, entry) in rel.scope.entries.enumerated() where !rel.isVirtual(index) {
                    if !qualifier.isEmpty && entry.qualifier?.lowercased() != qualifier.last?.lowercased() { continue }
                    projections.append(.column(index: index, name: entry.name, type: entry.type))
                    names.append(entry.name)
                }
                continue
            }
            projections.append(try binder.bind(item.expression))
            names.append(Self.outputName(item, index: i))
        }
        guard !projections.isEmpty else { throw .invalidInput("the select list expands to no columns") }
        let node = CalcNode(input: rel.plan, predicate: nil, projections: projections, names: names)
        return Relation(plan: .calc(node), scope: Scope(schema: node.schema, qualifier: nil))
    }

    /// The alias, the column name of a plain reference, or Flink's `EXPR$<index>`.
    static func outputName(_ item: SelectItem, index: Int) -> String {
        if let alias = item.alias { return alias }
        if case .identifier(let path, _) = item.expression, let last = path.last { return last }
        return "EXPR$\(index)"
    }

    /// SELECT DISTINCT: a GROUP BY every column without aggregates.
    static func distinct(_ rel: Relation) throws(SluiceError) -> Relation {
        let schema = rel.plan.schema
        let node = AggregateNode(input: rel.plan, keys: Array(0..<schema.count), aggregates: [], window: nil, schema: schema)
        return Relation(plan: .aggregate(node), scope: Scope(schema: schema, qualifier: nil))
    }

    /// SELECT without FROM reads one row of no interest.
    static func oneRow() -> Relation {
        let schema = Schema([Field("ZERO", .int32)])
        return Relation(plan: .values(ValuesNode(rows: [[.int(0)]], schema: schema)), scope: Scope([]))
    }
}
