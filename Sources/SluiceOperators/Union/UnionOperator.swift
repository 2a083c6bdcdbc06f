import SluiceColumnar
import SluiceRuntime

/// Merges `n` inputs of one schema into one stream: batches pass through unchanged, in arrival order.
///
/// Connect each producer to a distinct input (`connect(a, union, input: 0)`, `input: 1`, …); the
/// vertex's input schemas are `n` copies of the schema. Watermarks are already combined by the
/// task's input gate (the minimum over inputs), so the default forwarding is right.
public final class UnionOperator: Operator {
    public let inputCount: Int

    public init(inputs: Int) { inputCount = inputs }
}

extension JobGraph {
    /// Adds a union of `inputs` (all producing `schema`) and connects them, forward when the
    /// parallelism matches and rebalanced otherwise.
    @discardableResult
    public mutating func addUnion(name: String, parallelism: Int = 1, schema: Schema, inputs: [VertexID]) -> VertexID {
        let n = inputs.count
        let union = addOperator(name: name, parallelism: parallelism, inputSchemas: Array(repeating: schema, count: n),
                                outputSchema: schema) { _ in UnionOperator(inputs: n) }
        for (i, input) in inputs.enumerated() {
            connect(input, union, self[input].parallelism == parallelism ? .forward : .rebalance, input: i)
        }
        return union
    }
}
