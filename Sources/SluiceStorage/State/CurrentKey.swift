import SluiceColumnar

/// The backend's current key and namespace, with the entry key and hash every state access uses.
///
/// Built once per `setCurrentKey` / `setCurrentNamespace` (bytes copied, hashes computed), then read
/// by every access: a state access never hashes or allocates. `epoch` changes with every change,
/// so that a state can cache the slot it found for the current entry.
struct CurrentKey {
    var scratch = UnsafeKeyScratch()
    var keyLength = 0
    var namespaceLength = 0
    var keyHash: UInt64 = 0
    var keyGroup = 0
    /// The entry hash of (key, namespace) (see `StateKeyLayout`).
    var hash: UInt64 = 0
    var namespaceHash: UInt64 = 0
    var epoch = 0
    var isSet = false

    /// Bytes of `key ‖ namespace ‖ u32 namespaceLength`.
    var compositeLength: Int { keyLength + namespaceLength + 4 }

    var composite: UnsafeRawBufferPointer { scratch.bytes(0, compositeLength) }

    /// Replaces the key, keeping the namespace (which moves to follow the new key).
    mutating func setKey(_ key: UnsafeRawBufferPointer, hash: UInt64, keyGroup: Int, maxParallelism: Int) {
        if namespaceLength > 0 && key.count != keyLength {
            let ns = Array(scratch.bytes(keyLength, namespaceLength))
            scratch.reserve(key.count + namespaceLength + 4, keeping: 0)
            ns.withUnsafeBytes { scratch.write($0, at: key.count) }
        } else {
            scratch.reserve(key.count + namespaceLength + 4, keeping: keyLength + namespaceLength)
        }
        scratch.write(key, at: 0)
        keyLength = key.count
        scratch.store(UInt32(namespaceLength), at: keyLength + namespaceLength)
        keyHash = hash
        self.keyGroup = keyGroup
        isSet = true
        rehash(maxParallelism: maxParallelism)
    }

    /// Replaces the namespace (empty: none).
    mutating func setNamespace(_ namespace: UnsafeRawBufferPointer, maxParallelism: Int) {
        scratch.reserve(keyLength + namespace.count + 4, keeping: keyLength)
        scratch.write(namespace, at: keyLength)
        namespaceLength = namespace.count
        scratch.store(UInt32(namespaceLength), at: keyLength + namespaceLength)
        namespaceHash = namespace.isEmpty ? 0 : Hashing.hashBytes(namespace)
        rehash(maxParallelism: maxParallelism)
    }

    private mutating func rehash(maxParallelism: Int) {
        hash = namespaceLength == 0 ? keyHash
            : StateKeyLayout.entryHash(keyHash: keyHash, mixing: namespaceHash, maxParallelism: maxParallelism)
        epoch &+= 1
    }

    /// Writes `composite ‖ userKey ‖ u32 length` after the composite and returns its bytes and
    /// entry hash (map state).
    mutating func mapEntryKey(_ userKey: UnsafeRawBufferPointer, maxParallelism: Int) -> (UnsafeRawBufferPointer, UInt64) {
        let start = compositeLength
        scratch.reserve(start + userKey.count + 4, keeping: start)
        scratch.write(userKey, at: start)
        scratch.store(UInt32(userKey.count), at: start + userKey.count)
        let hash = StateKeyLayout.entryHash(keyHash: keyHash, mixing: Hashing.combine(namespaceHash, Hashing.hashBytes(userKey)),
                                            maxParallelism: maxParallelism)
        return (scratch.bytes(0, start + userKey.count + 4), hash)
    }
}
