/// COUNT(*) (every touched row) and COUNT(x) (rows where x is not NULL); retractions subtract.
public struct CountAccumulator: Accumulator {
    let countsRows: Bool
    var counts: [Int64] = []

    public init(countsRows: Bool) { self.countsRows = countsRows }

    public var resultType: DataType { .int64 }
    public var stateTypes: [DataType] { [.int64] }

    public mutating func update(groupIds: Buffer, groupCount: Int, input: Column?, filter: Bitmap?,
                                selection: SelectionVector?, rowKinds: Buffer?) throws(SluiceError) {
        precondition(countsRows || input != nil, "COUNT(x) needs its input column")
        if counts.count < groupCount { counts.append(contentsOf: repeatElement(0, count: groupCount - counts.count)) }
        let rows = UpdateRows(physicalCount: groupIds.count(of: UInt32.self), selection: selection, filter: filter,
                              validity: countsRows ? nil : input?.validity, rowKinds: rowKinds)
        groupIds.withUnsafeBufferPointer(as: UInt32.self) { gids in
            counts.withUnsafeMutableBufferPointer { c in
                if rows.isDense {
                    CountAccumulator.countDense(gids, c)
                } else {
                    rows.forEach { row, sign in c[Int(gids[row])] &+= sign }
                }
            }
        }
    }

    @inline(never)
    static func countDense(_ gids: UnsafeBufferPointer<UInt32>, _ c: UnsafeMutableBufferPointer<Int64>) {
        for i in 0..<gids.count { c[Int(gids[i])] &+= 1 }
    }

    public mutating func merge(groupIds: Buffer, groupCount: Int, state: [Column], selection: SelectionVector?) throws(SluiceError) {
        try Accumulators.checkState(state, stateTypes, countsRows ? "COUNT(*)" : "COUNT")
        if counts.count < groupCount { counts.append(contentsOf: repeatElement(0, count: groupCount - counts.count)) }
        let rows = UpdateRows(physicalCount: state[0].count, selection: selection, filter: nil, validity: nil, rowKinds: nil)
        groupIds.withUnsafeBufferPointer(as: UInt32.self) { gids in
            state[0].withValues(Int64.self) { partial in
                counts.withUnsafeMutableBufferPointer { c in
                    rows.forEach { row, _ in c[Int(gids[row])] &+= partial[row] }
                }
            }
        }
    }

    public func state(groupCount: Int) -> [Column] { [finish(groupCount: groupCount)] }

    public func result(ofState state: [Column]) -> Column? {
        state.count == 1 && state[0].type == .int64 && state[0].validity == nil ? state[0] : nil
    }

    public func finish(groupCount: Int) -> Column {
        let values = (0..<groupCount).map { $0 < counts.count ? counts[$0] : 0 }
        return Column(type: .int64, count: groupCount, storage: .fixed(Buffer(values)))
    }
}
