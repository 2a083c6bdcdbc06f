import SluiceColumnar
import SluiceRuntime

/// The escape hatch: a Swift closure that sees whole batches and returns a batch (or nil to emit
/// nothing), like Flink's `ProcessFunction` but columnar.
///
/// The closure should use kernels (`Filter`, `Take`, expressions) to stay fast; for per-row logic
/// see `RowProcessOperator`. A returned batch must match `outputSchema` (column types), which is
/// checked per batch with a clear error.
public final class ProcessOperator: Operator {
    public typealias Body = @Sendable (RecordBatch, ProcessContext) throws(SluiceError) -> RecordBatch?
    public let outputSchema: Schema
    private let body: Body
    private var context: ProcessContext?

    public init(outputSchema: Schema, _ body: @escaping Body) {
        self.outputSchema = outputSchema
        self.body = body
    }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        self.context = ProcessContext(context, outputSchema: outputSchema)
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        guard let result = try body(batch, context!) else { return }
        try ProcessOperator.check(result, outputSchema)
        try output.emit(result)
    }

    /// Checks the column types without allocating (this runs once per batch).
    static func check(_ batch: RecordBatch, _ schema: Schema) throws(SluiceError) {
        if batch.schema.hasSameColumnTypes(as: schema) { return }
        throw SluiceError(.invalidInput, "the process function returned a batch of \(batch.schema) but the operator's "
            + "output schema is \(schema); build the result with the output schema")
    }
}
