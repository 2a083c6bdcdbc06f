import SluiceColumnar
import SluiceRuntime

extension JobGraph {
    /// Adds a `CalcOperator` after `input`, at the input's parallelism and chained to it (forward edge).
    /// `outputSchema` nil means the input's schema (a filter without projections).
    @discardableResult
    public mutating func addCalc(name: String, input: VertexID, predicate: PhysicalExpression?,
                                 projections: [PhysicalExpression]? = nil,
                                 outputSchema: Schema? = nil) throws(SluiceError) -> VertexID {
        let from = self[input]
        let schema = outputSchema ?? from.outputSchema
        try CalcOperator.check(predicate: predicate, projections: projections, outputSchema: schema)
        let calc = addOperator(name: name, parallelism: from.parallelism, inputSchemas: [from.outputSchema],
                               outputSchema: schema) { _ in
            CalcOperator(predicate: predicate, projections: projections, outputSchema: schema)
        }
        connect(input, calc)
        return calc
    }
}
