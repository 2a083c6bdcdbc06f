import SluiceColumnar
import SluiceRuntime

extension JobGraph {
    /// Adds a `KeyedProcessOperator` after `input`: a hash edge by `keyColumns` (key groups over
    /// `stateOptions.maxParallelism`) sends each key to the subtask that owns its state.
    @discardableResult
    public mutating func addKeyedProcess(name: String, input: VertexID, keyColumns: [Int], outputSchema: Schema,
                                         parallelism: Int, stateOptions: KeyedStateOptions = KeyedStateOptions(),
                                         _ body: @escaping KeyedProcessOperator.Body) throws(SluiceError) -> VertexID {
        let from = self[input]
        guard !keyColumns.isEmpty else { throw .invalidInput("a keyed process function needs at least one key column") }
        for c in keyColumns where c < 0 || c >= from.outputSchema.count {
            throw .invalidInput("key column index \(c) is out of range; the input has \(from.outputSchema.count) columns (\(from.outputSchema.names.joined(separator: ", ")))")
        }
        try SluiceColumnar.KeyGroups.validate(parallelism: parallelism, maxParallelism: stateOptions.maxParallelism)
        let op = addOperator(name: name, parallelism: parallelism, inputSchemas: [from.outputSchema], outputSchema: outputSchema) { _ in
            KeyedProcessOperator(keyColumns: keyColumns, outputSchema: outputSchema, stateOptions: stateOptions, body)
        }
        connect(input, op, .hash(keyColumns: keyColumns.map { .index($0) }, maxParallelism: stateOptions.maxParallelism))
        return op
    }
}
