import CShims

/// The loops behind `FusedKeyTable` on raw slot pointers.
///
/// Callers pass `base` = the slot array (capacity + 2 slots of `stride` words) and make sure the key log
/// has room for every group a call can add; probes stay inside slots 0 ..< capacity (`& mask`), the
/// NULL and mark slots are `capacity` and `capacity + 1`.
extension FusedKeyTable {
    /// The table's scalars, copied into locals for a kernel and written back after it.
    struct ProbeState {
        let stride: Int
        let capacity: Int
        let shift: UInt64
        /// Hash slots in use at which an insert must stop for growth.
        let limit: Int
        var occupied: Int
        var groups: Int
        var nullGroup: Int
        var markGroup: Int

        var mask: Int { capacity &- 1 }
        var prefetch: Bool { capacity &* stride &* 8 > FusedKeyTable.prefetchBytes }
    }

    var probeState: ProbeState {
        ProbeState(stride: rows.stride, capacity: capacity, shift: shift, limit: limit, occupied: occupied,
                   groups: groupCount, nullGroup: nullGroup, markGroup: markGroup)
    }

    mutating func store(_ p: ProbeState) {
        occupied = p.occupied
        groupCount = p.groups
        nullGroup = p.nullGroup
        markGroup = p.markGroup
    }

    /// Slots ahead whose home the probe loops prefetch: about one DRAM latency of iterations.
    static let prefetchDistance = 24

    /// Prefetches the home slot of `hash`. (Also prefetching the next slot, for probes that run on into
    /// the next line, was slower: the extra prefetches filled the miss queue.)
    @inline(__always)
    static func prefetchSlot(_ base: UnsafeMutablePointer<Int64>, _ hash: UInt64, _ q: ProbeState) {
        sluice_prefetch(base + Int(truncatingIfNeeded: hash >> q.shift) &* q.stride)
    }

    /// Copies `count` words (a slot or row: a few words, where a `memmove` call costs more than the copy).
    @inline(__always)
    static func copyWords(_ dst: UnsafeMutablePointer<Int64>, _ src: UnsafePointer<Int64>, _ count: Int) {
        for w in 0..<count { dst[w] = src[w] }
    }

    /// The slot of a non-NULL key, inserting it (and logging a new group) when absent; nil when an insert
    /// would pass the load limit (nothing changed then).
    @inline(__always)
    static func slot(_ p: inout ProbeState, _ base: UnsafeMutablePointer<Int64>, _ key: Int64, _ hash: UInt64,
                     _ log: UnsafeMutablePointer<Int64>) -> Int? {
        let stored = UInt64(bitPattern: key) ^ keyMark
        if stored == 0 {
            if p.markGroup < 0 { p.markGroup = p.groups; log[p.groups] = key; p.groups &+= 1 }
            return p.capacity &+ 1
        }
        var s = Int(truncatingIfNeeded: hash >> p.shift)
        while true {
            let w = UInt64(bitPattern: base[s &* p.stride])
            if w == stored { return s }
            if w == 0 {
                if p.occupied >= p.limit { return nil }
                base[s &* p.stride] = Int64(bitPattern: stored)
                p.occupied &+= 1
                log[p.groups] = key
                p.groups &+= 1
                return s
            }
            s = (s &+ 1) & p.mask
        }
    }

    /// Dense COUNT(*) + SUM(BIGINT): probe and update in one loop. Returns the index it stopped at (the
    /// end, or the row whose insert needs growth first); `overflow` turns nonzero when a sum overflowed.
    /// Hashes inline (`slotHash` is one multiply: cheaper than a pass through a hash array); the loop
    /// that prefetches `prefetchDistance` rows ahead runs without bounds checks, a short tail after it.
    @inline(never)
    static func probeCountSum(_ p: inout ProbeState, _ base: UnsafeMutablePointer<Int64>,
                              _ keys: UnsafePointer<Int64>, _ values: UnsafePointer<Int64>, _ range: Range<Int>,
                              _ log: UnsafeMutablePointer<Int64>, _ countOffset: Int, _ sumOffset: Int,
                              _ overflow: inout UInt8) -> Int {
        var q = p
        defer { p = q }
        let end = range.upperBound
        let d = q.prefetch ? prefetchDistance : 0
        if d > 0 {
            for j in range.lowerBound..<min(range.lowerBound &+ d, end) { prefetchSlot(base, slotHash(keys[j]), q) }
        }
        var o: UInt8 = 0
        defer { overflow |= o }
        @inline(__always)
        func update(_ i: Int) -> Bool {
            guard let s = slot(&q, base, keys[i], slotHash(keys[i]), log) else { return false }
            let row = base + s &* q.stride
            row[countOffset] &+= 1
            let (r, f) = row[sumOffset].addingReportingOverflow(values[i])
            row[sumOffset] = r
            o |= unsafeBitCast(f, to: UInt8.self)
            row[sumOffset &+ 1] &+= 1
            return true
        }
        var i = range.lowerBound
        if d > 0 {
            while i &+ d < end {
                prefetchSlot(base, slotHash(keys[i &+ d]), q)
                if !update(i) { return i }
                i &+= 1
            }
        }
        while i < end {
            if !update(i) { return i }
            i &+= 1
        }
        return end
    }

