/// The open session windows of every key: flat arrays indexed by session id, recycled through a
/// free list, so memory follows open sessions rather than history.
///
/// ## Layout
/// ```
///  keyHead[keyId] ──▶ sid ──nextInKey──▶ sid ──▶ -1       (a key's sessions, usually one)
///  per sid:  start  end  keyOf  nextInKey  parent  phase  dirty  queuedAt
///  heap: (due time, sid), one live entry per session at its `queuedAt` (stale entries are skipped)
/// ```
/// A session is `[start, end)` with `end = last row time + gap`. A row at `t` is the window
/// `[t, t + gap)`; windows that intersect (Flink's rule: touching counts) merge. When a row bridges
/// two sessions the later one is *merged* into the earlier (`parent`), and its accumulator rows are
/// folded into the survivor at the next compaction (`SessionWindowAggregator`).
///
/// ## Time
/// A session is due to emit when the watermark reaches `end - 1` and is freed when it reaches
/// `end - 1 + allowedLateness`; between the two, rows may still update it (it is then `dirty` and
/// emitted again at the next watermark).
struct SessionSet: Sendable {
    /// `retired`: expired, but its accumulator rows are still in the aggregator (freed at the next
    /// compaction, so its id is not reused while rows carry it).
    enum Phase: UInt8, Sendable { case free, open, merged, retired }

    let gap: Int64
    let lateness: Int64
    var start: [Int64] = []
    var end: [Int64] = []
    var keyOf: [Int32] = []
    var nextInKey: [Int32] = []
    var parent: [Int32] = []
    var phase: [Phase] = []
    var dirty: [Bool] = []
    var queuedAt: [Int64] = []
    var freeIds: [Int32] = []
    var keyHead: [Int32] = []
    var heap = TimeHeap()
    /// Sessions in phase `.open`.
    private(set) var openCount = 0

    init(gap: Int64, lateness: Int64) {
        self.gap = gap
        self.lateness = lateness
    }

    /// Session ids allocated (open, merged or free).
    var capacity: Int { start.count }

    mutating func ensureKeys(_ count: Int) {
        if keyHead.count < count { keyHead.append(contentsOf: repeatElement(-1, count: count - keyHead.count)) }
    }

    /// The session that row time `t` of key `key` belongs to after merging, or -1 when the row is late
    /// (its window would already be freed: `t + gap - 1 + lateness <= watermark`).
    mutating func assign(key: Int32, time t: Int64, watermark: Int64) -> Int32 {
        var lo = t, hi = t &+ gap
        var target: Int32 = -1
        var changed = true
        while changed {
            changed = false
            var s = keyHead[Int(key)]
            while s >= 0 {
                let i = Int(s)
                let next = nextInKey[i]
                if s != target && start[i] <= hi && end[i] >= lo {
                    lo = min(lo, start[i])
                    hi = max(hi, end[i])
                    if target < 0 { target = s } else { absorb(s, into: target) }
                    changed = true
                }
                s = next
            }
            if target >= 0 {
                let i = Int(target)
                if lo < start[i] || hi > end[i] { start[i] = lo; end[i] = hi }
            }
            if target < 0 { break }
        }
        if target < 0 {
            if Self.dueTime(hi &- 1, plus: lateness) <= watermark { return -1 }
            target = allocate(key: key, start: lo, end: hi)
        }
        dirty[Int(target)] = true
        schedule(target, watermark: watermark)
        return target
    }

    /// Queues `sid` at its next due time unless an earlier entry already covers it.
    mutating func schedule(_ sid: Int32, watermark: Int64) {
        let i = Int(sid)
        let due = dirty[i] ? end[i] &- 1 : Self.dueTime(end[i] &- 1, plus: lateness)
        if due < queuedAt[i] {
            queuedAt[i] = due
            heap.push(time: due, id: sid)
        }
    }

    static func dueTime(_ t: Int64, plus lateness: Int64) -> Int64 {
        let (r, o) = t.addingReportingOverflow(lateness)
        return o ? .max : r
    }

    /// Unlinks `s` from its key and marks it merged into `target`.
    mutating func absorb(_ s: Int32, into target: Int32) {
        unlink(s)
        phase[Int(s)] = .merged
        parent[Int(s)] = target
        openCount -= 1
    }

    mutating func unlink(_ s: Int32) {
        let key = Int(keyOf[Int(s)])
        if keyHead[key] == s { keyHead[key] = nextInKey[Int(s)]; return }
        var p = keyHead[key]
        while p >= 0 {
            if nextInKey[Int(p)] == s { nextInKey[Int(p)] = nextInKey[Int(s)]; return }
            p = nextInKey[Int(p)]
        }
    }

    mutating func allocate(key: Int32, start s: Int64, end e: Int64) -> Int32 {
        let sid: Int32
        if let reused = freeIds.popLast() {
            sid = reused
            let i = Int(sid)
            (start[i], end[i], keyOf[i], parent[i], phase[i], dirty[i], queuedAt[i]) = (s, e, key, -1, .open, false, .max)
        } else {
            sid = Int32(start.count)
            start.append(s); end.append(e); keyOf.append(key); nextInKey.append(-1)
            parent.append(-1); phase.append(.open); dirty.append(false); queuedAt.append(.max)
        }
        nextInKey[Int(sid)] = keyHead[Int(key)]
        keyHead[Int(key)] = sid
        openCount += 1
        return sid
    }

    /// The open session a (possibly merged) session's rows belong to.
    func root(_ sid: Int32) -> Int32 {
        var s = sid
        while phase[Int(s)] == .merged { s = parent[Int(s)] }
        return s
    }

    /// Pops every session due at `watermark`: those to emit (dirty, `end - 1 <= watermark`) and those
    /// to free afterwards (`end - 1 + lateness <= watermark`). Sessions still open are queued again.
    mutating func due(at watermark: Int64) -> (emit: [Int32], expire: [Int32]) {
        var emit: [Int32] = [], expire: [Int32] = []
        var later: [Int32] = []
        while let top = heap.top, top.time <= watermark {
            heap.pop()
            let i = Int(top.id)
            guard phase[i] == .open, queuedAt[i] == top.time else { continue }
            queuedAt[i] = .max
            if end[i] &- 1 > watermark { later.append(top.id); continue }
            if dirty[i] { emit.append(top.id); dirty[i] = false }
            if Self.dueTime(end[i] &- 1, plus: lateness) <= watermark { expire.append(top.id) } else { later.append(top.id) }
        }
        for sid in later { schedule(sid, watermark: watermark) }
        return (emit, expire)
    }

    /// Takes an expired session out of its key's list, keeping its id until the next compaction.
    mutating func retire(_ sid: Int32) {
        unlink(sid)
        phase[Int(sid)] = .retired
        openCount -= 1
    }

    /// Frees a merged or retired session once the aggregator no longer holds rows under its id.
    mutating func release(merged sid: Int32) {
        phase[Int(sid)] = .free
        freeIds.append(sid)
    }
}
