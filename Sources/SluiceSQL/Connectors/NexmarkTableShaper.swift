import SluiceColumnar
import SluiceConnectors
import SluiceRuntime

/// Presents the Nexmark generator's batches as the projected columns of the reference table.
///
/// One kind (a view's pushed `event_type = k`): the typed batch's columns become the children of that
/// kind's ROW column (all rows valid), `event_type` is the constant `k`, and the other two ROW columns
/// are all NULL. The constant columns are built once at the largest batch size seen and sliced per
/// batch, so the steady state does no per-row work. Several kinds: the source's reference-table batch
/// already has the columns (and a selection of the kinds asked for); they are picked and retyped to the
/// table's declared types (names as the DDL spells them).
final class NexmarkTableShaper: Operator {
    private let kind: Int?
    private let projection: [Int]
    private let output: Schema
    /// Per output column: the constant column (event_type, a NULL row), or nil for the kind's own row.
    private var constants: [Column?] = []
    private var capacity = 0
    private let batchSize: Int

    init(kinds: NexmarkEventKinds, projection: [Int], output: Schema, batchSize: Int) {
        kind = kinds == .persons ? 0 : kinds == .auctions ? 1 : kinds == .bids ? 2 : nil
        self.projection = projection
        self.output = output
        self.batchSize = batchSize
        constants = Array(repeating: nil, count: projection.count)
    }

    func process(_ batch: RecordBatch, input: Int, output out: Output) throws(SluiceError) {
        guard let kind else {
            try out.emit(try picked(batch))
            return
        }
        let n = batch.physicalCount
        if n > capacity { try buildConstants(kind: kind, count: max(n, batchSize)) }
        var columns: [Column] = []
        columns.reserveCapacity(projection.count)
        for i in projection.indices {
            if let constant = constants[i] {
                columns.append(constant.slice(0, n))
            } else {
                // The typed columns are the ROW's fields in order (the schema is checked at CREATE TABLE).
                columns.append(Column(type: output[i].type, count: n, storage: .children(batch.columns)))
            }
        }
        try out.emit(try RecordBatch(schema: output, columns: columns, count: n, selection: batch.selection))
    }

    /// The constant columns for batches of up to `count` rows.
    private func buildConstants(kind: Int, count: Int) throws(SluiceError) {
        for (i, p) in projection.enumerated() {
            if p == 0 {
                constants[i] = try Column.repeating(.int(Int64(kind)), type: output[i].type, count: count)
            } else if p != kind + 1 {
                constants[i] = try Column.repeating(.null, type: output[i].type, count: count)
            }
        }
        capacity = count
    }

    /// The projected reference-table columns, retyped to the declared ROW types.
    private func picked(_ batch: RecordBatch) throws(SluiceError) -> RecordBatch {
        let columns = projection.enumerated().map { i, p in
            let c = batch.columns[p]
            return Column(type: output[i].type, count: c.count, storage: c.storage, validity: c.validity)
        }
        return try RecordBatch(schema: output, columns: columns, count: batch.physicalCount, selection: batch.selection)
    }
}
