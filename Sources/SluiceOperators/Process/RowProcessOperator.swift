import SluiceColumnar
import SluiceRuntime

/// Per-row logic in plain Swift: the function sees each row through a `RowView` and emits any number
/// of output rows (as `[Value]`) through a `RowCollector`; the rows of one input batch become one
/// output batch.
///
/// A convenience, not a fast path: every value is boxed as a `Value` on the way in and out. Prefer
/// `CalcOperator` expressions or a batch-level `ProcessOperator` for hot paths.
public final class RowProcessOperator: Operator {
    public typealias Body = @Sendable (RowView, RowCollector) throws(SluiceError) -> Void
    public let outputSchema: Schema
    private let body: Body
    private let collector: RowCollector

    public init(outputSchema: Schema, _ body: @escaping Body) {
        self.outputSchema = outputSchema
        self.body = body
        collector = RowCollector(schema: outputSchema)
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        if let selection = batch.selection {
            for i in 0..<selection.count { try body(RowView(batch: batch, physicalRow: selection[i]), collector) }
        } else {
            for row in 0..<batch.physicalCount { try body(RowView(batch: batch, physicalRow: row), collector) }
        }
        guard collector.count > 0 else { return }
        try output.emit(collector.finish())
    }
}
