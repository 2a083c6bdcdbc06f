import CShims

/// The finish loop behind `FusedKeyTable.directResults`: result columns straight from the slots.
extension FusedKeyTable {
    /// For every group g in first-seen order (`log[g]` its key), word `offsets[j]` of its slot goes to
    /// `out[j * n + g]`. One pass: hash the key, find its slot (read-only; every logged key is in the
    /// table), copy the words; the slot of a key `prefetchDistance` groups ahead is prefetched.
    /// Returns false (with `out` partly written) if a logged key was missing: the table is corrupt.
    ///
    /// Callers pass `base` = capacity + 2 slots of `q.stride` words, `log` ≥ n keys, `offsets` k word
    /// offsets below `q.stride`, and `out` k × n words.
    @inline(never)
    static func gatherLogged(_ q: ProbeState, _ base: UnsafePointer<Int64>, _ log: UnsafePointer<Int64>, _ n: Int,
                             _ offsets: UnsafePointer<Int>, _ k: Int, _ out: UnsafeMutablePointer<Int64>) -> Bool {
        let d = q.prefetch ? prefetchDistance : 0
        for g in 0..<min(d, n) { sluice_prefetch(homeSlot(base, log[g], q)) }
        for g in 0..<n {
            if d > 0 && g &+ d < n { sluice_prefetch(homeSlot(base, log[g &+ d], q)) }
            let s: Int
            if g == q.nullGroup {
                s = q.capacity
            } else if g == q.markGroup {
                s = q.capacity &+ 1
            } else {
                let stored = UInt64(bitPattern: log[g]) ^ keyMark
                var i = Int(truncatingIfNeeded: slotHash(log[g]) >> q.shift)
                while true {
                    let w = UInt64(bitPattern: base[i &* q.stride])
                    if w == stored { break }
                    if w == 0 { return false }
                    i = (i &+ 1) & q.mask
                }
                s = i
            }
            let slot = base + s &* q.stride
            for j in 0..<k { out[j &* n &+ g] = slot[offsets[j]] }
        }
        return true
    }

    /// The home slot of `key` (for prefetching).
    @inline(__always)
    static func homeSlot(_ base: UnsafePointer<Int64>, _ key: Int64, _ q: ProbeState) -> UnsafePointer<Int64> {
        base + Int(truncatingIfNeeded: slotHash(key) >> q.shift) &* q.stride
    }
}
