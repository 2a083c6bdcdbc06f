/// A multiset of (group, value) pairs with a count per pair: the side structure behind
/// COUNT(DISTINCT x) and retractable MIN/MAX.
///
/// The pairs live in a `GroupTable` keyed by (group id, value), their counts in a fixed-width array
/// indexed by pair id, so the whole structure stays in fixed-width slots plus the table's key arena.
struct ValueMultiset {
    var pairs: GroupTable
    var pairCounts: [Int64] = []
    let valueType: DataType

    init(valueType: DataType) throws(SluiceError) {
        self.valueType = valueType
        pairs = try GroupTable(keyTypes: [.int64, valueType])
    }

    /// Adds (sign +1) or removes (sign -1) each touched row's (group, value); `distinct[g]` (when
    /// tracked) changes by one whenever a pair's count leaves or reaches zero.
    mutating func update(groupIds: Buffer, input: Column, rows: UpdateRows, distinct: inout [Int64], trackDistinct: Bool) {
        var touched: [UInt32] = []
        var signs: [Int64] = []
        touched.reserveCapacity(rows.count)
        rows.forEach { row, sign in touched.append(UInt32(truncatingIfNeeded: row)); signs.append(sign) }
        guard !touched.isEmpty else { return }
        let physical = groupIds.count(of: UInt32.self)
        let groupColumn = groupIds.withUnsafeBufferPointer(as: UInt32.self) { g in
            Column(type: .int64, count: physical, storage: .fixed(LaneSlots.widenLoop(g, Int64.self)))
        }
        let pairIds = pairs.findOrInsert([groupColumn, input], selection: SelectionVector(indices: Buffer(touched), count: touched.count))
        if pairCounts.count < pairs.groupCount {
            pairCounts.append(contentsOf: repeatElement(0, count: pairs.groupCount - pairCounts.count))
        }
        pairIds.withUnsafeBufferPointer(as: UInt32.self) { p in
            groupIds.withUnsafeBufferPointer(as: UInt32.self) { g in
                for (i, row) in touched.enumerated() {
                    let pair = Int(p[Int(row)])
                    let before = pairCounts[pair]
                    let after = before &+ signs[i]
                    pairCounts[pair] = after
                    if trackDistinct {
                        if before <= 0 && after > 0 { distinct[Int(g[Int(row)])] += 1 }
                        if before > 0 && after <= 0 { distinct[Int(g[Int(row)])] -= 1 }
                    }
                }
            }
        }
    }

    /// Adds `counts[i]` to the pair (group `groupIds[i]`, `values[i]`) for every row (a restore).
    mutating func add(groupIds: Buffer, values: Column, counts: Column, distinct: inout [Int64], trackDistinct: Bool) {
        let n = values.count
        guard n > 0 else { return }
        let groupColumn = groupIds.withUnsafeBufferPointer(as: UInt32.self) { g in
            Column(type: .int64, count: n, storage: .fixed(LaneSlots.widenLoop(g, Int64.self)))
        }
        let pairIds = pairs.findOrInsert([groupColumn, values])
        if pairCounts.count < pairs.groupCount {
            pairCounts.append(contentsOf: repeatElement(0, count: pairs.groupCount - pairCounts.count))
        }
        pairIds.withUnsafeBufferPointer(as: UInt32.self) { p in
            groupIds.withUnsafeBufferPointer(as: UInt32.self) { g in
                counts.withValues(Int64.self) { c in
                    for row in 0..<n {
                        let pair = Int(p[row])
                        let before = pairCounts[pair]
                        let after = before &+ c[row]
                        pairCounts[pair] = after
                        if trackDistinct && before <= 0 && after > 0 { distinct[Int(g[row])] += 1 }
                        if trackDistinct && before > 0 && after <= 0 { distinct[Int(g[row])] -= 1 }
                    }
                }
            }
        }
    }

    /// Every pair whose count is positive: group id, value, count.
    func liveEntries() -> (groupIds: Buffer, values: Column, counts: Column) {
        let keys = pairs.keyColumns()
        let live = (0..<pairs.groupCount).filter { pairCounts[$0] > 0 }
        let selection = SelectionVector(live)
        let groups = Take.take(keys[0], selection).withValues(Int64.self) { LaneSlots.widenLoop($0, UInt32.self) }
        let counts = Column(type: .int64, count: live.count, storage: .fixed(Buffer(live.map { pairCounts[$0] })))
        return (groups, Take.take(keys[1], selection), counts)
    }

    /// The group id and value of every pair whose count is positive.
    func livePairs() -> (groupIds: Buffer, values: Column, live: Bitmap) {
        let keys = pairs.keyColumns()
        let groupIds = keys[0].withValues(Int64.self) { LaneSlots.widenLoop($0, UInt32.self) }
        let live = Bitmap((0..<pairs.groupCount).map { pairCounts[$0] > 0 })
        return (groupIds, keys[1], live)
    }
}

