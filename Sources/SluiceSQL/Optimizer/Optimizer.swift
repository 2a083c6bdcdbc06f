/// Runs the rewrite rules over a bound plan, each defined in its own file:
/// constant folding → predicate pushdown → projection pushdown → Calc merging (filter merging) →
/// filter pushdown into sources that accept it, then folding once more over the merged expressions.
///
/// Physical choices (local/global aggregation, where hash edges go) are made by the physical planner
/// with `AggregatePhaseStrategy` and `ExchangeRule`.
public enum Optimizer {
    public static func optimize(_ plan: LogicalPlan, connectors: ConnectorRegistry = .builtIn) -> LogicalPlan {
        var p = plan.transformUp(ConstantFolding.apply)
        p = PredicatePushdown.apply(p)
        p = ProjectionPushdown.apply(p)
        p = p.transformUp(CalcMerge.apply)
        p = SourceFilterPushdown.apply(p, connectors: connectors)
        return p.transformUp(ConstantFolding.apply)
    }
}
