import SluiceColumnar

/// Rewriting and growing values in place when their block has room (state values, list state).
extension ValueArena {
    /// Payload bytes the block of a live handle can hold (its size class minus the header).
    public func capacity(of handle: ValueHandle) -> Int {
        (1 << Int(arena.load(UInt8.self, at: checkedBlock(handle)))) - 8
    }

    /// Replaces the value of `old` (nil: none) with `bytes`: in place when the block is large
    /// enough, otherwise in a new block (the old one is freed). Returns the value's handle.
    public func replace(_ old: ValueHandle?, with bytes: UnsafeRawBufferPointer) throws(SluiceError) -> ValueHandle {
        if let old, capacity(of: old) >= bytes.count {
            let block = Int(old.rawValue)
            arena.store(UInt32(bytes.count), at: block + 4)
            arena.write(bytes, at: block + 8)
            return old
        }
        let fresh = try allocate(bytes)
        if let old { free(old) }
        return fresh
    }

    /// Appends `bytes` to the value of `old` (nil: an empty value). In place while the block has
    /// room; otherwise the value moves to a block of the next fitting size class, so that a value
    /// grown by appends is copied O(log n) times. Returns the value's handle.
    public func append(_ bytes: UnsafeRawBufferPointer, to old: ValueHandle?) throws(SluiceError) -> ValueHandle {
        guard let old else { return try allocate(bytes) }
        let block = checkedBlock(old)
        let length = Int(arena.load(UInt32.self, at: block + 4))
        let total = length + bytes.count
        if capacity(of: old) >= total {
            arena.store(UInt32(total), at: block + 4)
            arena.write(bytes, at: block + 8 + length)
            return old
        }
        let fresh = try carve(length: total)
        // The old block may have moved with the mapping's growth: copy through offsets.
        let oldBytes = arena.bytes(at: Int(old.rawValue) + 8, count: length)
        arena.write(oldBytes, at: fresh + 8)
        arena.write(bytes, at: fresh + 8 + length)
        free(old)
        return ValueHandle(rawValue: UInt64(fresh))
    }
}
