/// Session windows in checkpoints: the open sessions and their accumulator state as bytes.
///
///     "SSW1" · watermark · sessions batch · the aggregator's checkpoint batches
///
///     sessions batch:  keys…, $start, $end, $dirty (emit again at the next watermark), $sid
///     aggregator:      `HashAggregator.checkpointState()` keyed by `$session` = $sid, rows of merged
///                      sessions renamed to their surviving session, rows of expired sessions left out
///
/// A restore allocates each session anew (ids change) and renames the aggregator rows to the new ids,
/// so snapshots of several old subtasks (a rescale) can be restored into one; `keep` selects the
/// sessions (by key) this instance owns.
extension SessionWindowAggregator {
    static let snapshotMagic: [UInt8] = Array("SSW1".utf8)

    var sessionsSchema: Schema {
        Schema(keyColumns.map { inputSchema[$0] } + [Field("$start", .int64, nullable: false), Field("$end", .int64, nullable: false),
                                                    Field("$dirty", .boolean, nullable: false), Field("$sid", .int64, nullable: false)])
    }

    public func snapshot() throws(SluiceError) -> [UInt8] {
        var out = Self.snapshotMagic
        WireWriter.int(Int(watermark), into: &out)
        let open = (0..<sessions.capacity).filter { sessions.phase[$0] == .open }
        var columns: [Column] = []
        if let keys {
            let selection = SelectionVector(open.map { Int(sessions.keyOf[$0]) })
            columns = keys.keyColumns().map { Take.take($0, selection) }
        }
        columns.append(Column.int64(open.map { sessions.start[$0] }))
        columns.append(Column.int64(open.map { sessions.end[$0] }))
        columns.append(Column.boolean(open.map { sessions.dirty[$0] }))
        columns.append(Column.int64(open.map { Int64($0) }))
        try RecordBatch(schema: sessionsSchema, columns: columns, count: open.count).serialize(into: &out)
        for batch in try state.checkpointState() {
            // Rows of merged sessions belong to their survivor; rows of retired sessions to nobody.
            var keep: [Int] = []
            var renamed: [Int64] = []
            batch.columns[0].withValues(Int64.self) { ids in
                for (row, id) in ids.enumerated() {
                    let root = sessions.root(Int32(truncatingIfNeeded: id))
                    guard sessions.phase[Int(root)] == .open else { continue }
                    keep.append(row)
                    renamed.append(Int64(root))
                }
            }
            var columns = batch.columns.map { Take.take($0, SelectionVector(keep)) }
            columns[0] = Column.int64(renamed)
            try RecordBatch(schema: batch.schema, columns: columns, count: keep.count).serialize(into: &out)
        }
        return out
    }

    /// Adds a snapshot's sessions (those `keep` selects, by their key columns) and their state.
    public mutating func restore(_ bytes: [UInt8], keep: ((RecordBatch) throws(SluiceError) -> RecordBatch)? = nil) throws(SluiceError) {
        var reader = WireReader(bytes)
        guard Array(try reader.bytes(4, "session snapshot header")) == Self.snapshotMagic else {
            throw SluiceError(.corruptState, "the checkpoint's state for this session window is not a session snapshot (`SSW1`)")
        }
        let restoredWatermark = Int64(try reader.int("watermark"))
        var open = try RecordBatch.deserialize(&reader, schema: sessionsSchema)
        if let keep { open = try keep(open).compacted() }
        let k = keyColumns.count
        let keyIds = keys == nil ? MutableBuffer(zeroedCount: open.count, of: UInt32.self).freeze()
                                 : keys!.findOrInsert(Array(open.columns[0..<k]))
        sessions.ensureKeys(keys?.groupCount ?? 1)
        var newID: [Int64: Int64] = [:]
        // A restore continues from the lowest watermark of the snapshots it merges.
        watermark = watermark == .min ? restoredWatermark : min(watermark, restoredWatermark)
        keyIds.withUnsafeBufferPointer(as: UInt32.self) { key in
            open.columns[k].withValues(Int64.self) { start in
                open.columns[k + 1].withValues(Int64.self) { end in
                    open.columns[k + 3].withValues(Int64.self) { old in
                        for row in 0..<open.count {
                            let sid = sessions.allocate(key: Int32(bitPattern: key[row]), start: start[row], end: end[row])
                            if case .boolean(true) = open.columns[k + 2].value(at: row) { sessions.dirty[Int(sid)] = true }
                            sessions.schedule(sid, watermark: watermark)
                            newID[old[row]] = Int64(sid)
                        }
                    }
                }
            }
        }
        var batches: [RecordBatch] = []
        for schema in state.checkpointSchemas {
            let batch = try RecordBatch.deserialize(&reader, schema: schema)
            var keepRows: [Int] = []
            var renamed: [Int64] = []
            batch.columns[0].withValues(Int64.self) { ids in
                for (row, id) in ids.enumerated() {
                    guard let sid = newID[id] else { continue }
                    keepRows.append(row)
                    renamed.append(sid)
                }
            }
            var columns = batch.columns.map { Take.take($0, SelectionVector(keepRows)) }
            columns[0] = Column.int64(renamed)
            batches.append(try RecordBatch(schema: schema, columns: columns, count: keepRows.count))
        }
        guard reader.remaining == 0 else {
            throw SluiceError(.corruptState, "session snapshot has \(reader.remaining) bytes after its state; it was written for another session window")
        }
        try state.restoreCheckpoint(batches)
    }
}
