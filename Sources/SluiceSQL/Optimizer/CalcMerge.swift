import SluiceColumnar

/// Filter merging: a Calc over a Calc becomes one Calc (its predicate is the lower predicate AND the
/// upper one rewritten over the lower projections), and a Calc that neither filters nor changes the
/// columns disappears. One Calc is one operator: one pass over each batch.
enum CalcMerge {
    static func apply(_ plan: LogicalPlan) -> LogicalPlan {
        guard case .calc(let upper) = plan else { return plan }
        if upper.predicate == nil && upper.isIdentityProjection { return upper.input }
        if let renamed = renamedAggregate(upper) { return renamed }
        guard case .calc(let lower) = upper.input else { return normalized(upper) }
        if let projections = lower.projections, !projections.allSatisfy(\.isDeterministic) { return normalized(upper) }
        let over = { (e: PhysicalExpression) -> PhysicalExpression in
            lower.projections.map { e.substituted($0) } ?? e
        }
        var predicate = lower.predicate
        if let p = upper.predicate {
            let moved = over(p)
            predicate = predicate.map { (try? FunctionRegistry.standard.call("and", [$0, moved])) ?? $0 } ?? moved
        }
        let projections = upper.projections.map { $0.map(over) } ?? lower.projections
        let merged = CalcNode(input: lower.input, predicate: predicate, projections: projections, names: upper.schema.names)
        return normalized(merged)
    }

    /// A Calc that only renames an aggregate's result columns becomes names of the aggregate itself.
    static func renamedAggregate(_ upper: CalcNode) -> LogicalPlan? {
        guard upper.predicate == nil, case .aggregate(var a) = upper.input, let projections = upper.projections,
              projections.count == a.schema.count else { return nil }
        for (i, p) in projections.enumerated() {
            guard case .column(let c, _, _) = p, c == i else { return nil }
        }
        let keyColumns = a.keys.count + (a.window == nil ? 0 : 2)
        guard (0..<keyColumns).allSatisfy({ upper.schema[$0].name == a.schema[$0].name }) else { return nil }
        for i in a.aggregates.indices { a.aggregates[i].name = upper.schema[keyColumns + i].name }
        a.schema = upper.schema
        return .aggregate(a)
    }

    /// Drops an identity projection list (a pure filter keeps its input's columns).
    static func normalized(_ n: CalcNode) -> LogicalPlan {
        var copy = n
        if n.projections != nil && n.isIdentityProjection {
            copy.projections = nil
            copy.schema = n.input.schema
        }
        if copy.predicate == nil && copy.projections == nil { return copy.input }
        return .calc(copy)
    }
}
