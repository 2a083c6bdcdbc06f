/// The rows a `collect()` sink received, readable after (or while) the job runs.
///
/// Collect is at-least-once: after a failure and a restart from a checkpoint, rows since that
/// checkpoint arrive again. In streaming mode an aggregate's output is a changelog; `finalRows()`
/// applies it (+I/+U add a row, -U/-D remove one) to get the table as it stands at the end.
public struct CollectedResult: Sendable {
    let sink: CollectedBatches
    public let schema: Schema

    /// Every batch received, in arrival order per subtask.
    public var batches: [RecordBatch] { sink.batches }

    /// Every row received, with its kind.
    public func changelog() -> [(kind: RowKind, row: [Value])] {
        var out: [(RowKind, [Value])] = []
        for batch in sink.batches {
            for r in 0..<batch.count {
                let physical = batch.selection.map { $0[r] } ?? r
                out.append((batch.rowKind(at: physical), batch.row(r)))
            }
        }
        return out
    }

    /// Every row received, ignoring row kinds (for append-only results).
    public func rows() -> [[Value]] { sink.rows() }

    /// The result after applying the changelog: what a table fed by this stream would hold.
    public func finalRows() throws(SluiceError) -> [[Value]] {
        var counts: [[Value]: Int] = [:]
        var order: [[Value]] = []
        for (kind, row) in changelog() {
            if kind.isAccumulate {
                if counts[row] == nil { order.append(row) }
                counts[row, default: 0] += 1
            } else {
                guard let n = counts[row], n > 0 else {
                    throw .execution("the changelog retracts a row it never inserted: \(row.map(\.description).joined(separator: ", "))")
                }
                counts[row] = n - 1
            }
        }
        var out: [[Value]] = []
        for row in order { for _ in 0..<(counts[row] ?? 0) { out.append(row) } }
        return out
    }

    /// The final rows decoded into Swift values (properties matched to columns by name).
    public func decode<T: Decodable>(_ type: T.Type) throws(SluiceError) -> [T] {
        let rows = try finalRows()
        var columns: [Column] = []
        for (i, field) in schema.fields.enumerated() {
            columns.append(try ColumnBuilder.column(field.type, rows.map { $0[i] }))
        }
        return try BatchDecoder.decode(type, from: RecordBatch(schema: schema, columns: columns, count: rows.count))
    }

    /// The final rows as a printed table.
    public func table() throws(SluiceError) -> String {
        let rows = try finalRows()
        var columns: [Column] = []
        for (i, field) in schema.fields.enumerated() {
            columns.append(try ColumnBuilder.column(field.type, rows.map { $0[i] }))
        }
        return TablePrinter().render(try RecordBatch(schema: schema, columns: columns, count: rows.count))
    }
}
