import CShims

/// The loops behind `FusedAggregates`: one field of every row of a batch per call, on raw row pointers.
///
/// Every group id in a batch is below `rowCount` (the table assigned them and `grow` ran first), so
/// `base + g * stride + offset` stays inside the rows.
extension FusedAggregates {
    /// Rows ahead whose state row the dense loops prefetch: about one DRAM latency of loop iterations.
    static let prefetchDistance = 32

    /// Updates one field for the touched rows; true when an Int64 sum overflowed.
    mutating func updateField(_ field: Field, _ rows: UpdateRows, _ groupIds: Buffer, _ input: Column?, prefetch: Bool) -> Bool {
        let stride = self.stride, offset = field.offset
        let values: Buffer? = if case .sum(let lane) = field.kind { LaneSlots.widen(input!, to: lane) } else { nil }
        return groupIds.withUnsafeBufferPointer(as: UInt32.self) { gids in
            words.withUnsafeMutableBufferPointer { w in
                // SAFETY: `grow` sized the rows for every group id in `gids` (see the type's comment).
                let base = w.baseAddress!
                switch field.kind {
                case .countRows, .countValues:
                    if rows.isDense {
                        FusedAggregates.countDense(gids, base, stride, offset, prefetch)
                    } else {
                        rows.forEach { row, sign in base[Int(gids[row]) &* stride &+ offset] &+= sign }
                    }
                    return false
                case .sum(.double):
                    return values!.withUnsafeBufferPointer(as: Double.self) { v in
                        FusedAggregates.sumDoubles(rows, gids, v, base, stride, offset)
                        return false
                    }
                case .sum:
                    return values!.withUnsafeBufferPointer(as: Int64.self) { v in
                        rows.isDense ? FusedAggregates.sumDense(gids, v, base, stride, offset, prefetch)
                                     : FusedAggregates.sumRows(rows, gids, v, base, stride, offset)
                    }
                }
            }
        }
    }

    @inline(never)
    static func countDense(_ gids: UnsafeBufferPointer<UInt32>, _ base: UnsafeMutablePointer<Int64>,
                           _ stride: Int, _ offset: Int, _ prefetch: Bool) {
        let n = gids.count
        if prefetch {
            for i in 0..<min(n, prefetchDistance) { sluice_prefetch(base + Int(gids[i]) &* stride) }
            for i in 0..<n {
                if i &+ prefetchDistance < n { sluice_prefetch(base + Int(gids[i &+ prefetchDistance]) &* stride) }
                base[Int(gids[i]) &* stride &+ offset] &+= 1
            }
        } else {
            for i in 0..<n { base[Int(gids[i]) &* stride &+ offset] &+= 1 }
        }
    }

    @inline(never)
    static func sumDense(_ gids: UnsafeBufferPointer<UInt32>, _ v: UnsafeBufferPointer<Int64>, _ base: UnsafeMutablePointer<Int64>,
                         _ stride: Int, _ offset: Int, _ prefetch: Bool) -> Bool {
        let n = gids.count
        var overflow: UInt8 = 0
        if prefetch {
            for i in 0..<min(n, prefetchDistance) { sluice_prefetch(base + Int(gids[i]) &* stride) }
        }
        for i in 0..<n {
            if prefetch && i &+ prefetchDistance < n { sluice_prefetch(base + Int(gids[i &+ prefetchDistance]) &* stride) }
            let p = base + (Int(gids[i]) &* stride &+ offset)
            let (r, o) = p[0].addingReportingOverflow(v[i])
            p[0] = r
            overflow |= unsafeBitCast(o, to: UInt8.self)
            p[1] &+= 1
        }
        return overflow != 0
    }

    @inline(never)
    static func sumRows(_ rows: UpdateRows, _ gids: UnsafeBufferPointer<UInt32>, _ v: UnsafeBufferPointer<Int64>,
                        _ base: UnsafeMutablePointer<Int64>, _ stride: Int, _ offset: Int) -> Bool {
        var overflow: UInt8 = 0
        rows.forEach { row, sign in
            let p = base + (Int(gids[row]) &* stride &+ offset)
            let (r, o) = sign > 0 ? p[0].addingReportingOverflow(v[row]) : p[0].subtractingReportingOverflow(v[row])
            p[0] = r
            overflow |= unsafeBitCast(o, to: UInt8.self)
            p[1] &+= sign
        }
        return overflow != 0
    }

    /// Double sums keep the sum's bit pattern in the Int64 word (the same arithmetic as `SumAccumulator`).
    @inline(never)
    static func sumDoubles(_ rows: UpdateRows, _ gids: UnsafeBufferPointer<UInt32>, _ v: UnsafeBufferPointer<Double>,
                           _ base: UnsafeMutablePointer<Int64>, _ stride: Int, _ offset: Int) {
        rows.forEach { row, sign in
            let p = base + (Int(gids[row]) &* stride &+ offset)
            let s = Double(bitPattern: UInt64(bitPattern: p[0])) + Double(sign) * v[row]
            p[0] = Int64(bitPattern: s.bitPattern)
            p[1] &+= sign
        }
    }

    /// Adds one field's partial state (`first`, and for sums the counts in `second`); true on overflow.
    @discardableResult
    mutating func mergeField(_ field: Field, _ rows: UpdateRows, _ groupIds: Buffer, _ first: Column, _ second: Column?) -> Bool {
        let stride = self.stride, offset = field.offset
        var overflow: UInt8 = 0
        groupIds.withUnsafeBufferPointer(as: UInt32.self) { gids in
            words.withUnsafeMutableBufferPointer { w in
                // SAFETY: `grow` sized the rows for every group id in `gids`.
                let base = w.baseAddress!
                switch field.kind {
                case .countRows, .countValues:
                    first.withValues(Int64.self) { c in
                        rows.forEach { row, _ in base[Int(gids[row]) &* stride &+ offset] &+= c[row] }
                    }
                case .sum(let lane):
                    second!.withValues(Int64.self) { c in
                        if lane == .double {
                            first.withValues(Double.self) { s in
                                rows.forEach { row, _ in
                                    let p = base + (Int(gids[row]) &* stride &+ offset)
                                    p[0] = Int64(bitPattern: (Double(bitPattern: UInt64(bitPattern: p[0])) + s[row]).bitPattern)
                                    p[1] &+= c[row]
                                }
                            }
                        } else {
                            first.withValues(Int64.self) { s in
                                rows.forEach { row, _ in
                                    let p = base + (Int(gids[row]) &* stride &+ offset)
                                    let (r, o) = p[0].addingReportingOverflow(s[row])
                                    p[0] = r
                                    overflow |= unsafeBitCast(o, to: UInt8.self)
                                    p[1] &+= c[row]
                                }
                            }
                        }
                    }
                }
            }
        }
        return overflow != 0
    }
}
