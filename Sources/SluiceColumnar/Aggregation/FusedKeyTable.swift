/// GROUP BY one integer-like key when every aggregate is fused (COUNT/SUM/AVG): one open-addressing
/// table whose slots hold the key *and* the group's aggregate state, so finding a row's group and
/// updating it touch one cache line instead of two (slot table, then state row).
///
/// ## Layout
/// One `WordRows` array of `capacity + 2` slots, `rows.stride` words each (a power of two up to 8 words,
/// 64-byte aligned, so a slot never straddles a cache line):
///
///     slot: [ key ^ keyMark | $rows? | COUNT | SUM sum | SUM count | … | pad ]   word 0 == 0: empty
///     slots 0 ..< capacity   hash table, linear probing from hash(key) >> shift, load ≤ 1/2
///     slot capacity          the NULL key's group
///     slot capacity + 1      the group of the key equal to `keyMark` (whose stored word would be 0)
///
/// The fields after word 0 are `FusedAggregates`' row layout (built with one leading word), so the
/// fused update and merge loops run unchanged with slot indices in place of group ids.
///
/// ## Group order
/// Groups keep their first-seen order (streaming changelogs rely on it): `keys` logs each new group's
/// key; `materialized()` looks every logged key up once and gathers the state into dense rows in that
/// order, and `directResults` (COUNT, SUM(BIGINT) results at finish) writes the result columns straight
/// from the slots in one pass over the log. No group id is stored per slot, which keeps COUNT(*) + SUM
/// at 32 bytes a slot.
///
/// ## Performance
/// Keys hash with a one-multiply `slotHash`; the probe loops prefetch the home slot a fixed distance
/// ahead. Growth is one ordered pass over the old slots into a fresh zeroed mapping (`WordRows`), so
/// nothing is zeroed twice; a large table still filling with new keys grows 4x when the group count
/// estimated from recent rows needs it (`grownCapacity`), skipping an intermediate table. The common
/// dense COUNT(*) + SUM(BIGINT) case hashes, probes and updates in one loop (`UnsafeFusedKeyProbe`);
/// every other case hashes the batch first, probes to slot indices, then runs the fused field loops.
///
/// Measured (ColumnarKernels benchmark, 4 Mi rows, one core): about 44 M rows/s at 1 M groups, where
/// the probe loop is bound by random DRAM accesses and growth by zeroing fresh pages.
struct FusedKeyTable: Sendable {
    let keyType: DataType
    /// The slots; `rows.words` is the slot array.
    var rows: FusedAggregates
    /// The layout without the key word, for `materialized()`.
    let dense: FusedAggregates
    var capacity = 0
    var shift: UInt64 = 64
    /// Hash slots in use (the NULL and `keyMark` slots not counted).
    var occupied = 0
    /// The most slots in use before any `removeAll`.
    var peakOccupied = 0
    var groupCount = 0
    var nullGroup = -1
    var markGroup = -1
    /// The key of every group in first-seen order (0 for the NULL group); may be longer than `groupCount`.
    var keys: [Int64] = []
    /// Per-batch scratch: the full hash of every row's key.
    var hashes: [UInt64] = []
    /// Rows and new groups of the last batch folded in, for the growth estimate (`grownCapacity`).
    var lastBatchRows = 0
    var lastBatchNewGroups = 0
    /// COUNT(*) and SUM(BIGINT) word offsets and the SUM's aggregate index, when that is the whole shape.
    let countSum: (count: Int, sum: Int, sumAggregate: Int)?
    /// Where the slot array lives (anonymous memory when nil); asked only when the table grows.
    let memory: (any AggregateMemory)?

    /// Any Int64 key stored XOR this; the key equal to it gets its own slot.
    static let keyMark: UInt64 = 0x9E37_79B9_7F4A_7C15
    static let initialCapacity = 64
    /// Tables smaller than this keep a load of at most 1/4: they sit in cache, where the cost is the
    /// mispredicted branch of a probe that runs on, so shorter runs pay. Larger tables keep 1/2.
    static let sparseTableBytes = 4 << 20
    /// Fewer recent rows than this make no growth estimate (`grownCapacity`).
    static let estimateRows = 1024
    /// Tables larger than this prefetch their probes (past L1 and most of L2, prefetching pays).
    static let prefetchBytes = 256 << 10

    /// A table for one key of `keyType` (integer-like) and these fused aggregates; nil when not fusable.
    init?(keyType: DataType, specs: [AggregateSpec], inputSchema: Schema, retractions: Bool,
          memory: (any AggregateMemory)? = nil) {
        guard GroupTable.isIntegerLike(keyType),
              let rows = FusedAggregates(specs, inputSchema: inputSchema, retractions: retractions, leadingWords: 1),
              let dense = FusedAggregates(specs, inputSchema: inputSchema, retractions: retractions) else { return nil }
        self.keyType = keyType
        self.rows = rows
        self.dense = dense
        var shape: (count: Int, sum: Int, sumAggregate: Int)?
        if !retractions && rows.fields.count == 2 && specs.allSatisfy({ $0.filter == nil }) {
            let kinds = rows.fields.map(\.kind)
            if kinds == [.countRows, .sum(.int64)] {
                shape = (rows.fields[0].offset, rows.fields[1].offset, 1)
            } else if kinds == [.sum(.int64), .countRows] {
                shape = (rows.fields[1].offset, rows.fields[0].offset, 0)
            }
        }
        countSum = shape
        self.memory = memory
        resize(to: FusedKeyTable.initialCapacity)
    }

    var tableBytes: Int { capacity * rows.stride * MemoryLayout<Int64>.stride }

    /// The most hash slots in use before the table must grow.
    var limit: Int { limit(capacity) }

