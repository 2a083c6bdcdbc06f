import SluiceColumnar
import SluiceRuntime

extension JobGraph {
    /// Adds a `KeyedProcessOperator` after `input`: a hash edge by `keyColumns` (key groups over
    /// `stateOptions.maxParallelism`; forward when both sides run at parallelism 1) sends each key to the
    /// subtask that owns its state and timers. `clock` drives processing-time timers.
    @discardableResult
    public mutating func addKeyedProcess(name: String, input: VertexID, keyColumns: [Int], outputSchema: Schema,
                                         parallelism: Int = 1, stateOptions: KeyedStateOptions = KeyedStateOptions(),
                                         clock: any ProcessingClock = SystemClock.shared,
                                         onTimer: KeyedProcessOperator.OnTimer? = nil,
                                         _ body: @escaping KeyedProcessOperator.Body) throws(SluiceError) -> VertexID {
        let from = self[input]
        guard !keyColumns.isEmpty else {
            throw .invalidInput("a keyed process function needs at least one key column; use addRowProcess for an unkeyed one")
        }
        for c in keyColumns where c < 0 || c >= from.outputSchema.count {
            throw .invalidInput("key column index \(c) is out of range; the input has \(from.outputSchema.count) columns (\(from.outputSchema.names.joined(separator: ", ")))")
        }
        try SluiceColumnar.KeyGroups.validate(parallelism: parallelism, maxParallelism: stateOptions.maxParallelism)
        let op = addOperator(name: name, parallelism: parallelism, inputSchemas: [from.outputSchema], outputSchema: outputSchema) { _ in
            KeyedProcessOperator(keyColumns: keyColumns, outputSchema: outputSchema, stateOptions: stateOptions, clock: clock,
                                 onTimer: onTimer, body)
        }
        connect(input, op, JobGraph.aggregateEdge(keys: keyColumns, from: from.parallelism, to: parallelism,
                                                  maxParallelism: stateOptions.maxParallelism))
        return op
    }
}
