import SluiceColumnar
import SluiceRuntime

/// Filter then project, Flink's `Calc`: one operator for `WHERE` and `SELECT` expressions.
///
/// Per batch: the predicate is evaluated over the physical rows and intersected with the batch's
/// selection (`Filter.filter`, no copy). Then the projections:
/// - all bare column references (`SELECT a, c`): the output shares the input's columns and keeps its
///   selection, so nothing is copied;
/// - otherwise, when a selection exists, the batch is compacted once (one gather per column) and the
///   expressions are evaluated over the dense rows only, so rows filtered away are never computed
///   (and cannot raise errors such as a division by zero).
/// Row kinds travel with their rows, so a changelog passes through unchanged in kind.
///
/// `outputSchema` is what the projections produce; `open` checks that their types agree with it.
public final class CalcOperator: Operator {
    public let predicate: PhysicalExpression?
    public let projections: [PhysicalExpression]?
    public let outputSchema: Schema
    /// Input column indices when every projection is a bare column reference.
    private let columnIndices: [Int]?

    /// `predicate` must be BOOLEAN; `projections` nil passes the input columns through (then
    /// `outputSchema` is the input schema).
    public init(predicate: PhysicalExpression?, projections: [PhysicalExpression]?, outputSchema: Schema) {
        self.predicate = predicate
        self.projections = projections
        self.outputSchema = outputSchema
        columnIndices = projections.flatMap { CalcOperator.bareColumns($0) }
    }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        try CalcOperator.check(predicate: predicate, projections: projections, outputSchema: outputSchema)
    }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        var rows = batch
        if let predicate {
            rows = try Filter.filter(rows, predicate.evaluateColumn(rows))
            if rows.count == 0 { return }
        }
        guard let projections else {
            try output.emit(rows)
            return
        }
        if let columnIndices {
            try output.emit(RecordBatch(schema: outputSchema, columns: columnIndices.map { rows.columns[$0] },
                                        count: rows.physicalCount, selection: rows.selection, rowKinds: rows.rowKinds))
            return
        }
        let dense = rows.compacted()
        var columns: [Column] = []
        columns.reserveCapacity(projections.count)
        for projection in projections { columns.append(try projection.evaluateColumn(dense)) }
        try output.emit(RecordBatch(schema: outputSchema, columns: columns, count: dense.physicalCount,
                                    rowKinds: dense.rowKinds))
    }

    /// The input indices of projections that are all bare column references, else nil.
    static func bareColumns(_ projections: [PhysicalExpression]) -> [Int]? {
        var indices: [Int] = []
        for p in projections {
            guard case .column(let index, _, _) = p else { return nil }
            indices.append(index)
        }
        return indices
    }

    /// Checks that the predicate is BOOLEAN and that the projections produce `outputSchema`.
    public static func check(predicate: PhysicalExpression?, projections: [PhysicalExpression]?,
                             outputSchema: Schema) throws(SluiceError) {
        if let predicate, predicate.type != .boolean {
            throw SluiceError(.plan, "the filter condition `\(predicate)` is \(predicate.type); a filter needs a BOOLEAN "
                + "condition, e.g. `x <> 0`")
        }
        guard let projections else { return }
        guard projections.count == outputSchema.count else {
            throw SluiceError(.plan, "calc has \(projections.count) projection\(projections.count == 1 ? "" : "s") but its "
                + "output schema has \(outputSchema.count) columns (\(outputSchema.names.joined(separator: ", ")))")
        }
        for (p, field) in zip(projections, outputSchema.fields) where p.type != field.type {
            throw SluiceError(.plan, "projection `\(p)` is \(p.type) but output column `\(field.name)` is \(field.type); "
                + "cast the expression or change the output schema", context: .init(column: field.name))
        }
    }
}
