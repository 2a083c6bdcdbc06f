/// Result columns read straight from a `FusedKeyTable`'s slots.
///
/// `materialized()` first gathers every group's state into dense rows (for partial state and the
/// exported accumulators); for the results that need no per-type rules (COUNT, and SUM over BIGINT, as
/// in `FusedAggregates.directResult`) that copy is not needed: one pass over the key log finds each
/// group's slot and writes the words the results need into the result buffers. At a million groups
/// this skips a dense copy of the whole state, a slot-id array and a hash array.
extension FusedKeyTable {
    /// One column per aggregate for groups 0..<groupCount in first-seen order, or nil when an aggregate
    /// needs its exported accumulator (AVG, SUM over DOUBLE, retractions).
    func directResults(_ specs: [AggregateSpec], resultTypes: [DataType]) -> [Column]? {
        guard rows.rowsField == nil, specs.count == rows.fields.count else { return nil }
        var offsets: [Int] = []
        for (i, field) in rows.fields.enumerated() {
            switch field.kind {
            case .countRows, .countValues:
                offsets.append(field.offset)
            case .sum(.int64) where specs[i].function == .sum && resultTypes[i] == .int64:
                offsets.append(field.offset)
                offsets.append(field.offset + 1)
            default:
                return nil
            }
        }
        let n = groupCount
        let words = gatherLogged(offsets)
        func column(_ j: Int) -> Buffer { words.slice(Int64.self, from: j * n, count: n) }
        var columns: [Column] = []
        var j = 0
        for field in rows.fields {
            if case .sum = field.kind {
                columns.append(Column(type: .int64, count: n, storage: .fixed(column(j)), validity: Accumulators.validity(column(j + 1), n)))
                j += 2
            } else {
                columns.append(Column(type: .int64, count: n, storage: .fixed(column(j))))
                j += 1
            }
        }
        return columns
    }

    /// Words `offsets` of every group's slot, groups 0..<groupCount in first-seen order: column j (n
    /// words) holds word `offsets[j]`. One pass over the key log, which finds each group's slot.
    func gatherLogged(_ offsets: [Int]) -> Buffer {
        let n = groupCount
        let k = offsets.count
        var out = MutableBuffer(uninitializedCount: n * k, of: Int64.self)
        let q = probeState
        let complete = n == 0 || k == 0 || rows.words.withUnsafeBufferPointer { slots in
            keys.withUnsafeBufferPointer { log in
                offsets.withUnsafeBufferPointer { o in
                    out.withUnsafeMutableBufferPointer(as: Int64.self) { w in
                        // SAFETY: the slot array holds capacity + 2 slots, the log ≥ n keys (groupCount ≤
                        // keys.count), every offset is inside a slot, and `w` holds k × n words.
                        FusedKeyTable.gatherLogged(q, slots.baseAddress!, log.baseAddress!, n, o.baseAddress!, k,
                                                   w.baseAddress!)
                    }
                }
            }
        }
        precondition(complete, "FusedKeyTable: a logged key was missing from the table")
        return out.freeze()
    }

    /// The partial state (`HashAggregator.partialSchema` columns after the key: `$rows` when the rows
    /// keep it, i.e. with retractions, then each aggregate's state) of groups 0..<groupCount, read from
    /// the slots in one pass: every state column is one slot word (COUNT: the count; SUM/AVG: the
    /// sum, as BIGINT or DOUBLE bits, then the count). nil when a state column is not such a word.
    /// `stateTypes` are the types of `$rows` and the state columns.
    func stateColumns(_ stateTypes: [DataType]) -> [Column]? {
        var offsets: [Int] = []
        for field in rows.fields {
            offsets.append(field.offset)
            if case .sum = field.kind { offsets.append(field.offset + 1) }
        }
        guard stateTypes.count == offsets.count + 1, stateTypes.allSatisfy({ $0 == .int64 || $0 == .float64 }) else { return nil }
        if let r = rows.rowsField { offsets.insert(r.offset, at: 0) }
        let n = groupCount
        let words = gatherLogged(offsets)
        let types = rows.rowsField == nil ? stateTypes.dropFirst() : stateTypes[...]
        return zip(offsets.indices, types).map { j, type in
            Column(type: type, count: n, storage: .fixed(words.slice(Int64.self, from: j * n, count: n)))
        }
    }
}
