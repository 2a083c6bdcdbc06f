import SluiceColumnar

/// Expiry cleanup, clearing and enumeration of a state's entries.
extension StateStore {
    /// Whether record `r` is live (not on the free list).
    func isLive(record r: Int) -> Bool {
        table.entries.load(UInt32.self, at: table.recordOffset(r) + EntryLayout.keyLengthAt) != EntryLayout.freeRecord
    }

    /// Incremental cleanup: examines the next `ttl.cleanupPerAccess` records after the cursor and
    /// removes the expired ones (bounded work per access).
    func cleanupStep() {
        guard let ttl, ttl.cleanupPerAccess > 0 else { return }
        let records = table.recordCount
        guard records > 0 else { return }
        let now = backend.clock.now(ttl.timeCharacteristic)
        var r = cache.cleanupCursor
        for _ in 0..<min(ttl.cleanupPerAccess, records) {
            if r >= records { r = 0 }
            removeIfExpired(record: r, now: now)
            r += 1
        }
        cache.cleanupCursor = r
    }

    /// Removes every expired entry (at snapshot time); returns how many.
    @discardableResult
    func cleanupAll() -> Int {
        guard let ttl else { return 0 }
        let now = backend.clock.now(ttl.timeCharacteristic)
        var removed = 0
        for r in 0..<table.recordCount where removeIfExpired(record: r, now: now) { removed += 1 }
        return removed
    }

    @discardableResult
    private func removeIfExpired(record r: Int, now: Int64) -> Bool {
        guard isLive(record: r),
              table.loadSlot(Int64.self, slot: table.slotOffset(record: r), field: StateDescriptor.expiryField) <= now
        else { return false }
        removeLiveRecord(r)
        return true
    }

    /// Removes live record `r`, finding its index bucket by its hash.
    func removeLiveRecord(_ r: Int) {
        let hash = table.entries.load(UInt64.self, at: table.recordOffset(r) + EntryLayout.hashAt)
        let bucket = table.index.probe(hash: hash) { $0 == r }.bucket
        removeRecord(r, bucket: bucket)
    }

    /// Removes every entry of this state (all keys and namespaces).
    func clearAll() {
        for r in 0..<table.recordCount where isLive(record: r) { removeLiveRecord(r) }
    }

    /// The live (not expired) entries of a key group: entry key bytes and slot.
    func liveEntries(inKeyGroup group: Int) -> [StateEntry] {
        let now = ttl.map { backend.clock.now($0.timeCharacteristic) }
        return table.entries(inKeyGroup: group).filter { entry in
            guard let now else { return true }
            return table.loadSlot(Int64.self, slot: entry.slot, field: StateDescriptor.expiryField) > now
        }
    }

    /// The distinct (key, namespace) pairs with live entries in a key group.
    func keys(inKeyGroup group: Int) -> [StateKey] {
        var seen = Set<[UInt8]>()
        var out: [StateKey] = []
        for entry in liveEntries(inKeyGroup: group) {
            let composite = descriptor.kind == .map ? StateKeyLayout.splitLast(entry.key)?.0 : entry.key
            guard let composite, seen.insert(composite).inserted,
                  let (key, namespace) = StateKeyLayout.split(composite) else { continue }
            out.append(StateKey(key: key, namespace: namespace))
        }
        return out
    }
}

/// A key and namespace that hold state, as enumerated per key group.
public struct StateKey: Hashable, Sendable {
    public let key: [UInt8]
    /// Empty for the default namespace.
    public let namespace: [UInt8]

    public init(key: [UInt8], namespace: [UInt8] = []) {
        self.key = key
        self.namespace = namespace
    }
}
