import SluiceColumnar

/// A map per (current key, namespace) (Flink's `MapState`): one state-table entry per user key,
/// so `get`/`put`/`remove` are single lookups; iterating the map scans the current key's key group.
public struct MapState<K, V> {
    let store: StateStore
    let backend: KeyedStateBackend
    public let keySerializer: StateSerializer<K>
    public let valueSerializer: StateSerializer<V>

    public var name: String { store.name }

    /// The value under `key` in the current key's map, nil when absent (or expired).
    public func get(_ key: K) throws(SluiceError) -> V? {
        let userKey = try keySerializer.bytes(of: key)
        let slot = try withBytes(of: userKey) { (k) throws(SluiceError) -> Int? in try store.mapSlot(k, read: true) }
        guard let slot else { return nil }
        return try readValue(slot)
    }

    public func contains(_ key: K) throws(SluiceError) -> Bool { try get(key) != nil }

    /// Sets `key` to `value` in the current key's map.
    public func put(_ key: K, _ value: V) throws(SluiceError) {
        let userKey = try keySerializer.bytes(of: key)
        let bytes = try valueSerializer.bytes(of: value)
        let slot = try withBytes(of: userKey) { (k) throws(SluiceError) -> Int in try store.mapSlotOrInsert(k) }
        if valueSerializer.fixedWidth != nil {
            store.table.entries.write(bytes, at: slot + StateStore.payload)
        } else {
            try withBytes(of: bytes) { (b) throws(SluiceError) in try store.setPayload(slot, b) }
        }
        store.touchWrite(slot)
    }

    /// Removes `key` from the current key's map; returns whether it was there.
    @discardableResult
    public func remove(_ key: K) throws(SluiceError) -> Bool {
        try backend.requireKey(name)
        let userKey = try keySerializer.bytes(of: key)
        return userKey.withUnsafeBytes { store.removeMapEntry($0) }
    }

    /// The live entries of the current key's map (in no particular order).
    public func entries() throws(SluiceError) -> [(key: K, value: V)] {
        var out: [(key: K, value: V)] = []
        for (userKey, slot) in try currentEntries() {
            out.append((try keySerializer.value(of: userKey), try readValue(slot)))
        }
        return out
    }

    public func keys() throws(SluiceError) -> [K] {
        var out: [K] = []
        for (userKey, _) in try currentEntries() { out.append(try keySerializer.value(of: userKey)) }
        return out
    }

    public func isEmpty() throws(SluiceError) -> Bool { try currentEntries().isEmpty }

    /// Removes every entry of the current key's map.
    public func clear() throws(SluiceError) {
        for (userKey, _) in try currentEntries() { userKey.withUnsafeBytes { _ = store.removeMapEntry($0) } }
    }

    /// The keys (and namespaces) holding a non-empty map in `keyGroup`.
    public func keys(inKeyGroup keyGroup: Int) -> [StateKey] { store.keys(inKeyGroup: keyGroup) }

    public func clearAll() { store.clearAll() }

    private func readValue(_ slot: Int) throws(SluiceError) -> V {
        if let width = valueSerializer.fixedWidth {
            return try valueSerializer.value(of: store.table.entries.bytes(at: slot + StateStore.payload, count: width))
        }
        return try valueSerializer.value(of: store.payloadBytes(slot))
    }

    /// Calls `body` with every live entry of `keyGroup`, whatever the current key: the entry's key and
    /// namespace, user key and value (in no particular order). For rebuilding an in-memory index of
    /// the state (e.g. a timer queue) after a restore.
    public func forEachEntry(inKeyGroup keyGroup: Int, _ body: (StateKey, K, V) throws(SluiceError) -> Void) throws(SluiceError) {
        for entry in store.liveEntries(inKeyGroup: keyGroup) {
            guard let (composite, userKey) = StateKeyLayout.splitLast(entry.key),
                  let (key, namespace) = StateKeyLayout.split(composite) else {
                throw SluiceError(.corruptState, "map state '\(name)' has an entry of \(entry.key.count) bytes in key group \(keyGroup) "
                    + "that is not a key, namespace and user key")
            }
            try body(StateKey(key: key, namespace: namespace), try keySerializer.value(of: userKey), try readValue(entry.slot))
        }
    }

    /// (user key bytes, slot) of the current key's live map entries: a scan of its key group.
    private func currentEntries() throws(SluiceError) -> [([UInt8], Int)] {
        try backend.requireKey(name)
        let composite = Array(backend.current.composite)
        var out: [([UInt8], Int)] = []
        for entry in store.liveEntries(inKeyGroup: backend.current.keyGroup) {
            guard let (prefix, userKey) = StateKeyLayout.splitLast(entry.key), prefix == composite else { continue }
            out.append((userKey, entry.slot))
        }
        return out
    }
}
