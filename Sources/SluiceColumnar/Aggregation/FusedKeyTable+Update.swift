/// Folding batches and partial state into a `FusedKeyTable`.
///
/// The table's arrays are moved into locals around each kernel call (so the closures do not capture
/// `self`) and moved back after; moving an array leaves the shared empty one behind, so the dense
/// path allocates nothing per batch once its scratch has grown to the batch size.
extension FusedKeyTable {
    /// Folds one batch in (`aggregates` are the specs the table was made for). Returns the index of an
    /// aggregate whose Int64 sum overflowed, if any.
    mutating func consume(_ batch: RecordBatch, keyColumn: Int, aggregates: [AggregateSpec]) -> Int? {
        let key = batch.columns[keyColumn]
        let n = batch.selection?.count ?? batch.physicalCount
        if let countSum, batch.selection == nil, batch.rowKinds == nil, key.validity == nil, n > 0,
           let input = aggregates[countSum.sumAggregate].input, batch.columns[input].validity == nil {
            let values = LaneSlots.widen(batch.columns[input], to: .int64)
            return consumeCountSum(GroupTable.widenedIntegers(key), values, n) ? countSum.sumAggregate : nil
        }
        let ids = slotIds(key, selection: batch.selection)
        let inputs = aggregates.map { spec in spec.input.map { batch.columns[$0] } }
        let filters = aggregates.map { spec in spec.filter.map { HashAggregator.filterBits(batch.columns[$0]) } }
        return rows.update(groupIds: ids, groupCount: 0, inputs: inputs, filters: filters,
                           selection: batch.selection, rowKinds: batch.rowKinds)
    }

    /// Folds `partialState()` rows in: column 0 is the key, then `$rows` and the state columns.
    mutating func merge(_ partial: RecordBatch) -> Int? {
        let ids = slotIds(partial.columns[0], selection: partial.selection)
        return rows.merge(groupIds: ids, groupCount: 0, state: Array(partial.columns[1...]), selection: partial.selection)
    }

    /// The dense COUNT(*) + SUM(BIGINT) path; true when a sum overflowed.
    private mutating func consumeCountSum(_ keyValues: Buffer, _ values: Buffer, _ n: Int) -> Bool {
        let (countOffset, sumOffset, _) = countSum!
        reserveKeys(n)
        let before = groupCount
        var log = keys
        keys = []
        defer { keys = log; lastBatchRows = n; lastBatchNewGroups = groupCount - before }
        var overflow: UInt8 = 0
        keyValues.withUnsafeBufferPointer(as: Int64.self) { k in
            values.withUnsafeBufferPointer(as: Int64.self) { v in
                var start = 0
                while start < n {
                    var p = probeState
                    var words = rows.words
                    rows.words = WordRows.empty
                    start = words.withUnsafeMutableBufferPointer { w in
                        log.withUnsafeMutableBufferPointer { l in
                            // SAFETY: `k` and `v` hold n values each (columns of one batch); the log has room
                            // for n more groups (reserveKeys); slots as the kernel documents.
                            FusedKeyTable.probeCountSum(&p, w.baseAddress!, k.baseAddress!, v.baseAddress!,
                                                        start..<n, l.baseAddress!, countOffset, sumOffset, &overflow)
                        }
                    }
                    rows.words = words
                    store(p)
                    if start < n { resize(to: grownCapacity(rows: start, newGroups: groupCount - before)) }
                }
            }
        }
        return overflow != 0
    }

    /// The slot of every row of `key` (entries of rows outside `selection` are 0), inserting new keys.
    mutating func slotIds(_ key: Column, selection: SelectionVector?) -> Buffer {
        let physical = key.count
        var out = selection == nil ? MutableBuffer(uninitializedCount: physical, of: UInt32.self)
                                   : MutableBuffer(zeroedCount: physical, of: UInt32.self)
        let n = selection?.count ?? physical
        guard n > 0 else { return out.freeze() }
        reserve(additional: n)
        let before = groupCount
        defer { lastBatchRows = n; lastBatchNewGroups = groupCount - before }
        let keyValues = GroupTable.widenedIntegers(key)
        let validity = key.validity?.realigned()
        if hashes.count < n { hashes = [UInt64](repeating: 0, count: n) }
        var h = hashes, log = keys, p = probeState
        var words = rows.words
        hashes = []; keys = []; rows.words = WordRows.empty
        defer { hashes = h; keys = log; rows.words = words; store(p) }
        keyValues.withUnsafeBufferPointer(as: Int64.self) { k in
            (selection?.indices ?? Buffer.empty).withUnsafeBufferPointer(as: UInt32.self) { sel in
                (validity ?? Buffer.empty).withUnsafeBufferPointer(as: UInt64.self) { valid in
                    h.withUnsafeMutableBufferPointer { h in
                        words.withUnsafeMutableBufferPointer { w in
                            log.withUnsafeMutableBufferPointer { l in
                                out.withUnsafeMutableBufferPointer(as: UInt32.self) { ids in
                                    // SAFETY: `k` (and `valid`) cover every physical row, `sel` holds n row
                                    // indices below it, `h` ≥ n; `reserve` made room for n more groups.
                                    let rows = selection == nil ? nil : sel.baseAddress!
                                    FusedKeyTable.hashKeys(k.baseAddress!, rows, n, h.baseAddress!)
                                    FusedKeyTable.probeSlots(&p, w.baseAddress!, h.baseAddress!, k.baseAddress!, rows,
                                                             validity == nil ? nil : valid.baseAddress!, n, l.baseAddress!,
                                                             ids.baseAddress!)
                                }
                            }
                        }
                    }
                }
            }
        }
        return out.freeze()
    }

    /// `ids[g]` = the slot of group g's logged key (every group exists, so nothing is inserted).
    func lookUpLoggedKeys(_ ids: inout [UInt32]) {
        let n = groupCount
        guard n > 0 else { return }
        var validity: [UInt64]?
        if nullGroup >= 0 {
            var words = [UInt64](repeating: ~0, count: (n + 63) / 64)
            words[nullGroup >> 6] &= ~(1 << UInt64(nullGroup & 63))
            validity = words
        }
        var h = [UInt64](repeating: 0, count: n)
        var p = probeState
        let before = p.groups
        let slots = rows.words
        keys.withUnsafeBufferPointer { k in
            h.withUnsafeMutableBufferPointer { h in
                slots.withUnsafeBufferPointer { w in
                    ids.withUnsafeMutableBufferPointer { out in
                        FusedKeyTable.withOptionalPointer(validity) { valid in
                            // SAFETY: the log holds n keys and every one is in the table, so the probe only
                            // reads: nothing is written through the slot or log pointers.
                            let words = UnsafeMutablePointer(mutating: w.baseAddress!)
                            let log = UnsafeMutablePointer(mutating: k.baseAddress!)
                            FusedKeyTable.hashKeys(k.baseAddress!, nil, n, h.baseAddress!)
                            FusedKeyTable.probeSlots(&p, words, h.baseAddress!, k.baseAddress!, nil, valid, n, log, out.baseAddress!)
                        }
                    }
                }
            }
        }
        precondition(p.groups == before, "FusedKeyTable: a logged key was missing from the table")
    }

    static func withOptionalPointer<R>(_ words: [UInt64]?, _ body: (UnsafePointer<UInt64>?) -> R) -> R {
        guard let words else { return body(nil) }
        return words.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
