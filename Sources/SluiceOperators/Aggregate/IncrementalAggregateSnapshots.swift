import SluiceColumnar
import SluiceRuntime

/// Incremental checkpoints of an aggregate's table: after a full snapshot, a checkpoint writes only
/// the groups whose state changed since the last checkpoint known to be complete (its base).
///
/// An aggregate numbers its groups densely and never drops one, so row `g` of its partial state
/// (`HashAggregator.checkpointState()` batch 0) is group `g` at every checkpoint of a run. A delta is
/// the changed and new rows of that batch plus a `$group` column with their numbers; the other batches
/// (COUNT(DISTINCT …) and changelog MIN/MAX value pairs) are written whole each time. What changed is
/// found by comparing the partial state with the base's, column by column, so nothing on the per-row
/// path keeps track of it. The base's partial state is kept in memory until a newer checkpoint
/// completes.
///
/// A full snapshot is written again after `maxChain` files, when more than half the groups changed,
/// for the first checkpoint after a restore, and whenever incremental checkpoints are off.
struct IncrementalAggregateSnapshots {
    static let maxChain = 8
    /// Snapshots kept while their checkpoints are in flight; older ones are forgotten (their
    /// checkpoints then count as not taken, and the snapshot after their completion is full), so
    /// checkpoints that never complete cannot pile up copies of the table.
    static let maxPending = 4
    static let groupField = Field("$group", .int64, nullable: false)
    /// Groups compared at a time with the base.
    static let compareChunk = 1 << 16

    private struct Taken {
        var id: Int64
        var partial: RecordBatch
        /// Files a restore of this snapshot reads: 1 for a full one.
        var chain: Int
    }

    let enabled: Bool
    let keyCount: Int
    private var base: Taken?
    private var pending: [Taken] = []

    init(enabled: Bool, keyCount: Int) {
        self.enabled = enabled
        self.keyCount = keyCount
    }

    /// The snapshot for checkpoint `id` of `state` (the `checkpointState()` batches).
    mutating func snapshot(id: Int64, state: [RecordBatch]) throws(SluiceError) -> OperatorSnapshot {
        let partial = state[0]
        if enabled, let base, base.chain < Self.maxChain, let rows = try changedGroups(base.partial, partial) {
            remember(Taken(id: id, partial: partial, chain: base.chain + 1))
            return OperatorSnapshot(batches: [try delta(partial, rows)] + state.dropFirst(), baseCheckpoint: base.id)
        }
        if enabled { remember(Taken(id: id, partial: partial, chain: 1)) }
        return OperatorSnapshot(batches: state)
    }

    private mutating func remember(_ taken: Taken) {
        pending.append(taken)
        if pending.count > Self.maxPending { pending.removeFirst(pending.count - Self.maxPending) }
    }

    /// Checkpoint `id` is complete: its snapshot becomes the base of the next ones. When this subtask
    /// took no snapshot for it, the next one is full (the old base may be gone by retention).
    mutating func completed(_ id: Int64) {
        guard enabled else { return }
        base = pending.first { $0.id == id }
        pending.removeAll { $0.id <= id }
    }

    /// Groups whose state differs from the base, and new ones; nil when a full snapshot is better
    /// (more than half the groups). Compared a chunk at a time, stopping once that is certain.
    private func changedGroups(_ old: RecordBatch, _ current: RecordBatch) throws(SluiceError) -> [Int]? {
        let limit = current.count / 2
        let added = current.count - old.count
        guard added >= 0, added <= limit else { return nil }
        var rows: [Int] = []
        var start = 0
        while start < old.count {
            let length = min(Self.compareChunk, old.count - start)
            let changed = try RowDifference.changedRows(old.slice(start, length), current.slice(start, length),
                                                        columns: keyCount..<old.columns.count)
            for g in 0..<length where changed[g] { rows.append(start + g) }
            if rows.count + added > limit { return nil }
            start += length
        }
        rows.append(contentsOf: old.count..<current.count)
        return rows
    }

    private func delta(_ partial: RecordBatch, _ rows: [Int]) throws(SluiceError) -> RecordBatch {
        let selected = partial.withSelection(SelectionVector(rows)).compacted()
        let groups = Column(type: .int64, count: rows.count, storage: .fixed(Buffer(rows.map { Int64($0) })))
        return try RecordBatch(schema: partial.schema.appending(Self.groupField), columns: selected.columns + [groups],
                                count: rows.count)
    }

    /// The schemas of a delta's batches, for a table whose full snapshot has `schemas`.
    static func deltaSchemas(_ schemas: [Schema]) -> [Schema] {
        [schemas[0].appending(groupField)] + schemas.dropFirst()
    }

    /// The full state a chain stands for: the base's partial state with every delta's rows put in place
    /// (new groups appended in order), and the value-pair batches of the newest file.
    static func combine(base: [RecordBatch], deltas: [[RecordBatch]]) throws(SluiceError) -> [RecordBatch] {
        guard let last = deltas.last else { return base }
        var parts = [base[0].compacted()]
        var owner = (0..<base[0].count).map { (part: 0, row: $0) }
        for (d, batches) in deltas.enumerated() {
            let delta = batches[0].compacted()
            let groupColumn = delta.columns.count - 1
            let groups = delta.columns[groupColumn].withValues(Int64.self) { Array($0) }
            for (row, g) in groups.enumerated() {
                if g >= 0 && g < owner.count {
                    owner[Int(g)] = (d + 1, row)
                } else if g == owner.count {
                    owner.append((d + 1, row))
                } else {
                    throw SluiceError(.corruptState, "incremental aggregate snapshot \(d + 1) of its chain names group \(g), "
                        + "but the groups before it end at \(owner.count); the chain's files do not belong together")
                }
            }
            parts.append(try RecordBatch(schema: base[0].schema, columns: Array(delta.columns[0..<groupColumn]), count: delta.count))
        }
        var offsets = [0]
        for part in parts { offsets.append(offsets.last! + part.count) }
        let all = try Concatenate.batches(parts)
        let rows = SelectionVector(owner.map { offsets[$0.part] + $0.row })
        let partial = try RecordBatch(schema: all.schema, columns: all.columns.map { Take.take($0, rows) }, count: owner.count)
        return [partial] + last.dropFirst()
    }
}
