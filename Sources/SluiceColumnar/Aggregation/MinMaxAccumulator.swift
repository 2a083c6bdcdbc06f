/// MIN and MAX over an append-only input: the extreme value per group in a lane slot plus the count
/// of contributing rows (0 → NULL). A retraction fails; use `RetractableMinMaxAccumulator` for changelogs.
public struct MinMaxAccumulator: Accumulator, LaneFoldLoop {
    let inputType: DataType
    let isMax: Bool
    let name: String
    let lane: Lane
    var values: LaneSlots
    var counts: [Int64] = []

    init(inputType: DataType, isMax: Bool, name: String) {
        self.inputType = inputType
        self.isMax = isMax
        self.name = name
        lane = Lane(inputType)!
        values = LaneSlots(lane)
    }

    public var resultType: DataType { inputType }
    public var stateTypes: [DataType] { [lane.stateType(scale: inputType.decimalParameters?.scale ?? 0), .int64] }

    mutating func grow(_ n: Int) {
        if isMax { values.grow(to: n, .min, -.infinity, .min) } else { values.grow(to: n, .max, .infinity, .max) }
        if counts.count < n { counts.append(contentsOf: repeatElement(0, count: n - counts.count)) }
    }

    public mutating func update(groupIds: Buffer, groupCount: Int, input: Column?, filter: Bitmap?,
                                selection: SelectionVector?, rowKinds: Buffer?) throws(SluiceError) {
        guard let input else { preconditionFailure("\(name) needs its input column") }
        let rows = UpdateRows(physicalCount: groupIds.count(of: UInt32.self), selection: selection, filter: filter,
                              validity: input.validity, rowKinds: rowKinds)
        if rows.hasRetractions { throw Accumulators.retractionUnsupported(name) }
        grow(groupCount)
        let widened = LaneSlots.widen(input, to: lane)
        fold(groupIds, widened, rows, partialCounts: nil)
    }

    /// Folds values into the groups; `partialCounts` (merge) weights rows and skips empty partials.
    mutating func fold(_ groupIds: Buffer, _ widened: Buffer, _ rows: UpdateRows, partialCounts: Column?) {
        values.fold(MinMaxAccumulator.self, counts: &counts, groupIds: groupIds, widened: widened, rows: rows,
                    partialCounts: partialCounts, flag: isMax)
    }

    @inline(never)
    static func loop<T: Comparable & BitwiseCopyable>(_ rows: UpdateRows, _ gids: UnsafeBufferPointer<UInt32>, _ v: UnsafeBufferPointer<T>,
                                    _ s: UnsafeMutableBufferPointer<T>, _ c: UnsafeMutableBufferPointer<Int64>,
                                    _ pc: UnsafeBufferPointer<Int64>, _ weighted: Bool, _ isMax: Bool) {
        rows.forEach { row, _ in
            let w = weighted ? pc[row] : 1
            if w <= 0 { return }
            let g = Int(gids[row])
            let x = v[row]
            if isMax ? x > s[g] : x < s[g] { s[g] = x }
            c[g] &+= w
        }
    }

    public mutating func merge(groupIds: Buffer, groupCount: Int, state: [Column], selection: SelectionVector?) throws(SluiceError) {
        try Accumulators.checkState(state, stateTypes, name)
        grow(groupCount)
        let rows = UpdateRows(physicalCount: state[0].count, selection: selection, filter: nil, validity: nil, rowKinds: nil)
        fold(groupIds, LaneSlots.widen(state[0], to: lane), rows, partialCounts: state[1])
    }

    public func state(groupCount n: Int) -> [Column] {
        var copy = self
        copy.grow(n)
        return [copy.values.column(stateTypes[0], count: n, validity: nil),
                Column(type: .int64, count: n, storage: .fixed(Buffer(Array(copy.counts[0..<n]))))]
    }

    public func finish(groupCount n: Int) -> Column {
        var copy = self
        copy.grow(n)
        return copy.values.column(inputType, count: n, validity: Accumulators.validity(copy.counts, n))
    }
}
