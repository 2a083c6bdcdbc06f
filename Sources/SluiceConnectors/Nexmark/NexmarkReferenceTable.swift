import SluiceColumnar

/// The reference table's shape for consumers that need the union of the three kinds: one row per
/// event in generation order, `event_type`, the nullable `person` / `auction` / `bid` rows and the
/// computed `dateTime`.
///
/// Built from typed batches generated with `recordOrder: true`: each ROW column gathers its kind's
/// rows into the event positions (a take per child column) and is NULL elsewhere. Queries that read
/// one kind should use the typed batches instead; this shape pads every row with two NULL rows.
public enum NexmarkReferenceTable {
    /// The reference-table batch of `batches`, which must hold all three kinds and the event order.
    public static func batch(_ batches: NexmarkBatches) throws(SluiceError) -> RecordBatch {
        guard let order = batches.eventTypes, let persons = batches.persons, let auctions = batches.auctions,
              let bids = batches.bids else {
            throw .internalError("the nexmark reference table needs all three kinds generated with recordOrder: true")
        }
        let n = order.count
        let kinds = [persons, auctions, bids]
        var columns = [order.withUnsafeBufferPointer { Column(type: .int32, count: n, storage: .fixed(Buffer(copying: $0))) }]
        var time = [Int64](repeating: 0, count: n)
        for (kind, typed) in kinds.enumerated() {
            let (column, times) = try rowColumn(kind: Int32(kind), typed, order)
            columns.append(column)
            for row in 0..<n where order[row] == Int32(kind) { time[row] = times[row] }
        }
        columns.append(time.withUnsafeBufferPointer {
            Column(type: NexmarkSchemas.time, count: n, storage: .fixed(Buffer(copying: $0)))
        })
        return try RecordBatch(schema: NexmarkSchemas.referenceTable, columns: columns, count: n)
    }

    /// The ROW column of one kind over all events, and each event's time where the kind is set.
    static func rowColumn(kind: Int32, _ typed: RecordBatch, _ order: [Int32]) throws(SluiceError) -> (Column, [Int64]) {
        let n = order.count
        let type = DataType.row(typed.schema.fields)
        var times = [Int64](repeating: 0, count: n)
        guard typed.count > 0 else {
            return (try Column.repeating(.null, type: type, count: n), times)
        }
        var indices = [UInt32](repeating: 0, count: n)
        var valid = [Bool](repeating: false, count: n)
        var next: UInt32 = 0
        for row in 0..<n where order[row] == kind {
            indices[row] = next
            valid[row] = true
            next += 1
        }
        guard Int(next) == typed.count else {
            throw .internalError("event order has \(next) events of kind \(kind) but the batch has \(typed.count) rows")
        }
        let children = indices.withUnsafeBufferPointer { idx in typed.columns.map { Take.take($0, indices: idx) } }
        let timeIndex = typed.schema.eventTimeIndex!
        children[timeIndex].withValues(Int64.self) { values in
            for row in 0..<n { times[row] = values[row] }
        }
        return (Column(type: type, count: n, storage: .children(children), validity: Bitmap(valid)), times)
    }
}
