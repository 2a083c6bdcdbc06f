/// Whole-word helpers for the bit vectors that predicate kernels produce: constant masks, AND with a
/// validity bitmap, and building a `Bitmap` or BOOLEAN column from a word buffer.
///
/// Every word buffer made here has `Bitmap.wordCount(count)` words with the bits past `count` cleared,
/// so that population counts and word-wise NOT need no special tail handling by their callers.
enum BitmapWords {
    /// `count` bits, all set to `value`.
    static func constant(_ value: Bool, count: Int) -> MutableBuffer {
        var words = MutableBuffer(zeroedCount: Bitmap.wordCount(count), of: UInt64.self)
        if value {
            words.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                for i in 0..<w.count { w[i] = ~0 }
            }
            clearTail(&words, count: count)
        }
        return words
    }

    /// Clears the bits past `count` in the last word.
    static func clearTail(_ words: inout MutableBuffer, count: Int) {
        let tail = count & 63
        guard tail != 0 else { return }
        words.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
            w[w.count - 1] &= (UInt64(1) << UInt64(tail)) - 1
        }
    }

    /// `words &= bitmap` word by word (nothing to do when the bitmap is nil, meaning all set).
    static func and(_ words: inout MutableBuffer, _ bitmap: Bitmap?) {
        guard let bitmap else { return }
        bitmap.withAlignedWords { b in
            words.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                for i in 0..<b.count { w[i] &= b[i] }
            }
        }
    }

    /// `words = ~words`, keeping the bits past `count` cleared.
    static func invert(_ words: inout MutableBuffer, count: Int) {
        words.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
            for i in 0..<w.count { w[i] = ~w[i] }
        }
        clearTail(&words, count: count)
    }

    /// The intersection of two validity bitmaps (nil means all valid).
    static func and(_ a: Bitmap?, _ b: Bitmap?) -> Bitmap? {
        guard let a else { return b }
        guard let b else { return a }
        var words = MutableBuffer(uninitializedCount: Bitmap.wordCount(a.count), of: UInt64.self)
        a.withAlignedWords { x in
            b.withAlignedWords { y in
                words.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                    for i in 0..<w.count { w[i] = x[i] & y[i] }
                }
            }
        }
        return Bitmap(words: words.freeze(), count: a.count)
    }

    /// A copy of the bitmap's bits as a word buffer starting at bit 0 (for in-place word kernels).
    static func copy(_ bitmap: Bitmap) -> MutableBuffer {
        var words = MutableBuffer(uninitializedCount: Bitmap.wordCount(bitmap.count), of: UInt64.self)
        bitmap.withAlignedWords { src in
            words.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                for i in 0..<w.count { w[i] = src[i] }
            }
        }
        return words
    }

    /// A separate copy of a word buffer (a `MutableBuffer` copy shares its storage, so kernels that
    /// keep one version and change the other need this).
    static func duplicate(_ words: MutableBuffer, count: Int) -> MutableBuffer {
        let n = Bitmap.wordCount(count)
        var out = MutableBuffer(uninitializedCount: n, of: UInt64.self)
        out.withUnsafeMutableBufferPointer(as: UInt64.self) { o in
            for i in 0..<n { o[i] = words.load(UInt64.self, at: i) }
        }
        return out
    }

    /// A BOOLEAN column with these value bits and validity.
    static func booleanColumn(_ words: consuming MutableBuffer, count: Int, validity: Bitmap?) -> Column {
        Column(type: .boolean, count: count, storage: .bits(Bitmap(words: words.freeze(), count: count)),
               validity: validity)
    }

    /// A BOOLEAN column of `count` NULLs.
    static func allNullColumn(count: Int) -> Column {
        booleanColumn(constant(false, count: count), count: count, validity: Bitmap(repeating: false, count: count))
    }
}