/// COUNT(DISTINCT x): the number of distinct non-NULL values per group, retractable through the
/// pair counts of a `ValueMultiset`. Not mergeable across phases (plan DISTINCT single-phase).
public struct CountDistinctAccumulator: Accumulator {
    var multiset: ValueMultiset
    var distinct: [Int64] = []

    init(inputType: DataType) throws(SluiceError) {
        multiset = try ValueMultiset(valueType: inputType)
    }

    public var resultType: DataType { .int64 }
    public var stateTypes: [DataType] { [] }

    public mutating func update(groupIds: Buffer, groupCount: Int, input: Column?, filter: Bitmap?,
                                selection: SelectionVector?, rowKinds: Buffer?) throws(SluiceError) {
        guard let input else { preconditionFailure("COUNT(DISTINCT x) needs its input column") }
        if distinct.count < groupCount { distinct.append(contentsOf: repeatElement(0, count: groupCount - distinct.count)) }
        let rows = UpdateRows(physicalCount: groupIds.count(of: UInt32.self), selection: selection, filter: filter,
                              validity: input.validity, rowKinds: rowKinds)
        multiset.update(groupIds: groupIds, input: input, rows: rows, distinct: &distinct, trackDistinct: true)
    }

    public mutating func merge(groupIds: Buffer, groupCount: Int, state: [Column], selection: SelectionVector?) throws(SluiceError) {
        throw CountDistinctAccumulator.notMergeable
    }

    public func state(groupCount: Int) throws(SluiceError) -> [Column] { throw CountDistinctAccumulator.notMergeable }

    public var keepsValuePairs: Bool { true }
    public func valuePairs() -> (groupIds: Buffer, values: Column, counts: Column)? { multiset.liveEntries() }
    public mutating func restoreValuePairs(groupIds: Buffer, groupCount: Int, values: Column, counts: Column) throws(SluiceError) {
        if distinct.count < groupCount { distinct.append(contentsOf: repeatElement(0, count: groupCount - distinct.count)) }
        multiset.add(groupIds: groupIds, values: values, counts: counts, distinct: &distinct, trackDistinct: true)
    }

    static let notMergeable = SluiceError.unsupported("COUNT(DISTINCT …) has no two-phase (local/global) form; aggregate it in a single phase after the hash edge")

    public func finish(groupCount n: Int) -> Column {
        Column(type: .int64, count: n, storage: .fixed(Buffer((0..<n).map { $0 < distinct.count ? distinct[$0] : 0 })))
    }
}

/// MIN/MAX over a changelog: every value is kept with its count per group, so retracting the current
/// extreme falls back to the next one. The result is computed from the live pairs at `finish`.
public struct RetractableMinMaxAccumulator: Accumulator {
    var multiset: ValueMultiset
    let inputType: DataType
    let isMax: Bool
    let name: String

    init(inputType: DataType, isMax: Bool, name: String) throws(SluiceError) {
        multiset = try ValueMultiset(valueType: inputType)
        self.inputType = inputType
        self.isMax = isMax
        self.name = name
    }

    public var resultType: DataType { inputType }
    public var stateTypes: [DataType] { [] }

    public mutating func update(groupIds: Buffer, groupCount: Int, input: Column?, filter: Bitmap?,
                                selection: SelectionVector?, rowKinds: Buffer?) throws(SluiceError) {
        guard let input else { preconditionFailure("\(name) needs its input column") }
        let rows = UpdateRows(physicalCount: groupIds.count(of: UInt32.self), selection: selection, filter: filter,
                              validity: input.validity, rowKinds: rowKinds)
        var unused: [Int64] = []
        multiset.update(groupIds: groupIds, input: input, rows: rows, distinct: &unused, trackDistinct: false)
    }

    public mutating func merge(groupIds: Buffer, groupCount: Int, state: [Column], selection: SelectionVector?) throws(SluiceError) {
        throw .unsupported("\(name) over a changelog has no two-phase (local/global) form; aggregate it in a single phase")
    }

    public func state(groupCount: Int) throws(SluiceError) -> [Column] {
        throw .unsupported("\(name) over a changelog has no two-phase (local/global) form; aggregate it in a single phase")
    }

    public var keepsValuePairs: Bool { true }
    public func valuePairs() -> (groupIds: Buffer, values: Column, counts: Column)? { multiset.liveEntries() }
    public mutating func restoreValuePairs(groupIds: Buffer, groupCount: Int, values: Column, counts: Column) throws(SluiceError) {
        var unused: [Int64] = []
        multiset.add(groupIds: groupIds, values: values, counts: counts, distinct: &unused, trackDistinct: false)
    }

    public func finish(groupCount n: Int) throws(SluiceError) -> Column {
        var plain = Accumulators.appendOnlyMinMax(inputType, isMax: isMax, name: name)
        let (groupIds, values, live) = multiset.livePairs()
        try plain.update(groupIds: groupIds, groupCount: n, input: values, filter: live, selection: nil, rowKinds: nil)
        return try plain.finish(groupCount: n)
    }
}
