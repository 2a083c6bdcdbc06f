import SluiceColumnar

/// One registered timer: when it fires, for which key (serialized), in which key group and namespace.
public struct FiredTimer: Sendable, Equatable {
    public var timestamp: Int64
    public var key: [UInt8]
    public var keyGroup: Int32
    /// A window or other scope inside the key (0 when unused).
    public var namespace: Int64
}

/// The timers of one time domain of a keyed operator subtask: deduplicated by (time, key, namespace),
/// popped in timestamp order.
///
/// ## Layout
/// ```
///  slot:   times[]  keyGroups[]  namespaces[]  keyStart[] keyLength[] ──▶ keyBytes (one flat arena)
///  heap:   TimeHeap (time, slot)          index: [TimerID: slot] for dedup and delete
/// ```
/// Flat arrays and a flat heap, no object per timer; freed slots are reused and the key arena is
/// compacted when half of it is garbage. `snapshot()` writes every live timer as bytes and
/// `init(snapshot:)` reads them back (timers with the same time fire in slot order, which a restore
/// preserves because it re-registers them in that order).
public struct KeyedTimers: Sendable {
    struct TimerID: Hashable, Sendable {
        var time: Int64
        var namespace: Int64
        var key: [UInt8]
    }

    var times: [Int64] = []
    var keyGroups: [Int32] = []
    var namespaces: [Int64] = []
    var keyStart: [Int] = []
    var keyLength: [Int] = []
    var keyBytes: [UInt8] = []
    var liveKeyBytes = 0
    var freeSlots: [Int32] = []
    var heap = TimeHeap()
    var index: [TimerID: Int32] = [:]

    public init() {}

    /// Timers registered and not yet fired or deleted.
    public var count: Int { index.count }

    /// The earliest timer's time.
    public var nextTime: Int64? {
        var copy = self
        copy.dropStale()
        return copy.heap.top?.time
    }

    /// Registers a timer; returns false when the same (time, key, namespace) is already registered.
    @discardableResult
    public mutating func register(time: Int64, key: [UInt8], keyGroup: Int32 = 0, namespace: Int64 = 0) -> Bool {
        let id = TimerID(time: time, namespace: namespace, key: key)
        guard index[id] == nil else { return false }
        if keyBytes.count > 4096 && liveKeyBytes * 2 < keyBytes.count { compactKeys() }
        let slot: Int32
        if let free = freeSlots.popLast() {
            slot = free
            (times[Int(slot)], keyGroups[Int(slot)], namespaces[Int(slot)]) = (time, keyGroup, namespace)
            (keyStart[Int(slot)], keyLength[Int(slot)]) = (keyBytes.count, key.count)
        } else {
            slot = Int32(times.count)
            times.append(time); keyGroups.append(keyGroup); namespaces.append(namespace)
            keyStart.append(keyBytes.count); keyLength.append(key.count)
        }
        keyBytes.append(contentsOf: key)
        liveKeyBytes += key.count
        index[id] = slot
        heap.push(time: time, id: slot)
        return true
    }

    /// Deletes a timer; returns false when there was none. Its heap entry is skipped when reached.
    @discardableResult
    public mutating func delete(time: Int64, key: [UInt8], namespace: Int64 = 0) -> Bool {
        guard let slot = index.removeValue(forKey: TimerID(time: time, namespace: namespace, key: key)) else { return false }
        free(slot)
        return true
    }

    /// Removes and returns the earliest timer if it is due (`time <= now`). Call it in a loop: a timer
    /// registered by a firing callback at or before `now` fires in the same loop, in order.
    public mutating func popDue(through now: Int64) -> FiredTimer? {
        dropStale()
        guard let top = heap.top, top.time <= now else { return nil }
        heap.pop()
        let fired = timer(at: Int(top.id))
        index[TimerID(time: fired.timestamp, namespace: fired.namespace, key: fired.key)] = nil
        free(top.id)
        return fired
    }

    /// Every live timer, earliest first.
    public var all: [FiredTimer] {
        index.values.sorted { (times[Int($0)], $0) < (times[Int($1)], $1) }.map { timer(at: Int($0)) }
    }

    func timer(at slot: Int) -> FiredTimer {
        let key = Array(keyBytes[keyStart[slot]..<(keyStart[slot] + keyLength[slot])])
        return FiredTimer(timestamp: times[slot], key: key, keyGroup: keyGroups[slot], namespace: namespaces[slot])
    }

    mutating func free(_ slot: Int32) {
        liveKeyBytes -= keyLength[Int(slot)]
        keyLength[Int(slot)] = -1   // marks the heap entry stale
        freeSlots.append(slot)
    }

    /// Pops heap entries of deleted timers (their slot is free, or reused for a different time).
    mutating func dropStale() {
        while let top = heap.top, keyLength[Int(top.id)] < 0 || times[Int(top.id)] != top.time { heap.pop() }
    }

    /// Moves the live keys to the front of a new arena.
    mutating func compactKeys() {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(liveKeyBytes)
        for slot in times.indices where keyLength[slot] >= 0 {
            let start = bytes.count
            bytes.append(contentsOf: keyBytes[keyStart[slot]..<(keyStart[slot] + keyLength[slot])])
            keyStart[slot] = start
        }
        keyBytes = bytes
    }
}
