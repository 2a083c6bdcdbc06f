/// Turns BOOLEAN predicates and bitmasks into selection vectors, and applies them to batches without
/// copying columns (a consumer that needs dense rows calls `RecordBatch.compacted()`).
public enum Filter {
    /// The ascending rows where `predicate` is TRUE (NULL and FALSE rows are dropped).
    public static func selection(from predicate: Column) throws(SluiceError) -> SelectionVector {
        let words = try trueWords(predicate)
        return selection(words: words.freeze(), count: predicate.count, within: nil)
    }

    /// The ascending rows whose bit is set.
    public static func selection(from mask: Bitmap) -> SelectionVector {
        mask.withAlignedWords { w in selection(words: w, count: mask.count, within: nil) }
    }

    /// Applies a BOOLEAN predicate with one value per physical row: the result keeps the rows that were
    /// selected and whose predicate is TRUE. Columns are shared, not copied.
    public static func filter(_ batch: RecordBatch, _ predicate: Column) throws(SluiceError) -> RecordBatch {
        guard predicate.count == batch.physicalCount else {
            throw .invalidInput("filter predicate has \(predicate.count) rows but the batch has \(batch.physicalCount) physical rows; evaluate the predicate on the batch's columns")
        }
        let words = try trueWords(predicate).freeze()
        if let selection = batch.selection {
            try checkSelection(selection, rows: batch.physicalCount)
            return batch.withSelection(self.selection(words: words, count: predicate.count, within: selection))
        }
        let kept = words.withUnsafeBufferPointer(as: UInt64.self) { w in w.reduce(0) { $0 &+ $1.nonzeroBitCount } }
        if kept == batch.physicalCount { return batch }
        return batch.withSelection(self.selection(words: words, count: predicate.count, within: nil))
    }

    /// Value bits AND validity bits of a BOOLEAN column: 1 exactly where the row is TRUE.
    static func trueWords(_ predicate: Column) throws(SluiceError) -> MutableBuffer {
        guard predicate.type == .boolean else {
            throw .invalidInput("filter predicate must be BOOLEAN, found \(predicate.type); compare the value, e.g. `x <> 0`")
        }
        var words = BitmapWords.copy(predicate.booleanValues)
        BitmapWords.and(&words, predicate.validity)
        return words
    }

    /// The rows set in `words` (`wordCount(count)` words, bits past `count` clear), optionally only
    /// those listed in `within`.
    static func selection(words: Buffer, count: Int, within: SelectionVector?) -> SelectionVector {
        words.withUnsafeBufferPointer(as: UInt64.self) { w in
            selection(words: UnsafeBufferPointer(rebasing: w[0..<Bitmap.wordCount(count)]), count: count, within: within)
        }
    }

    private static func selection(words: UnsafeBufferPointer<UInt64>, count: Int,
                                  within: SelectionVector?) -> SelectionVector {
        var out = MutableBuffer(uninitializedCount: within?.count ?? count, of: UInt32.self)
        let k = out.withUnsafeMutableBufferPointer(as: UInt32.self) { o in
            guard let within else { return UnsafeCompareLoops.selection(fromWords: words, within: nil, into: o.baseAddress!) }
            return within.withUnsafeIndices { UnsafeCompareLoops.selection(fromWords: words, within: $0, into: o.baseAddress!) }
        }
        return SelectionVector(indices: out.freeze(), count: k)
    }

    /// Checks that an input selection vector addresses rows of a column of `rows` rows.
    static func checkSelection(_ selection: SelectionVector, rows: Int) throws(SluiceError) {
        guard selection.count > 0 else { return }
        let last = selection[selection.count - 1]
        guard selection.count <= rows && last < rows else {
            throw .internalError("selection vector of \(selection.count) rows refers to row \(last) of a column of \(rows) rows")
        }
    }
}
