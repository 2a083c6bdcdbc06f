/// FIRST_VALUE and LAST_VALUE: the first / last non-NULL value per group in input order (Flink skips
/// NULLs too), a lane slot plus a count (0 → NULL). Append-only; merging partial states keeps the
/// first partial's value (FIRST) or the last one merged (LAST), so merge order must follow input order.
public struct FirstLastAccumulator: Accumulator, LaneFoldLoop {
    let inputType: DataType
    let isLast: Bool
    let name: String
    let lane: Lane
    var values: LaneSlots
    var counts: [Int64] = []

    init(inputType: DataType, isLast: Bool, name: String) {
        self.inputType = inputType
        self.isLast = isLast
        self.name = name
        lane = Lane(inputType)!
        values = LaneSlots(lane)
    }

    public var resultType: DataType { inputType }
    public var stateTypes: [DataType] { [lane.stateType(scale: inputType.decimalParameters?.scale ?? 0), .int64] }

    mutating func grow(_ n: Int) {
        values.grow(to: n, 0, 0, 0)
        if counts.count < n { counts.append(contentsOf: repeatElement(0, count: n - counts.count)) }
    }

    public mutating func update(groupIds: Buffer, groupCount: Int, input: Column?, filter: Bitmap?,
                                selection: SelectionVector?, rowKinds: Buffer?) throws(SluiceError) {
        guard let input else { preconditionFailure("\(name) needs its input column") }
        let rows = UpdateRows(physicalCount: groupIds.count(of: UInt32.self), selection: selection, filter: filter,
                              validity: input.validity, rowKinds: rowKinds)
        if rows.hasRetractions { throw Accumulators.retractionUnsupported(name) }
        grow(groupCount)
        fold(groupIds, LaneSlots.widen(input, to: lane), rows, nil)
    }

    mutating func fold(_ groupIds: Buffer, _ widened: Buffer, _ rows: UpdateRows, _ partialCounts: Column?) {
        values.fold(FirstLastAccumulator.self, counts: &counts, groupIds: groupIds, widened: widened, rows: rows,
                    partialCounts: partialCounts, flag: isLast)
    }

    @inline(never)
    static func loop<T: Comparable & BitwiseCopyable>(_ rows: UpdateRows, _ gids: UnsafeBufferPointer<UInt32>, _ v: UnsafeBufferPointer<T>,
                        _ s: UnsafeMutableBufferPointer<T>, _ c: UnsafeMutableBufferPointer<Int64>,
                        _ pc: UnsafeBufferPointer<Int64>, _ weighted: Bool, _ isLast: Bool) {
        rows.forEach { row, _ in
            let w = weighted ? pc[row] : 1
            if w <= 0 { return }
            let g = Int(gids[row])
            if isLast || c[g] == 0 { s[g] = v[row] }
            c[g] &+= w
        }
    }

    public mutating func merge(groupIds: Buffer, groupCount: Int, state: [Column], selection: SelectionVector?) throws(SluiceError) {
        try Accumulators.checkState(state, stateTypes, name)
        grow(groupCount)
        let rows = UpdateRows(physicalCount: state[0].count, selection: selection, filter: nil, validity: nil, rowKinds: nil)
        fold(groupIds, LaneSlots.widen(state[0], to: lane), rows, state[1])
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
