import SluiceColumnar
import SluiceRuntime

/// What one statement returned: a message (DDL, SET), a table (SELECT, SHOW, DESCRIBE), plan text
/// (EXPLAIN), or the metrics of an INSERT job.
public struct SQLResult: Sendable {
    public enum Kind: Sendable, Equatable { case ok, table, explain, insert }

    public var kind: Kind
    public var message: String
    /// The result table of a query, SHOW or DESCRIBE.
    public var schema: Schema?
    /// Result batches: in streaming mode a changelog (with row kinds), in batch mode the final rows.
    public var batches: [RecordBatch]
    /// The job's metrics when the statement ran a job.
    public var job: JobResult?
    /// True for a query run in streaming mode: printed with an `op` column (row kinds), as Flink does.
    public var isChangelog = false

    static func ok(_ message: String = "[INFO] Execute statement succeeded.") -> SQLResult {
        SQLResult(kind: .ok, message: message, schema: nil, batches: [], job: nil)
    }

    /// Every row with its kind (+I for batch results).
    public var changelog: [(kind: RowKind, row: [Value])] {
        var out: [(RowKind, [Value])] = []
        for batch in batches {
            for r in 0..<batch.count {
                let physical = batch.selection.map { $0[r] } ?? r
                out.append((batch.rowKind(at: physical), batch.row(r)))
            }
        }
        return out
    }

    /// The rows, ignoring kinds.
    public var rows: [[Value]] { changelog.map(\.row) }

    /// The rows after applying the changelog (+I/+U add a row, -U/-D remove one).
    public var finalRows: [[Value]] {
        var out: [[Value]] = []
        for (kind, row) in changelog {
            if kind.isAccumulate { out.append(row) } else if let i = out.firstIndex(of: row) { out.remove(at: i) }
        }
        return out
    }

    /// The result as the Flink SQL client prints it: a table (with an `op` column for changelogs), or the message.
    public func render() -> String {
        switch kind {
        case .table:
            guard let schema else { return message + "\n" }
            return TablePrinter(showRowKind: isChangelog ? true : nil).render(batches, schema: schema)
        case .ok, .explain, .insert:
            return message.hasSuffix("\n") ? message : message + "\n"
        }
    }

    /// A one-column or multi-column table result built from values.
    static func table(_ schema: Schema, _ rows: [[Value]]) throws(SluiceError) -> SQLResult {
        var columns: [Column] = []
        for (i, f) in schema.fields.enumerated() { columns.append(try ColumnBuilder.column(f.type, rows.map { $0[i] })) }
        let batch = try RecordBatch(schema: schema, columns: columns, count: rows.count)
        return SQLResult(kind: .table, message: "", schema: schema, batches: [batch], job: nil)
    }
}
