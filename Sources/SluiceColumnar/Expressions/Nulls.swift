/// Validity bitmap arithmetic shared by expressions and kernels.
public enum Nulls {
    /// `column` with every row that is NULL in `extra` also NULL (validity AND).
    public static func intersect(_ column: Column, _ extra: Bitmap?) throws(SluiceError) -> Column {
        guard let extra else { return column }
        guard let own = column.validity else { return column.withValidity(extra) }
        return column.withValidity(and(own, extra))
    }

    /// Bitwise AND of two bitmaps of equal length.
    public static func and(_ a: Bitmap, _ b: Bitmap) -> Bitmap {
        precondition(a.count == b.count, "bitmaps of different lengths")
        let n = Bitmap.wordCount(a.count)
        var out = MutableBuffer(uninitializedCount: n, of: UInt64.self)
        a.withAlignedWords { x in
            b.withAlignedWords { y in
                out.withUnsafeMutableBufferPointer(as: UInt64.self) { o in
                    for i in 0..<n { o[i] = x[i] & y[i] }
                }
            }
        }
        return Bitmap(words: out.freeze(), count: a.count)
    }
}
