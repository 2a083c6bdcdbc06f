import SluiceOperators

/// A stream grouped by key columns: `aggregate` computes per-key results.
public struct KeyedStream {
    let input: DataStream
    let keyColumns: [Int]

    /// GROUP BY the keys with vectorized hash aggregation.
    ///
    /// At parallelism > 1 the aggregation runs in two phases: a local aggregate chained to the input
    /// pre-aggregates each subtask's rows, a hash edge (by key group) sends partial states to the
    /// subtask that owns the key, and a global aggregate merges them. In batch mode the result is
    /// the final rows at end of input; in streaming mode a changelog (+I, then -U/+U pairs).
    public func aggregate(_ aggregates: Aggregate...) throws(SluiceError) -> DataStream {
        try aggregate(aggregates)
    }

    public func aggregate(_ aggregates: [Aggregate]) throws(SluiceError) -> DataStream {
        guard !aggregates.isEmpty else { throw .invalidInput("aggregate needs at least one aggregate, e.g. .count()") }
        let env = input.env
        var specs: [AggregateSpec] = []
        for a in aggregates { specs.append(try a.spec(input.schema)) }
        let name = env.uniqueName("aggregate")
        let id = try env.graph.addAggregate(name: name, input: input.vertex, keyColumns: keyColumns, aggregates: specs,
                                            mode: env.mode == .batch ? .batch : .streaming, parallelism: env.parallelism,
                                            maxParallelism: env.maxParallelism)
        let vertex = env.graph[id]
        return DataStream(env: env, vertex: id, schema: vertex.outputSchema, parallelism: vertex.parallelism,
                          isChangelog: env.mode == .streaming)
    }
}
