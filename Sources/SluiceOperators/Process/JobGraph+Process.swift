import SluiceColumnar
import SluiceRuntime

extension JobGraph {
    /// Adds a `ProcessOperator` after `input`, at the input's parallelism and chained to it.
    @discardableResult
    public mutating func addProcess(name: String, input: VertexID, outputSchema: Schema,
                                    _ body: @escaping ProcessOperator.Body) -> VertexID {
        let from = self[input]
        let op = addOperator(name: name, parallelism: from.parallelism, inputSchemas: [from.outputSchema],
                             outputSchema: outputSchema) { _ in ProcessOperator(outputSchema: outputSchema, body) }
        connect(input, op)
        return op
    }

    /// Adds a `RowProcessOperator` after `input`, at the input's parallelism and chained to it.
    @discardableResult
    public mutating func addRowProcess(name: String, input: VertexID, outputSchema: Schema,
                                       _ body: @escaping RowProcessOperator.Body) -> VertexID {
        let from = self[input]
        let op = addOperator(name: name, parallelism: from.parallelism, inputSchemas: [from.outputSchema],
                             outputSchema: outputSchema) { _ in RowProcessOperator(outputSchema: outputSchema, body) }
        connect(input, op)
        return op
    }
}

extension JobGraph {
    /// Adds a `KeyedProcessOperator` behind a hash edge on `keyColumns` (forward at parallelism 1):
    /// per-row logic with event-time and processing-time timers scoped by key.
    @discardableResult
    public mutating func addKeyedProcess(
        name: String, input: VertexID, keyColumns: [Int], outputSchema: Schema, parallelism: Int = 1,
        maxParallelism: Int = 128, clock: any ProcessingClock = SystemClock.shared,
        onTimer: KeyedProcessOperator.OnTimer? = nil, _ body: @escaping KeyedProcessOperator.Body
    ) throws(SluiceError) -> VertexID {
        let from = self[input]
        let columns = from.outputSchema.names.joined(separator: ", ")
        guard !keyColumns.isEmpty else {
            throw .invalidInput("a keyed process function needs at least one key column; use addRowProcess for an unkeyed one")
        }
        for k in keyColumns where k < 0 || k >= from.outputSchema.count {
            throw .invalidInput("key column index \(k) is out of range; the input has \(from.outputSchema.count) columns (\(columns))")
        }
        let op = addOperator(name: name, parallelism: parallelism, inputSchemas: [from.outputSchema], outputSchema: outputSchema) { _ in
            KeyedProcessOperator(keyColumns: keyColumns, outputSchema: outputSchema, clock: clock,
                                 maxParallelism: maxParallelism, onTimer: onTimer, body)
        }
        connect(input, op, JobGraph.aggregateEdge(keys: keyColumns, from: from.parallelism, to: parallelism,
                                                  maxParallelism: maxParallelism))
        return op
    }
}
