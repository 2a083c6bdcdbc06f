/// Rebuilding plans: the optimizer rules rewrite one node at a time, bottom-up.
extension LogicalPlan {
    /// The node with its inputs replaced (same count and order as `inputs`).
    func withInputs(_ new: [LogicalPlan]) -> LogicalPlan {
        switch self {
        case .scan, .values: return self
        case .calc(var n): n.input = new[0]; return .calc(n)
        case .aggregate(var n): n.input = new[0]; return .aggregate(n)
        case .union(var n): n.inputs = new; return .union(n)
        case .sort(var n): n.input = new[0]; return .sort(n)
        }
    }

    /// Applies `rule` to every node, inputs first.
    func transformUp(_ rule: (LogicalPlan) -> LogicalPlan) -> LogicalPlan {
        let rebuilt = inputs.isEmpty ? self : withInputs(inputs.map { $0.transformUp(rule) })
        return rule(rebuilt)
    }

    /// The number of nodes, for tests and EXPLAIN.
    var nodeCount: Int { 1 + inputs.reduce(0) { $0 + $1.nodeCount } }
}
