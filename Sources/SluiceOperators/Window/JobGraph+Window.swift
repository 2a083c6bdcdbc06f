import SluiceColumnar
import SluiceRuntime

extension JobGraph {
    /// Adds a keyed event-time window aggregate of `input`'s rows and returns its vertex.
    ///
    /// `input` must carry watermarks (a watermarked source, or a `WatermarkAssigner` after it).
    /// The rows go over a hash edge on the keys (forward when both sides run at parallelism 1;
    /// without keys the aggregate runs at parallelism 1). Output: keys, `window_start`,
    /// `window_end`, aggregates; append-only (a window re-emitted within allowed lateness appears
    /// again with its updated values). Rows too late go to `lateData` when given, else are dropped;
    /// counted either way. With `processingClock` the windows run on processing time instead (see
    /// `WindowAggregateOperator`); `input` then needs no watermarks.
    @discardableResult
    public mutating func addWindowAggregate(
        name: String, input: VertexID, timeColumn: String, keyColumns: [Int], aggregates: [AggregateSpec],
        window: SliceAssigner, allowedLatenessMicros: Int64 = 0, lateData: LateDataOutput? = nil,
        processingClock: (any ProcessingClock)? = nil, parallelism: Int = 1, maxParallelism: Int = 128
    ) throws(SluiceError) -> VertexID {
        let source = self[input]
        let schema = source.outputSchema
        let time = try EventTime.columnIndex(timeColumn, in: schema)
        let outputSchema = try WindowAggregateOperator.outputSchema(inputSchema: schema, timeColumn: time, keyColumns: keyColumns,
                                                                    aggregates: aggregates, window: window)
        let p = keyColumns.isEmpty ? 1 : parallelism
        let id = addOperator(name: name, parallelism: p, inputSchemas: [schema], outputSchema: outputSchema) { _ in
            WindowAggregateOperator(inputSchema: schema, timeColumn: time, keyColumns: keyColumns, aggregates: aggregates,
                                    window: window, allowedLatenessMicros: allowedLatenessMicros, lateData: lateData,
                                    processingClock: processingClock, maxParallelism: maxParallelism)
        }
        connect(input, id, JobGraph.aggregateEdge(keys: keyColumns, from: source.parallelism, to: p,
                                                  maxParallelism: maxParallelism))
        return id
    }
}

extension JobGraph {
    /// Adds a keyed event-time session-window aggregate (sessions end `gapMicros` after their last
    /// row; a row bridging two sessions merges them) and returns its vertex.
    ///
    /// Same input, edge and output shape as `addWindowAggregate`: keys, `window_start`, `window_end`,
    /// aggregates. With `allowedLatenessMicros` > 0 a session that got late rows is emitted again
    /// (an updated final row).
    @discardableResult
    public mutating func addSessionWindowAggregate(
        name: String, input: VertexID, timeColumn: String, keyColumns: [Int], aggregates: [AggregateSpec],
        gapMicros: Int64, allowedLatenessMicros: Int64 = 0, lateData: LateDataOutput? = nil,
        parallelism: Int = 1, maxParallelism: Int = 128
    ) throws(SluiceError) -> VertexID {
        let source = self[input]
        let schema = source.outputSchema
        let time = try EventTime.columnIndex(timeColumn, in: schema)
        let outputSchema = try SessionWindowOperator.outputSchema(
            inputSchema: schema, timeColumn: time, keyColumns: keyColumns, aggregates: aggregates,
            gapMicros: gapMicros, allowedLatenessMicros: allowedLatenessMicros)
        let p = keyColumns.isEmpty ? 1 : parallelism
        let id = addOperator(name: name, parallelism: p, inputSchemas: [schema], outputSchema: outputSchema) { _ in
            SessionWindowOperator(inputSchema: schema, timeColumn: time, keyColumns: keyColumns, aggregates: aggregates,
                                  gapMicros: gapMicros, allowedLatenessMicros: allowedLatenessMicros, lateData: lateData,
                                  maxParallelism: maxParallelism)
        }
        connect(input, id, JobGraph.aggregateEdge(keys: keyColumns, from: source.parallelism, to: p,
                                                  maxParallelism: maxParallelism))
        return id
    }
}
