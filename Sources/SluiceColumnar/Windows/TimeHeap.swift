/// A binary min-heap of (time, id) pairs in one flat array: the due list of session windows and of
/// timers.
///
/// Entries order by time, then id, so equal times pop in a deterministic order. Two `Int64`/`Int32`
/// arrays, no object per entry; `entries` exposes them for snapshots and `init(entries:)` rebuilds
/// the heap from them.
public struct TimeHeap: Sendable {
    public private(set) var times: [Int64] = []
    public private(set) var ids: [Int32] = []

    public init() {}

    /// A heap holding `entries` (in any order).
    public init(entries: [(time: Int64, id: Int32)]) {
        for e in entries { push(time: e.time, id: e.id) }
    }

    public var count: Int { times.count }
    public var isEmpty: Bool { times.isEmpty }

    /// The smallest entry.
    public var top: (time: Int64, id: Int32)? { times.isEmpty ? nil : (times[0], ids[0]) }

    /// Every entry, in heap (not sorted) order.
    public var entries: [(time: Int64, id: Int32)] { zip(times, ids).map { ($0, $1) } }

    @inline(__always)
    func less(_ a: Int, _ b: Int) -> Bool { times[a] < times[b] || (times[a] == times[b] && ids[a] < ids[b]) }

    mutating func swapAt(_ a: Int, _ b: Int) {
        times.swapAt(a, b)
        ids.swapAt(a, b)
    }

    public mutating func push(time: Int64, id: Int32) {
        times.append(time)
        ids.append(id)
        var i = times.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard less(i, p) else { break }
            swapAt(i, p)
            i = p
        }
    }

    /// Removes the smallest entry (no-op when empty).
    public mutating func pop() {
        guard !times.isEmpty else { return }
        let last = times.count - 1
        swapAt(0, last)
        times.removeLast()
        ids.removeLast()
        var i = 0
        let n = times.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n && less(l, m) { m = l }
            if r < n && less(r, m) { m = r }
            if m == i { break }
            swapAt(i, m)
            i = m
        }
    }
}
