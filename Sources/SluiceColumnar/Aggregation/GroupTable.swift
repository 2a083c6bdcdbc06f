/// A vectorized open-addressing hash table from grouping keys to dense group ids (0, 1, 2, … in order
/// of first appearance).
///
/// ## Design
/// A whole batch is hashed first (`Hashing`, so the same hash also decides key groups), then probed
/// with linear probing in a power-of-two slot array indexed by the hash's **high** bits (the low bits
/// decide the key group, so they are nearly constant within one subtask). The table grows to twice its
/// size before a chunk of rows could push the load past 1/2 (1/4 while the slots fit in 1 MiB).
///
/// Two layouts, chosen once from the key types:
///
///     integer mode (one integer-like key: int8…int64, date, time, timestamp, interval, decimal(≤18)):
///       slots: [ key: Int64 | group + 1: UInt32 | pad ]  16 bytes, 0 = empty; NULL is a separate group
///       keys:  Int64 per group                            keyColumns() narrows back to the key type
///
///     generic mode (any other key or several keys):
///       slots: [ hash: UInt64 | group + 1: UInt32 | pad ]
///       arena: serialized keys, one after the other; keyStarts[g] ..< keyStarts[g + 1] is group g
///       serialized key = per column: 0x00 (NULL) | 0x01 value  (value: fixed-width bytes, floats
///                        normalized; boolean one byte; strings UInt32 length + bytes)
///
/// A single dictionary-encoded string key maps each dictionary code to a group id once (a dense
/// array, kept while the same dictionary arrives in later batches), then gathers by code: no hashing
/// per row. Dictionary keys and plain-string keys with the same bytes land in the same group.
///
/// ## Invariants
/// Group ids are stable for the life of the table (growth moves slots, never groups). Everything is
/// fixed-width arrays, so a later state backend can keep the table in memory-mapped files.
public struct GroupTable: Sendable {
    public let keyTypes: [DataType]
    public internal(set) var groupCount = 0
    let integerMode: Bool

    // Shared by both modes: slot array of `capacity` entries, capacity = 1 << (64 - shift).
    var slots: [Slot] = []
    var shift: UInt64 = 64
    var capacity: Int { slots.count }

    // Integer mode.
    var integerKeys: [Int64] = []
    var nullGroup: Int32 = -1

    // Generic mode.
    var arena: [UInt8] = []
    var arenaUsed = 0
    var keyStarts: [Int] = [0]
    var cachedDictionary: DictionaryValues?
    var codeToGroup: [Int32] = []

    // Per-batch scratch, reused so the steady state allocates only the returned group ids.
    var scratchKeys = SerializedKeys()
    var scratchHomes: [Int] = []

    /// Rows probed between capacity checks; the table always has room for this many new groups.
    static let chunk = 1024
    static let initialCapacity = 1024
    /// Tables up to this size keep a load of at most 1/4 instead of 1/2: they stay in L2 either way,
    /// and shorter probe runs mean fewer mispredicted branches (10 k groups ran ≈ 20 % faster). Larger
    /// tables pay DRAM traffic for every slot, so they keep the denser 1/2.
    static let sparseTableBytes = 1 << 20

    struct Slot {
        /// Integer mode: the key; generic mode: the key hash.
        var key: UInt64 = 0
        /// Group id + 1; 0 marks an empty slot.
        var group: UInt32 = 0
        var pad: UInt32 = 0
    }

    /// A table for keys of these types (in key order).
    public init(keyTypes: [DataType]) throws(SluiceError) {
        guard !keyTypes.isEmpty else {
            throw .invalidInput("a group table needs at least one key column; aggregate without GROUP BY through HashAggregator with no keys")
        }
        for type in keyTypes {
            if case .row = type {
                throw .unsupported("grouping by a ROW value (\(type)) is not supported; group by its fields instead")
            }
        }
        self.keyTypes = keyTypes
        integerMode = keyTypes.count == 1 && GroupTable.isIntegerLike(keyTypes[0])
        resize(to: GroupTable.initialCapacity)
    }

    static func isIntegerLike(_ type: DataType) -> Bool {
        switch type {
        case .int8, .int16, .int32, .int64, .date, .time, .timestamp, .timestampLTZ, .intervalDayTime, .intervalYearMonth:
            return true
        case .decimal(let p, _):
            return p <= DataType.maxInt64DecimalPrecision
        default:
            return false
        }
    }

