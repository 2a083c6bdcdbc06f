import SluiceColumnar

/// One value per (current key, namespace) (Flink's `ValueState`).
///
/// A `BitwiseCopyable` value sits in the state table's slot: `value()` and `update(_:)` are a
/// cached slot lookup plus one load or store in the mapping, with no allocation. Other values
/// are encoded by their serializer into the value arena.
public struct ValueState<T> {
    @usableFromInline let store: StateStore
    @usableFromInline let backend: KeyedStateBackend
    public let serializer: StateSerializer<T>

    init(store: StateStore, backend: KeyedStateBackend, serializer: StateSerializer<T>) {
        self.store = store
        self.backend = backend
        self.serializer = serializer
    }

    public var name: String { store.name }

    /// The value of the current key and namespace, nil when none (or expired).
    public func value() throws(SluiceError) -> T? { try decodedValue() }

    /// Sets the value of the current key and namespace.
    public func update(_ value: T) throws(SluiceError) { try encodedUpdate(value) }

    @usableFromInline
    func decodedValue() throws(SluiceError) -> T? {
        guard let slot = try store.currentSlot(forRead: true) else { return nil }
        if let width = serializer.fixedWidth {
            return try serializer.value(of: store.table.entries.bytes(at: slot + StateStore.payload, count: width))
        }
        return try serializer.value(of: store.payloadBytes(slot))
    }

    @usableFromInline
    func encodedUpdate(_ value: T) throws(SluiceError) {
        let bytes = try serializer.bytes(of: value)
        let slot = try store.currentSlotOrInsert()
        if serializer.fixedWidth != nil {
            store.table.entries.write(bytes, at: slot + StateStore.payload)
        } else {
            try withBytes(of: bytes) { (b) throws(SluiceError) in try store.setPayload(slot, b) }
        }
        store.touchWrite(slot)
    }

    /// Removes the value of the current key and namespace.
    public func clear() throws(SluiceError) {
        try backend.requireKey(name)
        store.removeCurrent()
    }

    /// The keys (and namespaces) holding a live value in `keyGroup`.
    public func keys(inKeyGroup keyGroup: Int) -> [StateKey] { store.keys(inKeyGroup: keyGroup) }

    /// Removes the values of every key and namespace.
    public func clearAll() { store.clearAll() }
}

extension ValueState where T: BitwiseCopyable {
    /// The value of the current key and namespace (the lean path: one cached lookup and a load).
    @inlinable
    public func value() throws(SluiceError) -> T? {
        guard serializer.isRaw else { return try decodedValue() }
        guard let slot = try store.currentSlot(forRead: true) else { return nil }
        return store.unsafePayloadAddress(slot, width: MemoryLayout<T>.size, forWrite: false).loadUnaligned(as: T.self)
    }

    /// Sets the value of the current key and namespace (the lean path: a store in the mapping).
    @inlinable
    public func update(_ value: T) throws(SluiceError) {
        guard serializer.isRaw else { return try encodedUpdate(value) }
        let slot = try store.currentSlotOrInsert()
        store.unsafePayloadAddress(slot, width: MemoryLayout<T>.size, forWrite: true).storeBytes(of: value, as: T.self)
        if store.ttl != nil { store.touchWrite(slot) }
    }
}
