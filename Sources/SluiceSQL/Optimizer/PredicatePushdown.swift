import SluiceColumnar

/// Predicate pushdown: a filter moves below a UNION ALL (into every branch) and below a GROUP BY when it
/// reads only grouping keys (HAVING color <> 'x' filters rows before they are aggregated). Filters
/// then merge into the Calc right after each source (`CalcMerge`), so rows are dropped where they are
/// read, before any shuffle.
enum PredicatePushdown {
    static func apply(_ plan: LogicalPlan) -> LogicalPlan {
        let pushed = push(plan)
        return pushed.inputs.isEmpty ? pushed : pushed.withInputs(pushed.inputs.map(apply))
    }

    private static func push(_ plan: LogicalPlan) -> LogicalPlan {
        guard case .calc(let n) = plan, let predicate = n.predicate, predicate.isDeterministic else { return plan }
        var rest = n
        rest.predicate = nil
        switch n.input {
        case .union(let u):
            let branches = u.inputs.map { b -> LogicalPlan in .calc(CalcNode(input: b, predicate: predicate, projections: nil)) }
            rest.input = .union(UnionNode(inputs: branches, schema: u.schema))
            return CalcMerge.normalized(rest)
        case .aggregate(var a):
            let keyCount = a.keys.count
            guard predicate.columnsUsed.allSatisfy({ $0 < keyCount }) else { return plan }
            let map = Dictionary(uniqueKeysWithValues: a.keys.enumerated().map { ($0.offset, $0.element) })
            let below = predicate.replacingColumns { i, _, t in
                let c = map[i]!
                return .column(index: c, name: a.input.schema[c].name, type: t)
            }
            a.input = .calc(CalcNode(input: a.input, predicate: below, projections: nil))
            rest.input = .aggregate(a)
            return CalcMerge.normalized(rest)
        default:
            return plan
        }
    }
}
