import SluiceColumnar

/// Constant folding on Calc nodes: a predicate that folds to TRUE is dropped, `TRUE AND x` becomes `x`.
///
/// Constant sub-expressions are already evaluated once when a call is built (`FunctionRegistry.call`
/// folds deterministic calls over literals), so what remains here is simplification of predicates.
enum ConstantFolding {
    static func apply(_ plan: LogicalPlan) -> LogicalPlan {
        guard case .calc(var n) = plan, let predicate = n.predicate else { return plan }
        n.predicate = simplify(predicate)
        return .calc(n)
    }

    static func simplify(_ e: PhysicalExpression) -> PhysicalExpression? {
        if isTrue(e) { return nil }
        if case .call(let f, let args) = e, f.name == "and", args.count == 2 {
            let l = simplify(args[0])
            let r = simplify(args[1])
            switch (l, r) {
            case (nil, nil): return nil
            case (let x?, nil), (nil, let x?): return x
            case (let a?, let b?): return (try? FunctionRegistry.standard.call("and", [a, b])) ?? e
            }
        }
        return e
    }

    static func isTrue(_ e: PhysicalExpression) -> Bool {
        if case .literal(.boolean(true), _) = e { return true }
        return false
    }
}
