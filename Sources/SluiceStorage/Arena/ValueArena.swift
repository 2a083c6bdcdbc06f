import SluiceColumnar

/// A handle to a variable-size value in a `ValueArena`: the offset of its block. Stable across
/// growth and snapshots (the arena is restored byte for byte).
public struct ValueHandle: Hashable, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
}

/// Variable-size values (long keys, strings, lists) in their own `MappedArena`, with free-space reuse.
///
/// ```
///  offset 0                 512
///  ┌────────────────────────┬──────────────┬──────────────┬────────── … ──┐
///  │ header                 │ block        │ block (free) │ block         │ top → unused
///  │ magic "SLVALAR1", top, │┌─┬──┬───────┐│┌─┬──┬──────┐ │               │
///  │ live count, free-list  ││k│len│payload││k│∞ │next  │ │               │
///  │ head per size class k  │└─┴──┴───────┘│└─┴──┴──────┘ │               │
///  └────────────────────────┴──────────────┴──────────────┴───────────────┘
///  block = 8-byte header (size class k: 1 byte, length: UInt32 at +4) + payload; 2^k bytes in all
/// ```
///
/// Design: power-of-two size classes (16 B … 2^62 B) with one intrusive free list each; a freed
/// block goes to the head of its class list and is reused by the next allocation of that class,
/// otherwise blocks are carved from `top`. Internal fragmentation is below 50 %. All allocator
/// state (top, heads, links) lives inside the arena, so restoring its chunks restores the allocator.
public final class ValueArena {
    public let arena: MappedArena

    static let magic: UInt64 = 0x3152_414C_4156_4C53   // "SLVALAR1" little-endian
    static let headerSize = 512
    static let minClass = 4
    static let maxClass = 62
    static let freeMarker = UInt32.max
    private static let topOffset = 8
    private static let liveOffset = 16
    private static let headsOffset = 32

    /// Formats a fresh arena, or attaches to one restored from a snapshot (checked by its magic).
    public init(arena: MappedArena) throws(SluiceError) {
        self.arena = arena
        try arena.ensureCapacity(ValueArena.headerSize)
        let magic = arena.load(UInt64.self, at: 0)
        if magic == 0 {
            arena.store(ValueArena.magic, at: 0)
            arena.store(UInt64(ValueArena.headerSize), at: ValueArena.topOffset)
        } else if magic != ValueArena.magic {
            throw SluiceError(.corruptState, "value arena '\(arena.path)' has magic 0x\(String(magic, radix: 16)) at byte 0, expected 0x\(String(ValueArena.magic, radix: 16)) (\"SLVALAR1\")",
                              context: .init(file: arena.path))
        }
    }

    /// Number of live values.
    public var count: Int { Int(arena.load(UInt64.self, at: ValueArena.liveOffset)) }
    /// Bytes carved from the arena so far (header included); freed blocks are reused, not returned.
    public var usedBytes: Int { Int(arena.load(UInt64.self, at: ValueArena.topOffset)) }

    static func sizeClass(forPayload length: Int) -> Int {
        let total = max(length + 8, 1 << minClass)
        return Int.bitWidth - (total - 1).leadingZeroBitCount
    }

    /// Stores a copy of `bytes` and returns its handle.
    public func allocate(_ bytes: UnsafeRawBufferPointer) throws(SluiceError) -> ValueHandle {
        let block = try carve(length: bytes.count)
        arena.write(bytes, at: block + 8)
        return ValueHandle(rawValue: UInt64(block))
    }

    /// Takes a block for a payload of `length` bytes (from its class's free list, else from `top`),
    /// writes its header and counts it live; the payload is left to the caller.
    func carve(length: Int) throws(SluiceError) -> Int {
        guard length < Int(ValueArena.freeMarker) else {
            throw .invalidInput("a state value of \(length) bytes exceeds the limit of \(Int(ValueArena.freeMarker) - 1) bytes")
        }
        let k = ValueArena.sizeClass(forPayload: length)
        let headAt = ValueArena.headsOffset + (k - ValueArena.minClass) * 8
        var block = Int(arena.load(UInt64.self, at: headAt))
        if block != 0 {
            arena.store(arena.load(UInt64.self, at: block + 8), at: headAt)   // pop the free list
        } else {
            block = usedBytes
            try arena.ensureCapacity(block + (1 << k))
            arena.store(UInt64(block + (1 << k)), at: ValueArena.topOffset)
        }
        arena.store(UInt8(k), at: block)
        arena.store(UInt32(length), at: block + 4)
        arena.store(UInt64(count + 1), at: ValueArena.liveOffset)
        return block
    }

    public func allocate(_ bytes: [UInt8]) throws(SluiceError) -> ValueHandle {
        try withBytes(of: bytes) { (b) throws(SluiceError) -> ValueHandle in try allocate(b) }
    }

    /// Returns the block to its size class's free list. The handle must be live.
    public func free(_ handle: ValueHandle) {
        let block = checkedBlock(handle)
        let k = Int(arena.load(UInt8.self, at: block))
        let headAt = ValueArena.headsOffset + (k - ValueArena.minClass) * 8
        arena.store(ValueArena.freeMarker, at: block + 4)
        arena.store(arena.load(UInt64.self, at: headAt), at: block + 8)
        arena.store(UInt64(block), at: headAt)
        arena.store(UInt64(count - 1), at: ValueArena.liveOffset)
    }

    /// The payload length of a live value.
    public func length(of handle: ValueHandle) -> Int {
        Int(arena.load(UInt32.self, at: checkedBlock(handle) + 4))
    }

    /// A copy of the value's bytes.
    public func bytes(of handle: ValueHandle) -> [UInt8] {
        let block = checkedBlock(handle)
        return arena.bytes(at: block + 8, count: Int(arena.load(UInt32.self, at: block + 4)))
    }

    /// Runs `body` over the value's bytes, valid only inside `body`.
    public func withUnsafeBytes<R, E: Error>(of handle: ValueHandle, _ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let block = checkedBlock(handle)
        let length = Int(arena.load(UInt32.self, at: block + 4))
        return try arena.withUnsafeBytes { (all) throws(E) -> R in
            try body(UnsafeRawBufferPointer(rebasing: all[block + 8 ..< block + 8 + length]))
        }
    }

    /// The block offset of a live handle; a stale or foreign handle is a programmer error.
    func checkedBlock(_ handle: ValueHandle) -> Int {
        let block = Int(handle.rawValue)
        precondition(block >= ValueArena.headerSize && block + 8 <= usedBytes, "value handle \(block) outside the arena")
        precondition(arena.load(UInt32.self, at: block + 4) != ValueArena.freeMarker, "value handle \(block) was freed")
        return block
    }
}
