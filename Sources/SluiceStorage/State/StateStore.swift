import SluiceColumnar

/// The table behind one named state and the entry-level operations every state kind shares: find
/// the current entry (cached per key epoch), insert it, remove it, and expire entries by TTL.
///
/// Expiry: a TTL state's slot starts with `expiresAt`; an entry with `expiresAt <= now` is never
/// returned: reading it removes it. Every access also examines `ttl.cleanupPerAccess` records
/// from a rotating cursor and removes the expired ones, and a snapshot removes all of them first.
///
/// Threading: owned by the backend's subtask.
@usableFromInline
final class StateStore {
    struct Cache {
        var epoch = -1
        /// The current entry's slot, -1 when it is absent.
        var slot = -1
        var cleanupCursor = 0
    }

    let descriptor: StateDescriptor
    @usableFromInline let table: StateTable
    @usableFromInline let ttl: StateTTLConfig?
    // SAFETY: a store is reachable only through its backend or through state handles that also
    // hold the backend strongly, so the backend outlives every use of this reference.
    unowned(unsafe) let backend: KeyedStateBackend
    // SAFETY: owned by this store (freed in deinit); addressors skip dynamic exclusivity checks.
    private let cacheStorage: UnsafeMutablePointer<Cache>
    var cache: Cache {
        unsafeAddress { UnsafePointer(cacheStorage) }
        unsafeMutableAddress { cacheStorage }
    }

    init(descriptor: StateDescriptor, table: StateTable, ttl: StateTTLConfig?, backend: KeyedStateBackend) {
        self.descriptor = descriptor
        self.table = table
        self.ttl = ttl
        self.backend = backend
        cacheStorage = .allocate(capacity: 1)
        cacheStorage.initialize(to: Cache())
    }

    deinit {
        cacheStorage.deinitialize(count: 1)
        cacheStorage.deallocate()
    }

    var name: String { descriptor.name }
    @usableFromInline static let payload = StateDescriptor.payloadField

    // MARK: - The current entry

    /// The slot of the current (key, namespace) entry, or nil when absent or expired.
    @usableFromInline @inline(__always)
    func currentSlot(forRead read: Bool) throws(SluiceError) -> Int? {
        try backend.requireKey(self)
        if ttl != nil { cleanupStep() }
        var slot: Int
        if cache.epoch == backend.current.epoch {
            slot = cache.slot
        } else {
            slot = table.find(backend.current.composite, hash: backend.current.hash).record.map { table.slotOffset(record: $0) } ?? -1
            cache.epoch = backend.current.epoch
            cache.slot = slot
        }
        guard slot >= 0 else { return nil }
        return liveSlot(slot, read: read, onRemove: { removeCurrent() })
    }

    /// The slot of the current entry, inserted (zeroed, never expiring until written) when absent.
    @usableFromInline @inline(__always)
    func currentSlotOrInsert() throws(SluiceError) -> Int {
        if let slot = try currentSlot(forRead: false) { return slot }
        let slot = try table.findOrInsert(keyBytes: backend.current.composite, hash: backend.current.hash)
        table.storeSlot(Int64.max, slot: slot, field: StateDescriptor.expiryField)
        cache.epoch = backend.current.epoch
        cache.slot = slot
        return slot
    }

    /// Removes the current entry (freeing its variable-size payload).
    func removeCurrent() {
        guard backend.current.isSet else { return }
        let (bucket, record) = table.find(backend.current.composite, hash: backend.current.hash)
        if let record { removeRecord(record, bucket: bucket) }
        cache.epoch = backend.current.epoch
        cache.slot = -1
    }

    // MARK: - Entries with a user key (map state)

    func mapSlot(_ userKey: UnsafeRawBufferPointer, read: Bool) throws(SluiceError) -> Int? {
        try backend.requireKey(self)
        if ttl != nil { cleanupStep() }
        let (key, hash) = backend.current.mapEntryKey(userKey, maxParallelism: backend.maxParallelism)
        guard let record = table.find(key, hash: hash).record else { return nil }
        return liveSlot(table.slotOffset(record: record), read: read) { removeMapEntry(userKey) }
    }

