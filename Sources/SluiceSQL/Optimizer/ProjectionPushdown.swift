import SluiceColumnar

/// Projection pushdown: every node keeps only the columns something above it reads, down to the scans,
/// whose connectors then read only those columns (the CSV source parses only the projected fields).
enum ProjectionPushdown {
    static func apply(_ plan: LogicalPlan) -> LogicalPlan {
        prune(plan, Set(0..<plan.schema.count)).plan
    }

    /// The pruned plan and where each required old column now sits.
    static func prune(_ plan: LogicalPlan, _ required: Set<Int>) -> (plan: LogicalPlan, map: [Int: Int]) {
        switch plan {
        case .scan(var n):
            let keep = required.isEmpty ? Array(n.columns.indices.prefix(1)) : required.sorted()
            n.columns = keep.map { n.columns[$0] }
            return (.scan(n), Dictionary(uniqueKeysWithValues: keep.enumerated().map { ($0.element, $0.offset) }))
        case .calc(let n):
            let predicateColumns = n.predicate?.columnsUsed ?? []
            guard let projections = n.projections else {
                let (input, map) = prune(n.input, required.union(predicateColumns))
                let node = CalcNode(input: input, predicate: n.predicate?.remapped(map), projections: nil)
                return (.calc(node), map)
            }
            let keep = required.isEmpty ? Array(projections.indices.prefix(1)) : required.sorted()
            let kept = keep.map { projections[$0] }
            let needed = kept.reduce(into: predicateColumns) { $0.formUnion($1.columnsUsed) }
            let (input, map) = prune(n.input, needed)
            let node = CalcNode(input: input, predicate: n.predicate?.remapped(map), projections: kept.map { $0.remapped(map) },
                                names: keep.map { n.schema[$0].name })
            return (.calc(node), Dictionary(uniqueKeysWithValues: keep.enumerated().map { ($0.element, $0.offset) }))
        case .aggregate(var n):
            var needed = Set(n.keys)
            for a in n.aggregates {
                if let i = a.input { needed.insert(i) }
                if let f = a.filter { needed.insert(f) }
            }
            if let w = n.window, let t = n.input.schema.index(of: w.timeColumn) { needed.insert(t) }
            let (input, map) = prune(n.input, needed)
            n.input = input
            n.keys = n.keys.map { map[$0]! }
            n.aggregates = n.aggregates.map { a in
                var copy = a
                copy.input = a.input.map { map[$0]! }
                copy.filter = a.filter.map { map[$0]! }
                return copy
            }
            return (.aggregate(n), identity(plan))
        case .union(let u):
            // Every branch keeps the same required columns, in the same order.
            let keep = required.isEmpty ? [0] : required.sorted()
            var inputs: [LogicalPlan] = []
            for branch in u.inputs {
                let (pruned, map) = prune(branch, Set(keep))
                let schema = pruned.schema
                let projections = keep.map { c in PhysicalExpression.column(index: map[c]!, name: schema[map[c]!].name, type: schema[map[c]!].type) }
                let calc = CalcNode(input: pruned, predicate: nil, projections: projections, names: keep.map { u.schema[$0].name })
                inputs.append(calc.isIdentityProjection ? pruned : .calc(calc))
            }
            let node = UnionNode(inputs: inputs, schema: Schema(keep.map { u.schema[$0] }))
            return (.union(node), Dictionary(uniqueKeysWithValues: keep.enumerated().map { ($0.element, $0.offset) }))
        case .sort, .values:
            let inputs = plan.inputs.map { prune($0, Set(0..<$0.schema.count)).plan }
            return (plan.withInputs(inputs), identity(plan))
        }
    }

    private static func identity(_ plan: LogicalPlan) -> [Int: Int] {
        Dictionary(uniqueKeysWithValues: (0..<plan.schema.count).map { ($0, $0) })
    }
}
