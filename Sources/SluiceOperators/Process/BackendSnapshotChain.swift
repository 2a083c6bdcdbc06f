/// When a keyed process function's checkpoint may carry only its state backend's changes.
///
/// The backend records what changed since its own previous snapshot, so an incremental snapshot is
/// valid only on top of the previous one, and only once that one's checkpoint is known to be
/// complete (an aborted checkpoint's changes would otherwise be missing from the chain). Otherwise,
/// after `maxChain` files, after a restore and with incremental checkpoints off, the snapshot is full.
struct BackendSnapshotChain {
    static let maxChain = 8
    let enabled: Bool
    /// The previous snapshot taken and how many files a restore of it reads.
    private var last: (id: Int64, chain: Int)?
    /// The newest checkpoint known to be complete.
    private var completed: Int64 = 0

    init(enabled: Bool) { self.enabled = enabled }

    /// The checkpoint snapshot `id` builds on (nil: take a full one); `id` becomes the previous snapshot.
    mutating func begin(_ id: Int64) -> Int64? {
        var base: Int64?
        var chain = 1
        if enabled, let last, last.id == completed, last.chain < Self.maxChain {
            base = last.id
            chain = last.chain + 1
        }
        last = (id, chain)
        return base
    }

    mutating func complete(_ id: Int64) { completed = max(completed, id) }
}
