/// The set of arena chunks written since the last snapshot, as a bitset (one bit per chunk).
///
/// Every write API of `MappedArena` inserts the chunks it touches; a snapshot takes the set and
/// starts over. Inserting is a shift and an OR, cheap enough to do on every slot update.
struct DirtyChunkSet {
    private(set) var words: [UInt64] = []

    /// Marks chunks `first...last` dirty (growing the bitset as needed).
    @inline(__always)
    mutating func insert(first: Int, last: Int) {
        let needed = (last >> 6) + 1
        if needed > words.count { words.append(contentsOf: repeatElement(0, count: needed - words.count)) }
        if first == last {
            words[first >> 6] |= 1 << UInt64(first & 63)
            return
        }
        for chunk in first...last { words[chunk >> 6] |= 1 << UInt64(chunk & 63) }
    }

    mutating func insertAll(chunkCount: Int) {
        guard chunkCount > 0 else { return }
        insert(first: 0, last: chunkCount - 1)
    }

    func contains(_ chunk: Int) -> Bool {
        let w = chunk >> 6
        return w < words.count && (words[w] >> UInt64(chunk & 63)) & 1 == 1
    }

    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// The dirty chunk indices in ascending order.
    var sorted: [Int] {
        var out: [Int] = []
        for (w, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                out.append(w << 6 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return out
    }

    mutating func removeAll() { for i in words.indices { words[i] = 0 } }
}
