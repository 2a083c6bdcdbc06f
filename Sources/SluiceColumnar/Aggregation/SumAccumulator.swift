/// SUM and AVG: a running sum in the input's lane (Int64, Double or Int128) plus the count of
/// contributing (non-NULL, unfiltered) rows, which makes both retractable and decides NULL results.
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
    var sums: LaneSlots
    var counts: [Int64] = []

    init(inputType: DataType, resultType: DataType, isAverage: Bool, name: String) {
        self.inputType = inputType
        self.resultType = resultType
        self.isAverage = isAverage
        self.name = name
        inputScale = inputType.decimalParameters?.scale ?? 0
        lane = inputType.isDecimal ? .int128 : Lane(inputType)!
        sums = LaneSlots(lane)
    }

    public var stateTypes: [DataType] { [lane.stateType(scale: inputScale), .int64] }

    mutating func grow(_ groupCount: Int) {
        sums.grow(to: groupCount, 0, 0, 0)
        if counts.count < groupCount { counts.append(contentsOf: repeatElement(0, count: groupCount - counts.count)) }
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
            counts.withUnsafeMutableBufferPointer { c in
                switch lane {
                case .int64:
                    values.withUnsafeBufferPointer(as: Int64.self) { v in
                        sums.i64.withUnsafeMutableBufferPointer { s in
                            overflow = rows.isDense ? SumAccumulator.sumDense(gids, v, s, c) : SumAccumulator.sumRows(rows, gids, v, s, c)
                        }
                    }
                case .int128:
                    values.withUnsafeBufferPointer(as: Int128.self) { v in
                        sums.i128.withUnsafeMutableBufferPointer { s in overflow = SumAccumulator.sumRows(rows, gids, v, s, c) }
                    }
                case .double:
                    values.withUnsafeBufferPointer(as: Double.self) { v in
                        sums.f64.withUnsafeMutableBufferPointer { s in
                            rows.forEach { row, sign in
                                let g = Int(gids[row])
                                s[g] += Double(sign) * v[row]
                                c[g] &+= sign
                            }
                        }
                    }
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
                         _ s: UnsafeMutableBufferPointer<Int64>, _ c: UnsafeMutableBufferPointer<Int64>) -> Bool {
        var overflow: UInt8 = 0
        for i in 0..<gids.count {
            let g = Int(gids[i])
            let (r, o) = s[g].addingReportingOverflow(v[i])
            s[g] = r
            overflow |= unsafeBitCast(o, to: UInt8.self)
            c[g] &+= 1
        }
        return overflow != 0
    }

    @inline(never)
    static func sumRows<T: FixedWidthInteger>(_ rows: UpdateRows, _ gids: UnsafeBufferPointer<UInt32>, _ v: UnsafeBufferPointer<T>,
                                              _ s: UnsafeMutableBufferPointer<T>, _ c: UnsafeMutableBufferPointer<Int64>) -> Bool {
        var overflow: UInt8 = 0
        rows.forEach { row, sign in
            let g = Int(gids[row])
            let (r, o) = sign > 0 ? s[g].addingReportingOverflow(v[row]) : s[g].subtractingReportingOverflow(v[row])
            s[g] = r
            overflow |= unsafeBitCast(o, to: UInt8.self)
            c[g] &+= sign
        }
        return overflow != 0
    }

    public mutating func merge(groupIds: Buffer, groupCount: Int, state: [Column], selection: SelectionVector?) throws(SluiceError) {
        try Accumulators.checkState(state, stateTypes, name)
        grow(groupCount)
        let rows = UpdateRows(physicalCount: state[0].count, selection: selection, filter: nil, validity: nil, rowKinds: nil)
        var overflow: UInt8 = 0
        groupIds.withUnsafeBufferPointer(as: UInt32.self) { gids in
            state[1].withValues(Int64.self) { pc in
                counts.withUnsafeMutableBufferPointer { c in
                    switch lane {
                    case .int64:
                        state[0].withValues(Int64.self) { ps in
                            sums.i64.withUnsafeMutableBufferPointer { s in
                                rows.forEach { row, _ in
                                    let g = Int(gids[row])
                                    let (r, o) = s[g].addingReportingOverflow(ps[row])
                                    s[g] = r; overflow |= unsafeBitCast(o, to: UInt8.self); c[g] &+= pc[row]
                                }
                            }
                        }
                    case .int128:
                        state[0].withValues(Int128.self) { ps in
                            sums.i128.withUnsafeMutableBufferPointer { s in
                                rows.forEach { row, _ in
                                    let g = Int(gids[row])
                                    let (r, o) = s[g].addingReportingOverflow(ps[row])
                                    s[g] = r; overflow |= unsafeBitCast(o, to: UInt8.self); c[g] &+= pc[row]
                                }
                            }
                        }
                    case .double:
                        state[0].withValues(Double.self) { ps in
                            sums.f64.withUnsafeMutableBufferPointer { s in
                                rows.forEach { row, _ in let g = Int(gids[row]); s[g] += ps[row]; c[g] &+= pc[row] }
                            }
                        }
                    }
                }
            }
        }
        if overflow != 0 { throw overflowError() }
    }

    public func state(groupCount: Int) -> [Column] {
        var copy = self
        copy.grow(groupCount)
        return [copy.sums.column(stateTypes[0], count: groupCount, validity: nil),
                Column(type: .int64, count: groupCount, storage: .fixed(Buffer(Array(copy.counts[0..<groupCount]))))]
    }

    public func finish(groupCount n: Int) throws(SluiceError) -> Column {
        var copy = self
        copy.grow(n)
        let validity = Accumulators.validity(copy.counts, n)
        switch lane {
        case .double:
            if isAverage {
                var avg = copy.sums
                for g in 0..<n where copy.counts[g] > 0 { avg.f64[g] = copy.sums.f64[g] / Double(copy.counts[g]) }
                return avg.column(resultType, count: n, validity: validity)
            }
            return copy.sums.column(resultType, count: n, validity: validity)
        case .int64:
            var out = copy.sums
            if isAverage {
                for g in 0..<n where copy.counts[g] > 0 { out.i64[g] = copy.sums.i64[g] / copy.counts[g] }
            } else if resultType.fixedWidth! < 8 {
                let (lo, hi) = IntegerRange.bounds(resultType)
                for g in 0..<n where copy.counts[g] > 0 && (out.i64[g] < lo || out.i64[g] > hi) {
                    throw .execution("\(name) = \(out.i64[g]) overflows its result type \(resultType) (\(lo)...\(hi)); cast the argument to BIGINT")
                }
            }
            return out.column(resultType, count: n, validity: validity)
        case .int128:
            var out = copy.sums
            let limit = DecimalFormat.powersOfTen[38]
            for g in 0..<n where copy.counts[g] > 0 {
                if isAverage { out.i128[g] = try averageDecimal(copy.sums.i128[g], copy.counts[g]) }
                guard out.i128[g].magnitude < limit.magnitude else {
                    throw .execution("\(name) overflowed \(resultType): the result has more than 38 digits")
                }
            }
            return out.column(resultType, count: n, validity: validity)
        }
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
