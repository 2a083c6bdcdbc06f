import SluiceColumnar

/// The rows a streaming aggregate emitted last, and the changelog that turns them into a new result.
///
/// A `HashAggregator` numbers its groups densely in first-seen order and never drops one (no
/// retractions), so `finish()` row `g` is group `g` and a later result only appends rows. `changes`
/// compares the new result with the kept one: rows past the old count are new groups (+I); older rows
/// whose aggregate values differ (NULL-aware) become a -U carrying the exact previously emitted values
/// followed by a +U with the new ones. Unchanged groups emit nothing, as in Flink's `GroupAggFunction`.
///
/// Cost: one comparison kernel per aggregate column over every group per emission, plus a gather of
/// the changed rows; the kept result is one batch of all groups.
struct AggregateChangelog {
    /// Leading key columns, which are equal by construction and not compared.
    let keyCount: Int
    private(set) var previous: RecordBatch?

    init(keyCount: Int) { self.keyCount = keyCount }

    /// The changelog from the kept result to `current` (dense, group order), or nil when nothing
    /// changed; `current` becomes the kept result.
    mutating func changes(to current: RecordBatch) throws(SluiceError) -> RecordBatch? {
        let old = previous?.count ?? 0
        let n = current.count
        guard n >= old else {
            throw .internalError("aggregate result shrank from \(old) to \(n) groups; groups are never dropped")
        }
        let changed = try previous.map { (p: RecordBatch) throws(SluiceError) in try changedRows(p, current) } ?? []
        var indices: [Int] = []
        var kinds: [UInt8] = []
        for g in 0..<n {
            if g >= old {
                indices.append(old + g)
                kinds.append(RowKind.insert.rawValue)
            } else if changed[g] {
                indices.append(g)
                indices.append(old + g)
                kinds.append(RowKind.updateBefore.rawValue)
                kinds.append(RowKind.updateAfter.rawValue)
            }
        }
        let both = try previous.map { (p: RecordBatch) throws(SluiceError) in try Concatenate.batches([p, current]) } ?? current
        previous = current
        guard !indices.isEmpty else { return nil }
        let rows = SelectionVector(indices)
        return try RecordBatch(schema: current.schema, columns: both.columns.map { Take.take($0, rows) },
                               count: indices.count, rowKinds: Buffer(kinds))
    }

    /// Whether each kept row differs from the same group in `current` in any aggregate column.
    private func changedRows(_ old: RecordBatch, _ current: RecordBatch) throws(SluiceError) -> [Bool] {
        let n = old.count
        var changed = [Bool](repeating: false, count: n)
        for c in keyCount..<old.columns.count {
            let a = old.columns[c], b = current.columns[c].slice(0, n)
            let notEqual = try Comparison.compare(a, .notEqual, b).booleanValues
            let nullable = a.hasNulls || b.hasNulls
            for g in 0..<n where !changed[g] {
                if nullable {
                    let an = a.isNull(g), bn = b.isNull(g)
                    changed[g] = an != bn || (!an && notEqual[g])
                } else {
                    changed[g] = notEqual[g]
                }
            }
        }
        return changed
    }
}