    func mapSlotOrInsert(_ userKey: UnsafeRawBufferPointer) throws(SluiceError) -> Int {
        if let slot = try mapSlot(userKey, read: false) { return slot }
        let (key, hash) = backend.current.mapEntryKey(userKey, maxParallelism: backend.maxParallelism)
        let slot = try table.findOrInsert(keyBytes: key, hash: hash)
        table.storeSlot(Int64.max, slot: slot, field: StateDescriptor.expiryField)
        cache.epoch = -1   // an insert may reuse the record of a removed entry
        return slot
    }

    @discardableResult
    func removeMapEntry(_ userKey: UnsafeRawBufferPointer) -> Bool {
        let (key, hash) = backend.current.mapEntryKey(userKey, maxParallelism: backend.maxParallelism)
        let (bucket, record) = table.find(key, hash: hash)
        guard let record else { return false }
        removeRecord(record, bucket: bucket)
        return true
    }

    // MARK: - Writes and expiry

    /// Marks a write: refreshes the expiry of a TTL state's entry.
    @usableFromInline @inline(__always)
    func touchWrite(_ slot: Int) {
        guard let ttl else { return }
        table.storeSlot(ttl.expiry(from: backend.clock.now(ttl.timeCharacteristic)), slot: slot, field: StateDescriptor.expiryField)
    }

    /// `slot` unless its entry has expired (then the entry is removed by `onRemove` and nil returned);
    /// a read refreshes the expiry under `.onReadAndWrite`.
    @inline(__always)
    private func liveSlot(_ slot: Int, read: Bool, onRemove: () -> Void) -> Int? {
        guard let ttl else { return slot }
        let now = backend.clock.now(ttl.timeCharacteristic)
        if table.loadSlot(Int64.self, slot: slot, field: StateDescriptor.expiryField) <= now {
            onRemove()
            return nil
        }
        if read && ttl.updateType == .onReadAndWrite {
            table.storeSlot(ttl.expiry(from: now), slot: slot, field: StateDescriptor.expiryField)
        }
        return slot
    }

    /// Removes record `r` (in index bucket `bucket`) and frees its payload.
    func removeRecord(_ r: Int, bucket: Int) {
        let slot = table.slotOffset(record: r)
        if descriptor.variable {
            let handle = table.loadSlot(UInt64.self, slot: slot, field: StateStore.payload)
            if handle != 0 { table.values.free(ValueHandle(rawValue: handle)) }
        }
        let group = Int(table.entries.load(UInt32.self, at: table.recordOffset(r) + EntryLayout.keyGroupAt))
        table.removeRecord(r, bucket: bucket, group: group)
        cache.epoch = -1
    }

    // MARK: - Variable-size payloads

    /// The payload bytes of a variable state's slot (empty when none).
    func payloadBytes(_ slot: Int) -> [UInt8] {
        let handle = table.loadSlot(UInt64.self, slot: slot, field: StateStore.payload)
        return handle == 0 ? [] : table.values.bytes(of: ValueHandle(rawValue: handle))
    }

    /// Replaces the payload of a variable state's slot with `bytes` (in place when it fits).
    func setPayload(_ slot: Int, _ bytes: UnsafeRawBufferPointer) throws(SluiceError) {
        let old = table.loadSlot(UInt64.self, slot: slot, field: StateStore.payload)
        let handle = try table.values.replace(old == 0 ? nil : ValueHandle(rawValue: old), with: bytes)
        table.storeSlot(handle.rawValue, slot: slot, field: StateStore.payload)
    }

    /// Appends `bytes` to the payload of a variable state's slot (amortized O(length of bytes)).
    func appendPayload(_ slot: Int, _ bytes: UnsafeRawBufferPointer) throws(SluiceError) {
        let old = table.loadSlot(UInt64.self, slot: slot, field: StateStore.payload)
        let handle = try table.values.append(bytes, to: old == 0 ? nil : ValueHandle(rawValue: old))
        table.storeSlot(handle.rawValue, slot: slot, field: StateStore.payload)
    }
}