    /// The group id of every row (one UInt32 per physical row; entries of rows not in `selection` are 0
    /// and mean nothing), inserting new keys as new groups.
    public mutating func findOrInsert(_ keys: [Column], selection: SelectionVector? = nil) -> Buffer {
        precondition(keys.count == keyTypes.count, "expected \(keyTypes.count) key columns, got \(keys.count)")
        for (column, type) in zip(keys, keyTypes) {
            precondition(column.type == type, "key column of type \(column.type) where the table has \(type)")
        }
        let physical = keys[0].count
        var out = selection == nil ? MutableBuffer(uninitializedCount: physical, of: UInt32.self)
                                   : MutableBuffer(zeroedCount: physical, of: UInt32.self)
        let n = selection?.count ?? physical
        guard n > 0 else { return out.freeze() }
        if integerMode {
            findOrInsertIntegers(keys[0], selection: selection, n: n, out: &out)
        } else if keys.count == 1, case .dictionary(let codes, let dictionary) = keys[0].storage {
            findOrInsertDictionary(keys[0], codes: codes, dictionary: dictionary, selection: selection, n: n, out: &out)
        } else {
            findOrInsertGeneric(keys, selection: selection, n: n, out: &out)
        }
        return out.freeze()
    }

    /// Makes sure `additional` more groups fit without passing a load of 1/4 (small tables) or 1/2.
    mutating func reserve(additionalGroups additional: Int) {
        let groups = groupCount + additional
        var needed = groups * 4
        if needed * MemoryLayout<Slot>.stride > GroupTable.sparseTableBytes { needed = groups * 2 }
        if needed > capacity {
            var c = capacity
            while c < needed { c *= 2 }
            resize(to: c)
        }
        if integerMode {
            if integerKeys.count < groupCount + additional {
                integerKeys.append(contentsOf: repeatElement(0, count: max(groupCount + additional, integerKeys.count) - integerKeys.count + integerKeys.count / 2 + 1))
            }
        } else if keyStarts.count < groupCount + additional + 1 {
            keyStarts.append(contentsOf: repeatElement(0, count: groupCount + additional + 1 - keyStarts.count + keyStarts.count / 2))
        }
    }

    /// An array of empty slots; large arrays ask for transparent huge pages before first touch,
    /// because random probes into tens of megabytes otherwise pay a TLB miss each.
    static func emptySlots(_ count: Int) -> [Slot] {
        [Slot](unsafeUninitializedCapacity: count) { buffer, initialized in
            adviseHugePages(covering: UnsafeMutableRawBufferPointer(buffer))
            buffer.initialize(repeating: Slot())
            initialized = count
        }
    }

    static let hugePageBytes = 2 << 20

    /// Rebuilds the slot array at `newCapacity` (a power of two), keeping every group id.
    mutating func resize(to newCapacity: Int) {
        precondition(newCapacity > 0 && newCapacity & (newCapacity - 1) == 0, "capacity must be a power of two")
        let old = slots
        slots = GroupTable.emptySlots(newCapacity)
        shift = UInt64(64 - newCapacity.trailingZeroBitCount)
        let mask = newCapacity - 1
        let isInteger = integerMode
        let sh = shift
        slots.withUnsafeMutableBufferPointer { s in
            for slot in old where slot.group != 0 {
                let h = isInteger ? Hashing.hashInt(Int64(bitPattern: slot.key)) : slot.key
                var i = Int(truncatingIfNeeded: h >> sh)
                while s[i].group != 0 { i = (i + 1) & mask }
                s[i] = slot
            }
        }
    }
}

/// Asks for transparent huge pages on the whole 2 MiB pages inside `buffer` (nothing for small buffers);
/// call it before the memory is first touched.
func adviseHugePages(covering buffer: UnsafeMutableRawBufferPointer) {
    guard buffer.count >= GroupTable.hugePageBytes, let base = buffer.baseAddress else { return }
    let start = (Int(bitPattern: base) + GroupTable.hugePageBytes - 1) & ~(GroupTable.hugePageBytes - 1)
    let end = (Int(bitPattern: base) + buffer.count) & ~(GroupTable.hugePageBytes - 1)
    if end > start { adviseHugePages(UnsafeMutableRawPointer(bitPattern: start)!, end - start) }
}

#if canImport(Glibc)
import Glibc

/// A hint only: failure (no THP support, "never" mode) leaves ordinary pages.
func adviseHugePages(_ start: UnsafeMutableRawPointer, _ length: Int) {
    _ = madvise(start, length, 14 /* MADV_HUGEPAGE */)
}
#else
func adviseHugePages(_ start: UnsafeMutableRawPointer, _ length: Int) {}
#endif
