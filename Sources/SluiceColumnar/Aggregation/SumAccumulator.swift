/// SUM and AVG: a running sum in the input's lane (Int64, Double or Int128) plus the count of
/// contributing (non-NULL, unfiltered) rows, which makes both retractable and decides NULL results.
///
/// Layout: one array of the lane type with two slots per group, so a row touches one cache line:
///
///     slots: [ sum g0 | count g0 | sum g1 | count g1 | … ]   (count in the lane type; a Double
///                                                            count is exact up to 2^53 rows)
///
/// Integer sums are checked: overflowing BIGINT while accumulating, or the result type (SUM(INT) is
/// INT) at the end, fails with an execution error naming the aggregate.
public struct SumAccumulator: Accumulator {
    let inputType: DataType
    public let resultType: DataType
    let isAverage: Bool
    let name: String
    let lane: Lane
    let inputScale: Int
    var slots: LaneSlots

    init(inputType: DataType, resultType: DataType, isAverage: Bool, name: String) {
        self.inputType = inputType
        self.resultType = resultType
        self.isAverage = isAverage
        self.name = name
        inputScale = inputType.decimalParameters?.scale ?? 0
        lane = inputType.isDecimal ? .int128 : Lane(inputType)!
        slots = LaneSlots(lane)
    }

    public var stateTypes: [DataType] { [lane.stateType(scale: inputScale), .int64] }

    mutating func grow(_ groupCount: Int) { slots.grow(to: 2 * groupCount, 0, 0, 0) }

    /// The number of contributing rows of group g.
    func count(_ g: Int) -> Int64 {
        switch lane {
        case .int64: return slots.i64[2 * g + 1]
        case .double: return Int64(slots.f64[2 * g + 1])
        case .int128: return Int64(truncatingIfNeeded: slots.i128[2 * g + 1])
        }
    }

    public mutating func update(groupIds: Buffer, groupCount: Int, input: Column?, filter: Bitmap?,
                                selection: SelectionVector?, rowKinds: Buffer?) throws(SluiceError) {
        guard let input else { preconditionFailure("\(name) needs its input column") }
        grow(groupCount)
        let rows = UpdateRows(physicalCount: groupIds.count(of: UInt32.self), selection: selection, filter: filter,
                              validity: input.validity, rowKinds: rowKinds)
        let values = LaneSlots.widen(input, to: lane)
        var overflow = false
        groupIds.withUnsafeBufferPointer(as: UInt32.self) { gids in
            switch lane {
            case .int64:
                values.withUnsafeBufferPointer(as: Int64.self) { v in
                    slots.i64.withUnsafeMutableBufferPointer { s in
                        overflow = rows.isDense ? SumAccumulator.sumDense(gids, v, s) : SumAccumulator.sumRows(rows, gids, v, s)
                    }
                }
            case .int128:
                values.withUnsafeBufferPointer(as: Int128.self) { v in
                    slots.i128.withUnsafeMutableBufferPointer { s in overflow = SumAccumulator.sumRows(rows, gids, v, s) }
                }
            case .double:
                values.withUnsafeBufferPointer(as: Double.self) { v in
                    slots.f64.withUnsafeMutableBufferPointer { s in SumAccumulator.sumDoubles(rows, gids, v, s) }
                }
            }
        }
        if overflow { throw overflowError() }
    }

    func overflowError() -> SluiceError {
        .execution("\(name) overflowed: the running sum exceeds the range of \(lane == .int128 ? "DECIMAL(38)" : "BIGINT"); cast the argument to a wider type (e.g. DECIMAL(38, 0))")
    }

    @inline(never)
    static func sumDense(_ gids: UnsafeBufferPointer<UInt32>, _ v: UnsafeBufferPointer<Int64>,
                         _ s: UnsafeMutableBufferPointer<Int64>) -> Bool {
        var overflow: UInt8 = 0
        for i in 0..<gids.count {
            let g = Int(gids[i]) &* 2
            let (r, o) = s[g].addingReportingOverflow(v[i])
            s[g] = r
            overflow |= unsafeBitCast(o, to: UInt8.self)
            s[g &+ 1] &+= 1
        }
        return overflow != 0
    }

    @inline(never)
    static func sumRows<T: FixedWidthInteger>(_ rows: UpdateRows, _ gids: UnsafeBufferPointer<UInt32>, _ v: UnsafeBufferPointer<T>,
                                              _ s: UnsafeMutableBufferPointer<T>) -> Bool {
        var overflow: UInt8 = 0
        rows.forEach { row, sign in
            let g = Int(gids[row]) &* 2
            let (r, o) = sign > 0 ? s[g].addingReportingOverflow(v[row]) : s[g].subtractingReportingOverflow(v[row])
            s[g] = r
            overflow |= unsafeBitCast(o, to: UInt8.self)
            s[g &+ 1] &+= T(truncatingIfNeeded: sign)
        }
        return overflow != 0
    }

    @inline(never)
    static func sumDoubles(_ rows: UpdateRows, _ gids: UnsafeBufferPointer<UInt32>, _ v: UnsafeBufferPointer<Double>,
                           _ s: UnsafeMutableBufferPointer<Double>) {
        rows.forEach { row, sign in
            let g = Int(gids[row]) &* 2
            s[g] += Double(sign) * v[row]
            s[g &+ 1] += Double(sign)
        }
    }

