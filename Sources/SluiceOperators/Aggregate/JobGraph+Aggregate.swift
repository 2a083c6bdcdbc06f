import SluiceColumnar
import SluiceRuntime

extension JobGraph {
    /// Adds a keyed aggregation of `input`'s rows and returns the vertex that emits its results.
    ///
    /// Two-phase (the default when `parallelism > 1` or the input's parallelism is above 1):
    /// `<name>-local` (a `LocalAggregateOperator` chained to the input, same parallelism) → hash on the
    /// keys → `<name>` (a `GlobalAggregateOperator` at `parallelism`). One-phase: hash on the raw keys →
    /// `<name>` (a `SingleAggregateOperator`); a forward edge when both sides run at parallelism 1.
    /// Without key columns the final phase runs at parallelism 1.
    @discardableResult
    public mutating func addAggregate(
        name: String, input: VertexID, keyColumns: [Int], aggregates: [AggregateSpec], mode: AggregateMode,
        parallelism: Int = 1, twoPhase: Bool? = nil, maxParallelism: Int = 128
    ) throws(SluiceError) -> VertexID {
        let source = self[input]
        let schema = source.outputSchema
        let outputSchema = try GlobalAggregateOperator.outputSchema(inputSchema: schema, keyColumns: keyColumns,
                                                                    aggregates: aggregates)
        let finalParallelism = keyColumns.isEmpty ? 1 : parallelism
        let split = twoPhase ?? (finalParallelism > 1 || source.parallelism > 1)
        if split {
            let partial = try LocalAggregateOperator.outputSchema(inputSchema: schema, keyColumns: keyColumns,
                                                                  aggregates: aggregates)
            let local = addOperator(name: "\(name)-local", parallelism: source.parallelism, inputSchemas: [schema],
                                    outputSchema: partial) { _ in
                LocalAggregateOperator(inputSchema: schema, keyColumns: keyColumns, aggregates: aggregates, mode: mode)
            }
            connect(input, local)
            let global = addOperator(name: name, parallelism: finalParallelism, inputSchemas: [partial],
                                     outputSchema: outputSchema) { _ in
                GlobalAggregateOperator(inputSchema: schema, keyColumns: keyColumns, aggregates: aggregates, mode: mode,
                                        maxParallelism: maxParallelism)
            }
            connect(local, global, JobGraph.aggregateEdge(keys: Array(0..<keyColumns.count), from: source.parallelism,
                                                           to: finalParallelism, maxParallelism: maxParallelism))
            return global
        }
        let single = addOperator(name: name, parallelism: finalParallelism, inputSchemas: [schema],
                                 outputSchema: outputSchema) { _ in
            SingleAggregateOperator(inputSchema: schema, keyColumns: keyColumns, aggregates: aggregates, mode: mode,
                                    maxParallelism: maxParallelism)
        }
        connect(input, single, JobGraph.aggregateEdge(keys: keyColumns, from: source.parallelism, to: finalParallelism,
                                                      maxParallelism: maxParallelism))
        return single
    }

    /// Forward between two single subtasks (so they chain), a hash on the keys otherwise.
    static func aggregateEdge(keys: [Int], from: Int, to: Int, maxParallelism: Int) -> Partitioning {
        if from == 1 && to == 1 { return .forward }
        if keys.isEmpty { return .rebalance }
        return .hash(keyColumns: keys.map { .index($0) }, maxParallelism: maxParallelism)
    }
}
