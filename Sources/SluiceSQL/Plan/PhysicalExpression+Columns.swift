import SluiceColumnar

/// Column bookkeeping the optimizer and planner need: which input columns an expression reads, and
/// rewriting its references.
extension PhysicalExpression {
    /// Indices of the input columns the expression reads.
    var columnsUsed: Set<Int> {
        switch self {
        case .column(let i, _, _): return [i]
        case .literal: return []
        case .call(_, let args): return args.reduce(into: Set<Int>()) { $0.formUnion($1.columnsUsed) }
        case .caseWhen(let branches, let otherwise, _):
            var s = otherwise?.columnsUsed ?? []
            for b in branches { s.formUnion(b.condition.columnsUsed); s.formUnion(b.value.columnsUsed) }
            return s
        case .cast(let e, _, _), .field(let e, _, _, _): return e.columnsUsed
        }
    }

    /// The expression with every column reference replaced by `replace(index, name, type)`.
    func replacingColumns(_ replace: (Int, String, DataType) -> PhysicalExpression) -> PhysicalExpression {
        switch self {
        case .column(let i, let n, let t): return replace(i, n, t)
        case .literal: return self
        case .call(let f, let args): return .call(f, args.map { $0.replacingColumns(replace) })
        case .caseWhen(let branches, let otherwise, let t):
            return .caseWhen(branches.map { (condition: $0.condition.replacingColumns(replace), value: $0.value.replacingColumns(replace)) },
                             otherwise: otherwise?.replacingColumns(replace), type: t)
        case .cast(let e, let t, let orNull): return .cast(e.replacingColumns(replace), to: t, orNull: orNull)
        case .field(let e, let i, let n, let t): return .field(e.replacingColumns(replace), index: i, name: n, type: t)
        }
    }

    /// Column references renumbered through `map` (old index → new index).
    func remapped(_ map: [Int: Int]) -> PhysicalExpression {
        replacingColumns { i, n, t in .column(index: map[i] ?? i, name: n, type: t) }
    }

    /// Column `i` replaced by `projections[i]`: the expression over a projection's input.
    func substituted(_ projections: [PhysicalExpression]) -> PhysicalExpression {
        replacingColumns { i, _, _ in projections[i] }
    }

    /// True when every call in it is deterministic (safe to move or duplicate).
    var isDeterministic: Bool {
        switch self {
        case .column, .literal: return true
        case .call(let f, let args): return f.isDeterministic && args.allSatisfy(\.isDeterministic)
        case .caseWhen(let branches, let otherwise, _):
            return branches.allSatisfy { $0.condition.isDeterministic && $0.value.isDeterministic } && (otherwise?.isDeterministic ?? true)
        case .cast(let e, _, _), .field(let e, _, _, _): return e.isDeterministic
        }
    }
}
