import SluiceColumnar

extension StateTable {
    @inline(__always)
    func checkSlot(_ slot: Int, field: Int, size: Int) {
        precondition(field >= 0 && field + size <= slotWidth, "slot field \(field)..<\(field + size) outside slot width \(slotWidth)")
        precondition(slot >= EntryLayout.headerSize + EntryLayout.slotAt && slot + slotWidth <= entries.byteCount,
                     "slot offset \(slot) outside the table")
    }

    /// Reads a value at byte `field` of a slot.
    @inline(__always)
    public func loadSlot<T: BitwiseCopyable>(_ type: T.Type, slot: Int, field: Int = 0) -> T {
        checkSlot(slot, field: field, size: MemoryLayout<T>.size)
        return entries.load(T.self, at: slot + field)
    }

    /// Writes a value at byte `field` of a slot and marks it dirty.
    @inline(__always)
    public func storeSlot<T: BitwiseCopyable>(_ value: T, slot: Int, field: Int = 0) {
        checkSlot(slot, field: field, size: MemoryLayout<T>.size)
        entries.store(value, at: slot + field)
    }

    /// A copy of a slot's bytes.
    public func slotBytes(_ slot: Int) -> [UInt8] {
        checkSlot(slot, field: 0, size: slotWidth)
        return entries.bytes(at: slot, count: slotWidth)
    }

    /// Overwrites a slot (`bytes.count == slotWidth`) and marks it dirty.
    public func writeSlot(_ bytes: [UInt8], slot: Int) {
        precondition(bytes.count == slotWidth, "slot bytes \(bytes.count) != slot width \(slotWidth)")
        checkSlot(slot, field: 0, size: slotWidth)
        entries.write(bytes, at: slot)
    }

    /// The key bytes of the entry owning `slot`.
    public func key(ofSlot slot: Int) -> [UInt8] { key(ofRecord: record(ofSlot: slot)) }

    /// Runs a vectorized update over many slots: marks every slot in `slots` dirty,
    /// then passes the base address of the entries arena (slot `s` is at `base + s`). `body` must
    /// write only inside those slots, and must not insert into the table (which may remap).
    public func withUnsafeMutableSlots<R, E: Error>(
        _ slots: UnsafeBufferPointer<Int>, _ body: (UnsafeMutableRawPointer) throws(E) -> R
    ) throws(E) -> R {
        let limit = entries.byteCount - slotWidth
        let width = max(slotWidth, 1)
        for s in slots {
            precondition(s >= EntryLayout.headerSize && s <= limit, "slot offset \(s) outside the table")
            entries.markDirty(offset: s, count: width)
        }
        return try entries.withUnsafeMutableBytesUnmarked { (all) throws(E) -> R in try body(all.baseAddress!) }
    }
}
