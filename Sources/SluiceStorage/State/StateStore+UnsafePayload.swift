import SluiceColumnar

/// The lean path of `ValueState` for `BitwiseCopyable` values: an address in the mapping that the
/// inlined caller loads from or stores to at once, so that a get or put specializes fully in the
/// caller's module (no generic call across modules, no allocation, no reference counting).
extension StateStore {
    /// The address of the payload of `slot` for a value of `width` bytes, with those bytes marked
    /// dirty when `forWrite`.
    ///
    /// SAFETY: the address is valid only until the entries arena grows (the next insert into this
    /// state's table) — callers use it immediately, in the same expression.
    @usableFromInline
    func unsafePayloadAddress(_ slot: Int, width: Int, forWrite: Bool) -> UnsafeMutableRawPointer {
        let offset = slot + StateStore.payload
        table.checkSlot(slot, field: StateStore.payload, size: width)
        if forWrite { table.entries.markDirty(offset: offset, count: width) }
        // SAFETY: the range was checked against the mapping above; see the function's contract.
        return table.entries.withUnsafeMutableBytesUnmarked { $0.baseAddress! + offset }
    }
}
