import SluiceColumnar

/// A list per (current key, namespace) (Flink's `ListState`), stored as one value in the value
/// arena: fixed-width elements packed, variable-size ones as `u32 length ‖ bytes`. `add` appends in
/// place while the value's block has room, so a list grown element by element is copied
/// O(log n) times.
public struct ListState<T> {
    let store: StateStore
    let backend: KeyedStateBackend
    public let serializer: StateSerializer<T>

    public var name: String { store.name }

    /// Appends `element` to the current key's list.
    public func add(_ element: T) throws(SluiceError) { try addAll([element]) }

    /// Appends `elements` to the current key's list.
    public func addAll(_ elements: [T]) throws(SluiceError) {
        guard !elements.isEmpty else { return }
        let bytes = try encode(elements)
        let slot = try store.currentSlotOrInsert()
        try withBytes(of: bytes) { (b) throws(SluiceError) in try store.appendPayload(slot, b) }
        store.touchWrite(slot)
    }

    /// The current key's list (empty when none or expired).
    public func get() throws(SluiceError) -> [T] {
        guard let slot = try store.currentSlot(forRead: true) else { return [] }
        return try decode(store.payloadBytes(slot))
    }

    /// Replaces the current key's list (an empty list removes it).
    public func update(_ elements: [T]) throws(SluiceError) {
        guard !elements.isEmpty else { return try clear() }
        let bytes = try encode(elements)
        let slot = try store.currentSlotOrInsert()
        try withBytes(of: bytes) { (b) throws(SluiceError) in try store.setPayload(slot, b) }
        store.touchWrite(slot)
    }

    /// Removes the current key's list.
    public func clear() throws(SluiceError) {
        try backend.requireKey(name)
        store.removeCurrent()
    }

    public func keys(inKeyGroup keyGroup: Int) -> [StateKey] { store.keys(inKeyGroup: keyGroup) }

    public func clearAll() { store.clearAll() }

    private func encode(_ elements: [T]) throws(SluiceError) -> [UInt8] {
        var out: [UInt8] = []
        for element in elements {
            if serializer.fixedWidth != nil {
                out.append(contentsOf: try serializer.bytes(of: element))
            } else {
                let bytes = try serializer.bytes(of: element)
                withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { out.append(contentsOf: $0) }
                out.append(contentsOf: bytes)
            }
        }
        return out
    }

    private func decode(_ bytes: [UInt8]) throws(SluiceError) -> [T] {
        var out: [T] = []
        var at = 0
        while at < bytes.count {
            let length: Int
            if let width = serializer.fixedWidth {
                length = width
            } else {
                guard at + 4 <= bytes.count else { throw corrupt(at) }
                length = Int(UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24)
                at += 4
            }
            guard at + length <= bytes.count else { throw corrupt(at) }
            out.append(try serializer.value(of: Array(bytes[at ..< at + length])))
            at += length
        }
        return out
    }

    private func corrupt(_ at: Int) -> SluiceError {
        SluiceError(.corruptState, "list state '\(name)': element at byte \(at) runs past the end of the stored list")
    }
}
