import SluiceColumnar

/// Keyed state of one operator subtask: an index from key (bytes + stable 64-bit hash) to a
/// fixed-width slot in a memory-mapped arena, organised by key group.
///
/// ```
///  heap (rebuilt on restore)            entries arena (MappedArena, snapshotted)
///  ┌──────────────────────┐            ┌──────────── header 64 B ─────────────┐
///  │ UnsafeProbeIndex     │            │ "SLSTTAB1" slotWidth maxParallelism  │
///  │ [tag32|record+1] ... ├──────┐     │ recordCount freeHead liveCount range │
///  └──────────────────────┘      │     ├──── record r at 64 + r·W ────────────┤
///  ┌──────────────────────┐      └────►│ +0  hash        UInt64               │
///  │ per key group:       │            │ +8  keyGroup    UInt32               │
///  │  head, count         │            │ +12 keyLength   UInt32 (max = free)  │
///  │ per record:          │            │ +16 key ≤ 16 B inline, else          │──► values arena
///  │  next, prev in group │            │     ValueHandle (UInt64)             │   (ValueArena)
///  └──────────────────────┘            │ +32 slot        slotWidth B (8-aligned)
///                                      ├──── record r+1 … ────────────────────┤
///                                      W = 32 + slotWidth rounded up to 8
/// ```
///
/// Design:
/// - The arenas hold the truth (records, keys, slots); the heap holds only what can be derived
///   from them (probe index, key-group chains), so a snapshot is the arena chunks and a restore
///   scans the records once.
/// - A slot is addressed by its **byte offset in the entries arena**. Offsets survive arena growth;
///   they stay valid until the entry is removed. Vectorized kernels update many slots inside one
///   `withUnsafeMutableSlots` scope, which marks them dirty.
/// - Key groups: each record stores its key group (`hash mod maxParallelism`), and a doubly linked
///   chain per key group makes `entries(inKeyGroup:)` proportional to the group's size — the unit
///   of rescaling (see `StateTable+Snapshot`).
///
/// Threading: owned by one subtask thread at a time; not `Sendable`.
public final class StateTable {
    public let slotWidth: Int
    public let maxParallelism: Int
    public let keyGroupRange: ClosedRange<Int>
    /// Records with their slots; slot offsets point into this arena.
    public let entries: MappedArena
    /// Keys longer than 16 bytes.
    public let values: ValueArena
    let recordWidth: Int
    let index: UnsafeProbeIndex
    /// Key-group chains (record indices, -1 = none); heads and counts are indexed by
    /// keyGroup - keyGroupRange.lowerBound, links by record.
    struct Chains {
        var head: [Int32]
        var count: [Int]
        var next: [Int32] = []
        var prev: [Int32] = []
    }
    // SAFETY: owned by this table (freed in deinit) and reached through `_read`/`_modify`, so that
    // inserts skip the dynamic exclusivity checks of class properties; one owner at a time.
    private let chainsStorage: UnsafeMutablePointer<Chains>
    var groupHead: [Int32] {
        _read { yield chainsStorage.pointee.head }
        _modify { yield &chainsStorage.pointee.head }
    }
    var groupCount: [Int] {
        _read { yield chainsStorage.pointee.count }
        _modify { yield &chainsStorage.pointee.count }
    }
    var nextInGroup: [Int32] {
        _read { yield chainsStorage.pointee.next }
        _modify { yield &chainsStorage.pointee.next }
    }
    var prevInGroup: [Int32] {
        _read { yield chainsStorage.pointee.prev }
        _modify { yield &chainsStorage.pointee.prev }
    }

    /// Creates an empty table in fresh arenas (in `directory`, or temporary directories when nil).
    public convenience init(slotWidth: Int, maxParallelism: Int = KeyGroups.defaultMaxParallelism,
                            keyGroupRange: ClosedRange<Int>? = nil, directory: String? = nil,
                            chunkSize: Int = MappedArena.defaultChunkSize) throws(SluiceError) {
        let entries = try MappedArena(directory: directory, name: "entries", chunkSize: chunkSize)
        let values = try MappedArena(directory: directory, name: "values", chunkSize: chunkSize)
        try self.init(slotWidth: slotWidth, maxParallelism: maxParallelism,
                      keyGroupRange: keyGroupRange ?? 0...(maxParallelism - 1), entries: entries, values: values)
    }