    /// The slot of every logical row (`ids[row]`; `rows` maps logical to physical rows, `validity` marks
    /// non-NULL keys). The caller reserved room for every row, so no insert stops.
    @inline(never)
    static func probeSlots(_ p: inout ProbeState, _ base: UnsafeMutablePointer<Int64>, _ hashes: UnsafePointer<UInt64>,
                           _ keys: UnsafePointer<Int64>, _ rows: UnsafePointer<UInt32>?, _ validity: UnsafePointer<UInt64>?,
                           _ n: Int, _ log: UnsafeMutablePointer<Int64>, _ ids: UnsafeMutablePointer<UInt32>) {
        var q = p
        defer { p = q }
        let d = q.prefetch ? prefetchDistance : 0
        for i in 0..<min(d, n) { prefetchSlot(base, hashes[i], q) }
        for k in 0..<n {
            if d > 0 && k &+ d < n { prefetchSlot(base, hashes[k &+ d], q) }
            let row = rows.map { Int($0[k]) } ?? k
            if let validity, (validity[row >> 6] >> UInt64(row & 63)) & 1 == 0 {
                if q.nullGroup < 0 { q.nullGroup = q.groups; log[q.groups] = 0; q.groups &+= 1 }
                ids[row] = UInt32(truncatingIfNeeded: q.capacity)
                continue
            }
            let s = slot(&q, base, keys[row], hashes[k], log)
            precondition(s != nil, "FusedKeyTable: reserve ran before the probe")
            ids[row] = UInt32(truncatingIfNeeded: s!)
        }
    }

    /// The table's hash of a key: multiply-shift (Fibonacci hashing; the probe loops use the top bits),
    /// after folding the high half into the low one so keys differing only in high bits spread too.
    /// One multiply instead of `Hashing.hashInt`'s two; keys in arithmetic progression (sequential
    /// ids, timestamps, scaled codes) land almost evenly spaced, so their probes rarely run on.
    @inline(__always)
    static func slotHash(_ key: Int64) -> UInt64 {
        let x = UInt64(bitPattern: key)
        return (x ^ (x >> 32)) &* 0x9E37_79B9_7F4A_7C15
    }

    /// `hashes[k]` = the hash of logical row k's key.
    @inline(never)
    static func hashKeys(_ keys: UnsafePointer<Int64>, _ rows: UnsafePointer<UInt32>?, _ n: Int, _ hashes: UnsafeMutablePointer<UInt64>) {
        if let rows {
            for k in 0..<n { hashes[k] = slotHash(keys[Int(rows[k])]) }
        } else {
            for k in 0..<n { hashes[k] = slotHash(keys[k]) }
        }
    }

    /// Moves every occupied slot of `old` into the empty `new` table, in old slot order, plus the NULL and
    /// mark slots.
    @inline(never)
    static func rehash(_ old: UnsafePointer<Int64>, _ oldCapacity: Int, _ new: UnsafeMutablePointer<Int64>, _ newCapacity: Int,
                       _ stride: Int, _ newShift: UInt64) {
        let mask = newCapacity &- 1
        for i in 0..<oldCapacity {
            let src = old + i &* stride
            let w = UInt64(bitPattern: src[0])
            if w == 0 { continue }
            var j = Int(truncatingIfNeeded: slotHash(Int64(bitPattern: w ^ keyMark)) >> newShift)
            while new[j &* stride] != 0 { j = (j &+ 1) & mask }
            copyWords(new + j &* stride, src, stride)
        }
        for extra in 0..<2 {
            (new + (newCapacity &+ extra) &* stride).update(from: old + (oldCapacity &+ extra) &* stride, count: stride)
        }
    }

    /// Dense row g = `width` words of slot `ids[g]` after its key word.
    @inline(never)
    static func gather(_ ids: [UInt32], _ slots: UnsafePointer<Int64>, _ slotStride: Int,
                       _ out: UnsafeMutablePointer<Int64>, _ rowStride: Int, _ width: Int) {
        ids.withUnsafeBufferPointer { ids in
            let n = ids.count
            for g in 0..<n {
                if g &+ prefetchDistance < n { sluice_prefetch(slots + Int(ids[g &+ prefetchDistance]) &* slotStride) }
                let src: UnsafePointer<Int64> = slots + (Int(ids[g]) &* slotStride &+ 1)
                let dst: UnsafeMutablePointer<Int64> = out + g &* rowStride
                copyWords(dst, src, width)
            }
        }
    }
}
