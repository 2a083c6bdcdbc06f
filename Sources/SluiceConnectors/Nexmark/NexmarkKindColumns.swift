import SluiceColumnar

/// The column writers of one event kind's batch: what the generator needs from persons, auctions
/// and bids alike. Used only through generics specialized in this module (no existential calls).
protocol NexmarkKindColumns {
    /// False for a kind that was not requested: its events draw their numbers but write nothing.
    var enabled: Bool { get }
    static var schema: Schema { get }
    /// Every kind pads its events with `extra`, cut from the pool.
    var extra: UnsafeNexmarkStringWriter { get set }
    /// Copies cut from large tables are deferred; this makes the pending ones (inside the
    /// generator's table-pointer scope).
    mutating func flushDeferred()
    consuming func finishColumns() -> [Column]
}

extension NexmarkKindColumns {
    /// Makes the pending copies of `extra`; kinds with more deferred fields add theirs.
    mutating func flushDeferred() { extra.flushDeferred() }

    /// The kind's batch, or nil when it was not requested.
    consuming func finish() throws(SluiceError) -> RecordBatch? {
        guard enabled else { return nil }
        return try RecordBatch(schema: Self.schema, columns: finishColumns())
    }
}
