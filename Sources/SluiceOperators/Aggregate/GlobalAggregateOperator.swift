import SluiceColumnar
import SluiceRuntime

/// The second phase of a two-phase keyed aggregation: merges the partial states of
/// `LocalAggregateOperator`s (after a hash edge on the key columns) into final rows.
///
/// `inputSchema`, `keyColumns` and `aggregates` are those of the aggregation itself — exactly what the
/// local phase was given — not the partial schema: the accumulators are rebuilt from the original
/// input types. The operator's own input is `LocalAggregateOperator.outputSchema(…)` (keys first, so
/// hash the edge on columns `0..<keyColumns.count`). Results: see `AggregateMode` and
/// `AggregateResultEmitter` (`.batch`: final rows at the end; `.streaming`: a changelog in mini-batches).
/// Output schema: `outputSchema(…)` — keys, then one column per aggregate.
public final class GlobalAggregateOperator: FinalAggregateOperator {
    public init(inputSchema: Schema, keyColumns: [Int], aggregates: [AggregateSpec], mode: AggregateMode,
                maxParallelism: Int = KeyGroups.defaultMaxParallelism) {
        super.init(inputSchema: inputSchema, keyColumns: keyColumns, aggregates: aggregates, mode: mode,
                   mergesPartialStates: true, maxParallelism: maxParallelism)
    }
}