    /// The most hash slots in use at capacity `c`.
    func limit(_ c: Int) -> Int {
        c * rows.stride * MemoryLayout<Int64>.stride < FusedKeyTable.sparseTableBytes ? c / 4 : c / 2
    }

    /// Grows (by doubling) until `additional` more keys fit under the load limit.
    mutating func reserve(additional: Int) {
        var c = capacity
        while occupied + additional > limit(c) { c *= 2 }
        if c == capacity * 2 { c = grownCapacity(rows: 0, newGroups: 0) }
        if c != capacity { resize(to: c) }
        reserveKeys(additional)
    }

    /// The capacity to grow a full table to: double, or quadruple when the table is large and the
    /// group count estimated from the recent rows will not fit under the doubled table's load limit.
    ///
    /// Estimate: if a fraction f of recent rows started new groups, the keys seen so far cover about
    /// 1 - f of the key space, so about occupied / (1 - f) groups will exist once the stream has
    /// covered it (exact for uniformly drawn keys). Jumping straight there skips the intermediate
    /// table (its zeroing and a rehash of every slot); capping the step at 4x bounds the memory a
    /// wrong estimate (a stream that ends early) can waste. Small tables, cheap to rebuild, double.
    /// `rows` and `newGroups` count the current batch so far; the last batch is added to them.
    func grownCapacity(rows: Int, newGroups: Int) -> Int {
        let doubled = capacity * 2
        guard tableBytes >= FusedKeyTable.sparseTableBytes else { return doubled }
        let seen = rows + lastBatchRows
        guard seen >= FusedKeyTable.estimateRows else { return doubled }
        let repeats = Double(seen - newGroups - lastBatchNewGroups)
        let estimate = repeats <= 0 ? Double.infinity : Double(occupied) * Double(seen) / repeats
        return estimate > Double(doubled / 2) ? doubled * 2 : doubled
    }

    /// Makes the key log long enough for `additional` more groups (plus the NULL and mark groups).
    mutating func reserveKeys(_ additional: Int) {
        let needed = groupCount + additional + 2
        if keys.count < needed {
            keys.append(contentsOf: repeatElement(0, count: max(needed, keys.count * 2) - keys.count))
        }
    }

    /// Forgets every group but keeps the slot array (zeroed) and the key log: a table that is emptied
    /// and filled again (a pre-aggregation flushing) does not grow from its initial size each time.
    /// The array shrinks to the capacity that holds the most groups it held before (growth may have
    /// overshot; an early flush must not shrink it below what the next fill needs), since emptying it
    /// costs a pass over all of it.
    mutating func removeAll() {
        peakOccupied = max(peakOccupied, occupied)
        var fitting = FusedKeyTable.initialCapacity
        while limit(fitting) < peakOccupied { fitting *= 2 }
        if fitting < capacity {
            capacity = 0
            resize(to: fitting)
        } else {
            rows.words.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        occupied = 0
        groupCount = 0
        nullGroup = -1
        markGroup = -1
        lastBatchRows = 0
        lastBatchNewGroups = 0
    }

    /// Rebuilds the slots at `newCapacity` (a power of two) in one ordered pass over the old ones.
    mutating func resize(to newCapacity: Int) {
        precondition(newCapacity > 0 && newCapacity & (newCapacity - 1) == 0, "capacity must be a power of two")
        let stride = rows.stride
        var fresh = WordRows(zeroedCount: (newCapacity + 2) * stride, memory: memory)
        let newShift = UInt64(64 - newCapacity.trailingZeroBitCount)
        if capacity > 0 {
            rows.words.withUnsafeBufferPointer { old in
                fresh.withUnsafeMutableBufferPointer { new in
                    // SAFETY: both arrays hold capacity + 2 slots of `stride` words (old and new capacity).
                    FusedKeyTable.rehash(old.baseAddress!, capacity, new.baseAddress!, newCapacity, stride, newShift)
                }
            }
        }
        rows.words = fresh
        capacity = newCapacity
        shift = newShift
    }

    /// The key column and dense fused rows of groups 0..<groupCount, in first-seen order.
    func materialized() -> (key: Column, rows: FusedAggregates) {
        let n = groupCount
        var ids = [UInt32](repeating: 0, count: n)
        lookUpLoggedKeys(&ids)
        var out = dense
        out.words = WordRows(zeroedCount: n * dense.stride)
        let width = min(dense.stride, rows.stride - 1)
        rows.words.withUnsafeBufferPointer { s in
            out.words.withUnsafeMutableBufferPointer { d in
                // SAFETY: every id is a slot below capacity + 2; `d` holds n rows of `dense.stride` words.
                FusedKeyTable.gather(ids, s.baseAddress!, rows.stride, d.baseAddress!, dense.stride, width)
            }
        }
        return (keyColumn(), out)
    }

    /// The logged keys narrowed back to the key type, NULL for the NULL group.
    func keyColumn() -> Column {
        let n = groupCount
        let validity: Bitmap? = nullGroup < 0 ? nil : Bitmap((0..<n).map { $0 != nullGroup })
        let buffer: Buffer = keys.withUnsafeBufferPointer { all in
            let k = UnsafeBufferPointer(rebasing: all[0..<n])
            switch keyType.fixedWidth! {
            case 8: return Buffer(copying: k)
            case 4: return Buffer(k.map { Int32(truncatingIfNeeded: $0) })
            case 2: return Buffer(k.map { Int16(truncatingIfNeeded: $0) })
            default: return Buffer(k.map { Int8(truncatingIfNeeded: $0) })
            }
        }
        return Column(type: keyType, count: n, storage: .fixed(buffer), validity: validity)
    }
}