    public mutating func merge(groupIds: Buffer, groupCount: Int, state: [Column], selection: SelectionVector?) throws(SluiceError) {
        try Accumulators.checkState(state, stateTypes, name)
        grow(groupCount)
        let rows = UpdateRows(physicalCount: state[0].count, selection: selection, filter: nil, validity: nil, rowKinds: nil)
        var overflow: UInt8 = 0
        groupIds.withUnsafeBufferPointer(as: UInt32.self) { gids in
            state[1].withValues(Int64.self) { pc in
                switch lane {
                case .int64:
                    state[0].withValues(Int64.self) { ps in
                        slots.i64.withUnsafeMutableBufferPointer { s in
                            rows.forEach { row, _ in
                                let g = Int(gids[row]) * 2
                                let (r, o) = s[g].addingReportingOverflow(ps[row])
                                s[g] = r; overflow |= unsafeBitCast(o, to: UInt8.self); s[g + 1] &+= pc[row]
                            }
                        }
                    }
                case .int128:
                    state[0].withValues(Int128.self) { ps in
                        slots.i128.withUnsafeMutableBufferPointer { s in
                            rows.forEach { row, _ in
                                let g = Int(gids[row]) * 2
                                let (r, o) = s[g].addingReportingOverflow(ps[row])
                                s[g] = r; overflow |= unsafeBitCast(o, to: UInt8.self); s[g + 1] &+= Int128(pc[row])
                            }
                        }
                    }
                case .double:
                    state[0].withValues(Double.self) { ps in
                        slots.f64.withUnsafeMutableBufferPointer { s in
                            rows.forEach { row, _ in let g = Int(gids[row]) * 2; s[g] += ps[row]; s[g + 1] += Double(pc[row]) }
                        }
                    }
                }
            }
        }
        if overflow != 0 { throw overflowError() }
    }

    /// The sums (lane values) and counts of groups 0..<n, split out of the interleaved slots.
    func split(_ n: Int) -> (sums: LaneSlots, counts: [Int64]) {
        var copy = self
        copy.grow(n)
        var sums = LaneSlots(lane)
        switch lane {
        case .int64: sums.i64 = (0..<n).map { copy.slots.i64[2 * $0] }
        case .double: sums.f64 = (0..<n).map { copy.slots.f64[2 * $0] }
        case .int128: sums.i128 = (0..<n).map { copy.slots.i128[2 * $0] }
        }
        return (sums, (0..<n).map { copy.count($0) })
    }

    public func state(groupCount n: Int) -> [Column] {
        let (sums, counts) = split(n)
        return [sums.column(stateTypes[0], count: n, validity: nil),
                Column(type: .int64, count: n, storage: .fixed(Buffer(counts)))]
    }

    /// BIGINT SUM: the sum column, NULL where the count is 0.
    public func result(ofState state: [Column]) -> Column? {
        guard lane == .int64, resultType == .int64, !isAverage, state.count == 2, state[0].type == .int64,
              state[1].type == .int64,
              state[0].validity == nil, state[1].validity == nil, case .fixed(let sums) = state[0].storage else { return nil }
        let n = state[0].count
        return Column(type: .int64, count: n, storage: .fixed(sums), validity: state[1].withValues(Int64.self) { Accumulators.validity($0, n) })
    }

    public func finish(groupCount n: Int) throws(SluiceError) -> Column {
        var (out, counts) = split(n)
        let validity = Accumulators.validity(counts, n)
        switch lane {
        case .double:
            if isAverage { for g in 0..<n where counts[g] > 0 { out.f64[g] /= Double(counts[g]) } }
        case .int64:
            if isAverage {
                for g in 0..<n where counts[g] > 0 { out.i64[g] /= counts[g] }
            } else if resultType.fixedWidth! < 8 {
                let (lo, hi) = IntegerRange.bounds(resultType)
                for g in 0..<n where counts[g] > 0 && (out.i64[g] < lo || out.i64[g] > hi) {
                    throw .execution("\(name) = \(out.i64[g]) overflows its result type \(resultType) (\(lo)...\(hi)); cast the argument to BIGINT")
                }
            }
        case .int128:
            let limit = DecimalFormat.powersOfTen[38]
            for g in 0..<n where counts[g] > 0 {
                if isAverage { out.i128[g] = try averageDecimal(out.i128[g], counts[g]) }
                guard out.i128[g].magnitude < limit.magnitude else {
                    throw .execution("\(name) overflowed \(resultType): the result has more than 38 digits")
                }
            }
        }
        return out.column(resultType, count: n, validity: validity)
    }

    /// sum / count rescaled from the input scale to the result scale, rounded HALF_UP (as Flink).
    func averageDecimal(_ sum: Int128, _ count: Int64) throws(SluiceError) -> Int128 {
        let resultScale = resultType.decimalParameters!.scale
        let (scaled, o) = sum.multipliedReportingOverflow(by: DecimalFormat.powersOfTen[resultScale - inputScale])
        if o { throw .execution("\(name) overflowed \(resultType) while rescaling the sum") }
        let d = Int128(count)
        var q = scaled / d
        let r = scaled % d
        if 2 * r.magnitude >= d.magnitude { q += scaled < 0 ? -1 : 1 }
        return q
    }
}
