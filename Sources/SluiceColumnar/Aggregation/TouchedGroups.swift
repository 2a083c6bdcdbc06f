/// The groups an aggregator updated since it was last asked (`HashAggregator.takeTouchedGroups`), so
/// a streaming aggregate compares only those with what it emitted before.
///
/// One bit per group. `all` stands for every group: the fused single-integer-key table updates its
/// slots without naming group ids, and with retractions the emitted rows are not one per group.
public struct TouchedGroups: Sendable {
    public private(set) var all = false
    private var words: [UInt64] = []

    public init(all: Bool = false) { self.all = all }

    /// Marks the groups of the rows `groupIds` gives (only the selected rows when there is a selection).
    mutating func mark(_ groupIds: Buffer, selection: SelectionVector?) {
        if all { return }
        groupIds.withUnsafeBufferPointer(as: UInt32.self) { ids in
            if let selection {
                selection.withUnsafeIndices { rows in for row in rows { set(Int(ids[Int(row)])) } }
            } else {
                for id in ids { set(Int(id)) }
            }
        }
    }

    mutating func markAll() { all = true }

    private mutating func set(_ group: Int) {
        let word = group >> 6
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: max(word + 1 - words.count, words.count))) }
        words[word] |= 1 << UInt64(group & 63)
    }

    /// Whether group `group` was touched.
    public func contains(_ group: Int) -> Bool {
        if all { return true }
        let word = group >> 6
        return word < words.count && words[word] & (1 << UInt64(group & 63)) != 0
    }

    /// The touched groups below `limit`, ascending.
    public func groups(below limit: Int) -> [Int] {
        var out: [Int] = []
        for (w, word) in words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                let g = w << 6 | bits.trailingZeroBitCount
                if g >= limit { return out }
                out.append(g)
                bits &= bits - 1
            }
        }
        return out
    }
}