    /// Creates a table over two arenas. Fresh (zeroed) arenas are formatted; arenas restored from a
    /// snapshot are attached after checking that their header matches the parameters.
    public init(slotWidth: Int, maxParallelism: Int, keyGroupRange: ClosedRange<Int>,
                entries: MappedArena, values: MappedArena) throws(SluiceError) {
        guard slotWidth >= 0 && slotWidth <= 1 << 20 else {
            throw .invalidInput("slot width \(slotWidth) is out of range; use 0 to \(1 << 20) bytes")
        }
        guard maxParallelism >= 1 && maxParallelism <= KeyGroups.upperBoundMaxParallelism else {
            throw .invalidInput("max parallelism \(maxParallelism) is out of range; use 1 to \(KeyGroups.upperBoundMaxParallelism)")
        }
        guard keyGroupRange.lowerBound >= 0 && keyGroupRange.upperBound < maxParallelism else {
            throw .invalidInput("key group range \(keyGroupRange) is outside 0...\(maxParallelism - 1) for max parallelism \(maxParallelism)")
        }
        self.slotWidth = slotWidth
        self.maxParallelism = maxParallelism
        self.keyGroupRange = keyGroupRange
        self.entries = entries
        self.values = try ValueArena(arena: values)
        self.recordWidth = EntryLayout.recordWidth(slotWidth: slotWidth)
        self.index = UnsafeProbeIndex()
        self.chainsStorage = .allocate(capacity: 1)
        chainsStorage.initialize(to: Chains(head: Array(repeating: -1, count: keyGroupRange.count),
                                            count: Array(repeating: 0, count: keyGroupRange.count)))
        try entries.ensureCapacity(EntryLayout.headerSize)
        if entries.load(UInt64.self, at: 0) == 0 {
            formatHeader()
        } else {
            try attach()
        }
    }

    deinit {
        chainsStorage.deinitialize(count: 1)
        chainsStorage.deallocate()
    }

    private func formatHeader() {
        entries.store(EntryLayout.magic, at: 0)
        entries.store(UInt32(slotWidth), at: EntryLayout.slotWidthAt)
        entries.store(UInt32(maxParallelism), at: EntryLayout.maxParallelismAt)
        entries.store(UInt32(keyGroupRange.lowerBound), at: EntryLayout.firstGroupAt)
        entries.store(UInt32(keyGroupRange.upperBound), at: EntryLayout.lastGroupAt)
    }

    // MARK: - Header fields

    /// Number of live entries.
    public var count: Int { Int(entries.load(UInt64.self, at: EntryLayout.liveCountAt)) }
    var recordCount: Int { Int(entries.load(UInt32.self, at: EntryLayout.recordCountAt)) }

    @inline(__always)
    func recordOffset(_ record: Int) -> Int { EntryLayout.headerSize + record * recordWidth }

    @inline(__always)
    func slotOffset(record: Int) -> Int { recordOffset(record) + EntryLayout.slotAt }

    @inline(__always)
    func record(ofSlot slot: Int) -> Int {
        let r = (slot - EntryLayout.headerSize - EntryLayout.slotAt) / recordWidth
        precondition(r >= 0 && r < recordCount && slotOffset(record: r) == slot, "\(slot) is not a slot offset of this table")
        return r
    }

    /// The key group of a hash, checked against this subtask's range.
    @inline(__always)
    func ownedKeyGroup(hash: UInt64) throws(SluiceError) -> Int {
        let group = KeyGroups.keyGroup(hash: hash, maxParallelism: maxParallelism)
        guard keyGroupRange.contains(group) else {
            throw SluiceError(.internal, "key with hash 0x\(String(hash, radix: 16)) belongs to key group \(group), but this state table holds key groups \(keyGroupRange) (max parallelism \(maxParallelism)); the key was routed to the wrong subtask")
        }
        return group
    }
}
