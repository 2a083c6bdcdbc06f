/// Builds a validity bitmap lazily: no bitmap is allocated until the first null.
public struct ValidityBuilder {
    private var words: MutableBuffer?
    public private(set) var count = 0

    public init() {}

    @inline(__always)
    public mutating func appendValid() {
        // Fast path: no null seen yet, so there is no bitmap to write.
        if words == nil { count += 1 } else { appendSlow(valid: true) }
    }

    public mutating func appendNull() { appendSlow(valid: false) }

    mutating func appendSlow(valid: Bool) {
        if valid && words == nil {
            count += 1
            return
        }
        if words == nil {
            // First null: materialize the all-valid prefix.
            var w = MutableBuffer(zeroedCount: Bitmap.wordCount(max(count + 1, 64)), of: UInt64.self)
            w.withUnsafeMutableBufferPointer(as: UInt64.self) { p in
                for bit in 0..<count { p[bit >> 6] |= 1 << UInt64(bit & 63) }
            }
            words = w
        }
        let wordIndex = count >> 6
        if wordIndex >= words!.byteCount / 8 {
            words!.resize(byteCount: max(words!.byteCount * 2, (wordIndex + 1) * 8))
        }
        if valid {
            let old = words!.load(UInt64.self, at: wordIndex)
            words!.store(old | (1 << UInt64(count & 63)), at: wordIndex)
        }
        count += 1
    }

    /// The bitmap, or nil when every row was valid.
    public consuming func finish() -> Bitmap? {
        guard var w = words else { return nil }
        let needed = Bitmap.wordCount(count) * 8
        if w.byteCount < needed { w.resize(byteCount: needed) }
        return Bitmap(words: w.freeze(), count: count)
    }
}
