import SluiceColumnar

/// UNION ALL: both sides converted to common column types, named after the left side.
enum SetOperationBinder {
    static func unionAll(_ left: Relation, _ right: Relation) throws(SluiceError) -> Relation {
        let l = left.plan.schema
        let r = right.plan.schema
        guard l.count == r.count else {
            throw .invalidInput("UNION sides have different numbers of columns: \(l.count) (\(l.names.joined(separator: ", "))) and \(r.count) (\(r.names.joined(separator: ", ")))")
        }
        var types: [DataType] = []
        for i in 0..<l.count {
            guard let t = TypeCoercion.commonType(l[i].type, r[i].type) else {
                throw .invalidInput("UNION column \(i + 1) (`\(l[i].name)`) is \(l[i].type) on the left but \(r[i].type) on the right; CAST one side")
            }
            types.append(t)
        }
        let names = l.names
        func conform(_ plan: LogicalPlan) -> LogicalPlan {
            let s = plan.schema
            if s.names == names && (0..<s.count).allSatisfy({ s[$0].type == types[$0] }) { return plan }
            let projections = (0..<s.count).map { i in
                TypeCoercion.convert(.column(index: i, name: s[i].name, type: s[i].type), to: types[i])
            }
            return .calc(CalcNode(input: plan, predicate: nil, projections: projections, names: names))
        }
        var inputs: [LogicalPlan] = []
        for side in [conform(left.plan), conform(right.plan)] {
            if case .union(let u) = side { inputs += u.inputs } else { inputs.append(side) }
        }
        let schema = Schema(zip(names, types).map { Field($0.0, $0.1) })
        return Relation(plan: .union(UnionNode(inputs: inputs, schema: schema)), scope: Scope(schema: schema, qualifier: nil))
    }
}
