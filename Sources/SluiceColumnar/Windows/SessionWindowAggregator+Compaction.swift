extension SessionWindowAggregator {
    /// Emits the due sessions and frees the expired ones.
    ///
    /// One pass over the aggregator's partial rows renames rows of merged sessions to their surviving
    /// session and merges the due ones into a fresh aggregator that is finished into the output. The
    /// aggregator itself is rebuilt (compacted) only once it holds more than twice the open sessions:
    /// until then expired sessions are only *retired* (their ids stay reserved), so a watermark that
    /// closes a few sessions does not rehash all the others.
    mutating func compact(emit: [Int32], expire: [Int32]) throws(SluiceError) -> RecordBatch? {
        let rebuild = state.groupCount > 2 * sessions.openCount + 1024
        guard !emit.isEmpty || rebuild else {
            for s in expire { sessions.retire(s) }
            return nil
        }
        // Every state batch (the partial state, then value pairs of COUNT(DISTINCT …)) starts with `$session`.
        var emitting = [Bool](repeating: false, count: sessions.capacity)
        var expiring = [Bool](repeating: false, count: sessions.capacity)
        for s in emit { emitting[Int(s)] = true }
        for s in expire { expiring[Int(s)] = true }
        var emitBatches: [RecordBatch] = [], keepBatches: [RecordBatch] = []
        for batch in try state.checkpointState() {
            let n = batch.physicalCount
            var renamed = [Int64](repeating: 0, count: n)
            var emitRows: [Int] = [], keepRows: [Int] = []
            batch.columns[0].withValues(Int64.self) { ids in
                for row in 0..<n {
                    let root = sessions.root(Int32(truncatingIfNeeded: ids[row]))
                    renamed[row] = Int64(root)
                    if emitting[Int(root)] { emitRows.append(row) }
                    if rebuild && !expiring[Int(root)] && sessions.phase[Int(root)] == .open { keepRows.append(row) }
                }
            }
            var columns = batch.columns
            columns[0] = Column(type: .int64, count: n, storage: .fixed(Buffer(renamed)))
            let rows = try RecordBatch(schema: batch.schema, columns: columns, count: n)
            emitBatches.append(rows.withSelection(SelectionVector(emitRows)))
            keepBatches.append(rows.withSelection(SelectionVector(keepRows)))
        }
        var out: RecordBatch?
        if emitBatches[0].count > 0 {
            var due = prototype
            try due.restoreCheckpoint(emitBatches)
            out = try withSessionColumns(due.finish())
        }
        for s in expire { sessions.retire(s) }
        if rebuild {
            var kept = prototype
            try kept.restoreCheckpoint(keepBatches)
            state = kept
            for s in 0..<sessions.capacity where sessions.phase[s] == .merged || sessions.phase[s] == .retired {
                sessions.release(merged: Int32(s))
            }
            compactKeysIfSparse()
        }
        return out
    }

    /// Replaces the `$session` column of a finished batch with the keys, `window_start` and `window_end`.
    func withSessionColumns(_ finished: RecordBatch) throws(SluiceError) -> RecordBatch {
        let n = finished.physicalCount
        var keyIds: [Int] = [], starts: [Int64] = [], ends: [Int64] = []
        keyIds.reserveCapacity(n)
        starts.reserveCapacity(n)
        ends.reserveCapacity(n)
        finished.columns[0].withValues(Int64.self) { ids in
            for sid in ids {
                keyIds.append(Int(sessions.keyOf[Int(sid)]))
                starts.append(sessions.start[Int(sid)])
                ends.append(sessions.end[Int(sid)])
            }
        }
        let type = inputSchema[timeColumn].type
        var columns: [Column] = []
        if let keys {
            let selection = SelectionVector(keyIds)
            columns = keys.keyColumns().map { Take.take($0, selection) }
        }
        columns.append(Column(type: type, count: n, storage: .fixed(Buffer(starts))))
        columns.append(Column(type: type, count: n, storage: .fixed(Buffer(ends))))
        columns.append(contentsOf: finished.columns[1...])
        return try RecordBatch(schema: outputSchema, columns: columns, count: n)
    }

    /// Rebuilds the key table from the keys that still have open sessions once they are fewer than
    /// half of it, so a stream of ever-new keys does not grow memory without bound.
    mutating func compactKeysIfSparse() {
        guard let old = keys, old.groupCount >= 1024 else { return }
        let live = (0..<old.groupCount).filter { sessions.keyHead[$0] >= 0 }
        guard live.count * 2 < old.groupCount else { return }
        var table = try! GroupTable(keyTypes: old.keyTypes)   // same key types as the table it replaces
        let selection = SelectionVector(live)
        let columns = old.keyColumns().map { Take.take($0, selection) }
        if !live.isEmpty { _ = table.findOrInsert(columns) }   // ids 0..<live.count, in order
        var head = [Int32](repeating: -1, count: live.count)
        for (new, oldKey) in live.enumerated() {
            head[new] = sessions.keyHead[oldKey]
            var s = head[new]
            while s >= 0 {
                sessions.keyOf[Int(s)] = Int32(new)
                s = sessions.nextInKey[Int(s)]
            }
        }
        sessions.keyHead = head
        keys = table
    }
}
