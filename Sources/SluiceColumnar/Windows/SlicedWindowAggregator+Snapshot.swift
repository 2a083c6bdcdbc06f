/// Checkpointing a sliced window aggregate: the event time fired through, the windows to emit again,
/// and every open slice's partial aggregates as a serialized batch.
extension SlicedWindowAggregator {
    /// The state as bytes (slices in order of their end).
    public func snapshot() throws(SluiceError) -> [UInt8] {
        var out: [UInt8] = []
        WireWriter.int(Int(firedThrough), into: &out)
        WireWriter.int(refire.count, into: &out)
        for end in refire.sorted() { WireWriter.int(Int(end), into: &out) }
        WireWriter.int(slices.count, into: &out)
        for end in slices.keys.sorted() {
            WireWriter.int(Int(end), into: &out)
            try slices[end]!.partialState().serialize(into: &out)
        }
        return out
    }

    /// Adds a snapshot's state. `keep` selects the rows (keys) this instance owns when the snapshot
    /// came from another parallelism. Of several snapshots the smallest fired-through time wins, so
    /// no window is skipped (a window some old subtask had already emitted may be emitted again).
    public mutating func restore(_ bytes: [UInt8], isFirst: Bool,
                                 keep: ((RecordBatch) throws(SluiceError) -> RecordBatch)? = nil) throws(SluiceError) {
        var reader = WireReader(bytes)
        let fired = Int64(try reader.int("fired-through time"))
        firedThrough = isFirst ? fired : min(firedThrough, fired)
        let refires = try reader.int("refire count")
        guard refires >= 0 && refires <= reader.remaining / 8 else { throw reader.corrupt("refire count \(refires)") }
        for _ in 0..<refires { refire.insert(Int64(try reader.int("refire window end"))) }
        let count = try reader.int("slice count")
        guard count >= 0 && count <= reader.remaining else { throw reader.corrupt("slice count \(count)") }
        let schema = prototype.partialSchema
        for _ in 0..<count {
            let end = Int64(try reader.int("slice end"))
            var batch = try RecordBatch.deserialize(&reader, schema: schema)
            if let keep { batch = try keep(batch) }
            guard batch.count > 0 else { continue }
            var slice = slices[end] ?? prototype
            try slice.merge(batch)
            slices[end] = slice
        }
        guard reader.isAtEnd else { throw reader.corrupt("\(reader.remaining) unexpected bytes after the window state") }
    }
}
