/// Which rows changed between two versions of the same dense table (row `i` of both is the same
/// entity, e.g. an aggregate's group `i`).
public enum RowDifference {
    /// For each row of `old`, whether it differs from row `i` of `current` in any of `columns`.
    /// NULL equals NULL; a NaN is never equal, so it counts as changed (never missed). `current` may
    /// have more rows than `old`; those are not looked at. Both batches must be dense (no selection).
    public static func changedRows(_ old: RecordBatch, _ current: RecordBatch, columns: Range<Int>) throws(SluiceError) -> [Bool] {
        let n = old.count
        guard current.count >= n, old.selection == nil, current.selection == nil else {
            throw .internalError("row difference needs dense batches with the new one at least as long (\(n) old rows, \(current.count) new)")
        }
        var changed = [Bool](repeating: false, count: n)
        for c in columns {
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
