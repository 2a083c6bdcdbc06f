import SluiceColumnar

/// How a state entry's key and hash are built from the current key, namespace and (for map
/// state) user key, and split again when keys are enumerated.
///
/// Entry key bytes: `key ‖ namespace ‖ u32 namespaceLength` (value, list, aggregating state) and
/// `that ‖ userKey ‖ u32 userKeyLength` (map state). Reading the lengths from the end recovers the
/// parts, so two different (key, namespace) pairs never share entry bytes.
///
/// Entry hash: the key's stable hash (`Hashing`, the one hash edges partition by) when there is
/// no namespace and no user key; otherwise a mix of the key hash with the other parts, adjusted so
/// that it stays in the **key's key group** (`hash mod maxParallelism` is unchanged): all entries
/// of a key live in the key group its rows are routed to, yet spread over the probe index.
public enum StateKeyLayout {
    /// A hash mixing `keyHash` with `extra` whose key group (mod `maxParallelism`) is `keyHash`'s.
    @inline(__always)
    public static func entryHash(keyHash: UInt64, mixing extra: UInt64, maxParallelism: Int) -> UInt64 {
        let m = UInt64(maxParallelism)
        let mixed = Hashing.combine(keyHash, extra)
        let q = min(mixed / m, (UInt64.max - (m - 1)) / m)
        return q * m + keyHash % m
    }

    /// Splits an entry key `key ‖ namespace ‖ u32 length` into its key and namespace.
    static func split(_ entry: [UInt8]) -> (key: [UInt8], namespace: [UInt8])? {
        guard let (head, tail) = splitLast(entry) else { return nil }
        return (head, tail)
    }

    /// Splits `prefix ‖ part ‖ u32 length(part)`.
    static func splitLast(_ bytes: [UInt8]) -> ([UInt8], [UInt8])? {
        guard bytes.count >= 4 else { return nil }
        let n = bytes.count
        let length = Int(UInt32(bytes[n - 4]) | UInt32(bytes[n - 3]) << 8 | UInt32(bytes[n - 2]) << 16 | UInt32(bytes[n - 1]) << 24)
        guard length <= n - 4 else { return nil }
        return (Array(bytes[0 ..< n - 4 - length]), Array(bytes[n - 4 - length ..< n - 4]))
    }

    /// The namespace bytes of an Int64 namespace (e.g. a window end): 8 bytes little-endian.
    public static func namespaceBytes(_ value: Int64) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    /// Key bytes of a single BIGINT key (8 bytes little-endian); its stable hash is `Hashing.hashInt`.
    public static func keyBytes(_ value: Int64) -> [UInt8] { namespaceBytes(value) }
}
