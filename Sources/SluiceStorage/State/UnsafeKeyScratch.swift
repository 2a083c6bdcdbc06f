/// A growable byte buffer owned by the backend, holding the composite key of the current
/// (key, namespace) and, after it, a map state's user key: built once when the key changes, read by
/// every state access without allocating.
///
/// ```
///  base ┌── key ──┬─ namespace ─┬ nsLen u32 ┐┌─ user key ─┬ ukLen u32 ┐
///       └─────────┴─────────────┴───────────┘└────────────┴───────────┘
///        composite (entry key of value, list,   map entry key = composite ‖ user key ‖ length
///        aggregating state)
/// ```
/// Lengths at the end make the split unambiguous (see `StateKeyLayout`).
struct UnsafeKeyScratch {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = capacity
        base = .allocate(byteCount: capacity, alignment: 16)
    }

    /// Frees the buffer; the scratch is unusable afterwards.
    func release() { base.deallocate() }

    /// Grows to at least `bytes`, keeping the first `keep` bytes.
    mutating func reserve(_ bytes: Int, keeping keep: Int) {
        guard bytes > capacity else { return }
        var c = capacity
        while c < bytes { c *= 2 }
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: c, alignment: 16)
        // SAFETY: both buffers hold at least `keep` bytes (keep <= old capacity < new capacity).
        fresh.copyMemory(from: base, byteCount: keep)
        base.deallocate()
        base = fresh
        capacity = c
    }

    /// Copies `bytes` to `offset` (which must be reserved).
    @inline(__always)
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        precondition(offset >= 0 && offset + bytes.count <= capacity, "key scratch write outside its capacity")
        guard let src = bytes.baseAddress, bytes.count > 0 else { return }
        (base + offset).copyMemory(from: src, byteCount: bytes.count)
    }

    @inline(__always)
    func store(_ value: UInt32, at offset: Int) {
        precondition(offset >= 0 && offset + 4 <= capacity, "key scratch write outside its capacity")
        (base + offset).storeBytes(of: value.littleEndian, as: UInt32.self)
    }

    /// The bytes `offset ..< offset + count`, valid until the next `reserve`.
    @inline(__always)
    func bytes(_ offset: Int, _ count: Int) -> UnsafeRawBufferPointer {
        precondition(offset >= 0 && offset + count <= capacity, "key scratch read outside its capacity")
        return UnsafeRawBufferPointer(start: base + offset, count: count)
    }
}
