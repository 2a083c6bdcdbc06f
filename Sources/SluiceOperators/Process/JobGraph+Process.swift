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

