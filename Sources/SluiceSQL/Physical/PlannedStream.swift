import SluiceColumnar
import SluiceRuntime
import SluiceOperators

/// A planned operator's output: its vertex, schema, parallelism, changelog mode, and the columns it is
/// hash-partitioned by (so that a later aggregate on the same keys needs no second shuffle).
struct PlannedStream {
    var vertex: VertexID
    var schema: Schema
    var parallelism: Int
    var updating: Bool
    /// Column indices the rows are hash-partitioned on, with the parallelism they were split for.
    var partitionedBy: [Int]?
}

/// Output schemas of the aggregate operators, for the binder.
enum AggregatePlanning {
    static func outputSchema(input: Schema, keys: [Int], aggregates: [AggregateSpec]) throws(SluiceError) -> Schema {
        try GlobalAggregateOperator.outputSchema(inputSchema: input, keyColumns: keys, aggregates: aggregates)
    }
}

enum WindowPlanning {
    static func outputSchema(input: Schema, window: WindowSpec, keys: [Int], aggregates: [AggregateSpec]) throws(SluiceError) -> Schema {
        let time = try EventTime.columnIndex(window.timeColumn, in: input)
        switch window.kind {
        case .sliced(let assigner):
            return try WindowAggregateOperator.outputSchema(inputSchema: input, timeColumn: time, keyColumns: keys,
                                                            aggregates: aggregates, window: assigner)
        case .session(let gap):
            return try SessionWindowOperator.outputSchema(inputSchema: input, timeColumn: time, keyColumns: keys,
                                                          aggregates: aggregates, gapMicros: gap)
        }
    }
}
