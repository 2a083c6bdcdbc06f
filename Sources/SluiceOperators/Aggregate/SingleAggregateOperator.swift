import SluiceColumnar
import SluiceRuntime

/// A keyed aggregation in one phase: raw rows in, final rows (or a changelog) out.
///
/// Used when the aggregation runs at parallelism 1, or behind a hash edge on the raw rows when the
/// planner prefers that to a local/global split (few rows per key, so pre-aggregation saves little).
/// Results: see `AggregateMode` and `AggregateResultEmitter`. The input must be append-only (+I);
/// a changelog with -U/-D rows fails with a clear error. Output schema: `outputSchema(…)`.
public final class SingleAggregateOperator: FinalAggregateOperator {
    public init(inputSchema: Schema, keyColumns: [Int], aggregates: [AggregateSpec], mode: AggregateMode,
                maxParallelism: Int = KeyGroups.defaultMaxParallelism) {
        super.init(inputSchema: inputSchema, keyColumns: keyColumns, aggregates: aggregates, mode: mode,
                   mergesPartialStates: false, maxParallelism: maxParallelism)
    }
}
