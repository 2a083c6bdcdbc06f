/// Walking a SQL expression tree without descending into subqueries.
extension Expression {
    /// The direct child expressions.
    var children: [Expression] {
        switch self {
        case .literal, .identifier, .star, .timeUnit, .exists, .scalarSubquery: return []
        case .unary(_, let x), .isNull(let x, _), .isBoolean(let x, _, _), .cast(let x, _, _), .extract(_, let x),
             .inSubquery(let x, _, _):
            return [x]
        case .binary(_, let l, let r): return [l, r]
        case .between(let x, let lo, let hi, _): return [x, lo, hi]
        case .inList(let x, let list, _): return [x] + list
        case .like(let x, let p, let e, _): return [x, p] + (e.map { [$0] } ?? [])
        case .function(let f): return f.arguments + (f.filter.map { [$0] } ?? [])
        case .caseWhen(let operand, let branches, let otherwise):
            return (operand.map { [$0] } ?? []) + branches.flatMap { [$0.condition, $0.result] } + (otherwise.map { [$0] } ?? [])
        case .trim(_, let chars, let x): return (chars.map { [$0] } ?? []) + [x]
        }
    }

    /// True when this node or any node below it satisfies `test`.
    func contains(where test: (Expression) -> Bool) -> Bool {
        if test(self) { return true }
        return children.contains { $0.contains(where: test) }
    }

    /// True when the expression calls an aggregate function.
    var containsAggregate: Bool {
        contains { e in
            if case .function(let f) = e, f.over == nil, AggregateCall.names.contains(f.upperName) { return true }
            return false
        }
    }
}
