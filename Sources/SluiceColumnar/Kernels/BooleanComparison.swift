/// Comparisons of BOOLEAN values, done 64 rows at a time on the packed bits (FALSE < TRUE, as Java's
/// `Boolean.compare`, which Flink uses for ordering booleans).
///
/// A comparison of two bits has four possible input pairs; the result word is the OR, over the pairs
/// for which the operator holds, of the rows having that pair: `(x ? a : ~a) & (y ? b : ~b)`.
enum BooleanComparison {
    /// `values op literal` for every row (computed through nulls).
    static func words(_ values: Bitmap, _ op: ComparisonOperator, _ literal: Bool) -> MutableBuffer {
        let whenFalse: UInt64 = op.evaluate(0, literal ? 1 : 0) ? ~0 : 0
        let whenTrue: UInt64 = op.evaluate(1, literal ? 1 : 0) ? ~0 : 0
        var out = MutableBuffer(uninitializedCount: Bitmap.wordCount(values.count), of: UInt64.self)
        values.withAlignedWords { a in
            out.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                for i in 0..<w.count { w[i] = (a[i] & whenTrue) | (~a[i] & whenFalse) }
            }
        }
        BitmapWords.clearTail(&out, count: values.count)
        return out
    }

    /// `lhs op rhs` row by row (computed through nulls); both bitmaps have the same count.
    static func words(_ lhs: Bitmap, _ op: ComparisonOperator, _ rhs: Bitmap) -> MutableBuffer {
        // masks[x * 2 + y] is all ones when `x op y` holds for bits x, y.
        let masks: [UInt64] = [(0, 0), (0, 1), (1, 0), (1, 1)].map { op.evaluate($0.0, $0.1) ? ~0 : 0 }
        let (ff, ft, tf, tt) = (masks[0], masks[1], masks[2], masks[3])
        var out = MutableBuffer(uninitializedCount: Bitmap.wordCount(lhs.count), of: UInt64.self)
        lhs.withAlignedWords { a in
            rhs.withAlignedWords { b in
                out.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                    for i in 0..<w.count {
                        let x = a[i], y = b[i]
                        w[i] = (~x & ~y & ff) | (~x & y & ft) | (x & ~y & tf) | (x & y & tt)
                    }
                }
            }
        }
        BitmapWords.clearTail(&out, count: lhs.count)
        return out
    }
}
