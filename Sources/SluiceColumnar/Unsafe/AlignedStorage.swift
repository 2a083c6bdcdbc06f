/// A 64-byte-aligned, zero-padded allocation owned by one object; the only place Sluice allocates
/// column memory.
///
/// The allocation is rounded up to a multiple of 64 bytes and the padding is zeroed, so a kernel may
/// read (never write) whole 64-byte lines past the logical end without touching foreign memory.
///
/// SAFETY: the memory is written only by the code that created it, before the storage is wrapped in a
/// `Buffer` and shared; after that it is read-only, so sharing across threads is sound.
public final class AlignedStorage: @unchecked Sendable {
    public static let alignment = 64
    /// Allocations from this size on are advised to use transparent huge pages.
    static let hugePageThreshold = 8 << 20

    public let pointer: UnsafeMutableRawPointer
    /// Usable bytes (a multiple of 64, at least 64).
    public let capacity: Int

    /// Allocates at least `byteCount` bytes, all zero when `zeroed` is true, else only the padding.
    public init(byteCount: Int, zeroed: Bool = false) {
        precondition(byteCount >= 0, "negative allocation size")
        let rounded = max(AlignedStorage.alignment, (byteCount + 63) & ~63)
        pointer = UnsafeMutableRawPointer.allocate(byteCount: rounded, alignment: AlignedStorage.alignment)
        capacity = rounded
        // Large buffers (restored state, whole-table results) fault in 2 MiB pages where the kernel
        // allows it: far fewer page faults and TLB misses. Advised before the first write.
        if rounded >= AlignedStorage.hugePageThreshold {
            adviseHugePages(covering: UnsafeMutableRawBufferPointer(start: pointer, count: rounded))
        }
        if zeroed {
            pointer.initializeMemory(as: UInt8.self, repeating: 0, count: rounded)
        } else {
            // Zero the last line so tail reads past the logical end see zeros, not garbage.
            let tailStart = rounded - AlignedStorage.alignment
            (pointer + tailStart).initializeMemory(as: UInt8.self, repeating: 0, count: AlignedStorage.alignment)
        }
    }

    deinit { pointer.deallocate() }
}
