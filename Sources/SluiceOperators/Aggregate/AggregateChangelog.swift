import SluiceColumnar

/// The rows a streaming aggregate emitted last, and the changelog that turns them into a new result.
///
/// A `HashAggregator` numbers its groups densely in first-seen order and never drops one (no
/// retractions), so `finish()` row `g` is group `g` and a later result only appends rows. `changes`
/// compares the new result with the kept one: rows past the old count are new groups (+I); older rows
/// whose aggregate values differ (NULL-aware) become a -U carrying the exact previously emitted values
/// followed by a +U with the new ones. Unchanged groups emit nothing, as in Flink's `GroupAggFunction`.
///
/// Cost: the comparison kernels run over the groups the aggregator touched since the last emission
/// (`TouchedGroups`; every group when it cannot tell), then gathers of the changed rows only; the
/// kept result is one batch of all groups, and producing the new result still reads every group.
struct AggregateChangelog {
    /// Leading key columns, which are equal by construction and not compared.
    let keyCount: Int
    private(set) var previous: RecordBatch?

    init(keyCount: Int) { self.keyCount = keyCount }

    /// Takes `result` as already emitted (after a restore).
    mutating func assumeEmitted(_ result: RecordBatch) { previous = result }

    /// The changelog from the kept result to `current` (dense, group order), or nil when nothing
    /// changed; `current` becomes the kept result.
    mutating func changes(to current: RecordBatch, touched: TouchedGroups = TouchedGroups(all: true)) throws(SluiceError) -> RecordBatch? {
        let old = previous?.count ?? 0
        let n = current.count
        guard n >= old else {
            throw .internalError("aggregate result shrank from \(old) to \(n) groups; groups are never dropped")
        }
        let changed = try previous.map { (p: RecordBatch) throws(SluiceError) in try changedRows(p, current, touched) } ?? []
        // Gather only the rows that change: old values of updated groups, new values of updated and new
        // groups; then interleave them into -U/+U pairs and +I rows, in group order.
        var oldRows: [Int] = [], newRows: [Int] = []
        var order: [(old: Int?, new: Int)] = []
        for g in 0..<n where g >= old || changed[g] {
            if g < old {
                order.append((oldRows.count, newRows.count))
                oldRows.append(g)
            } else {
                order.append((nil, newRows.count))
            }
            newRows.append(g)
        }
        let kept = previous
        previous = current
        guard !newRows.isEmpty else { return nil }
        var indices: [Int] = []
        var kinds: [UInt8] = []
        let offset = oldRows.count
        for (o, c) in order {
            if let o {
                indices += [o, offset + c]
                kinds += [RowKind.updateBefore.rawValue, RowKind.updateAfter.rawValue]
            } else {
                indices.append(offset + c)
                kinds.append(RowKind.insert.rawValue)
            }
        }
        let fresh = current.withSelection(SelectionVector(newRows)).compacted()
        let both = oldRows.isEmpty ? fresh
            : try Concatenate.batches([kept!.withSelection(SelectionVector(oldRows)).compacted(), fresh])
        let rows = SelectionVector(indices)
        return try RecordBatch(schema: current.schema, columns: both.columns.map { Take.take($0, rows) },
                               count: indices.count, rowKinds: Buffer(kinds))
    }

    /// Whether each kept row differs from the same group in `current`: only the touched groups are
    /// compared (gathered first, so the comparison kernels run on them alone); the others kept their
    /// state, so their result is unchanged.
    private func changedRows(_ old: RecordBatch, _ current: RecordBatch, _ touched: TouchedGroups) throws(SluiceError) -> [Bool] {
        let columns = keyCount..<old.columns.count
        if touched.all { return try RowDifference.changedRows(old, current, columns: columns) }
        let candidates = touched.groups(below: old.count)
        var changed = [Bool](repeating: false, count: old.count)
        guard !candidates.isEmpty else { return changed }
        // Only the compared (aggregate) columns are gathered; the keys are equal by construction.
        let rows = SelectionVector(candidates)
        let compared = old.schema.project(Array(columns))
        func gather(_ batch: RecordBatch) throws(SluiceError) -> RecordBatch {
            try RecordBatch(schema: compared, columns: columns.map { Take.take(batch.columns[$0], rows) }, count: candidates.count)
        }
        let (before, after) = (try gather(old), try gather(current))
        for (i, differs) in try RowDifference.changedRows(before, after, columns: 0..<compared.count).enumerated() where differs {
            changed[candidates[i]] = true
        }
        return changed
    }
}
