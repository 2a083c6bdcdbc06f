import CShims

/// The one-pass update for the common dense case: no selection, FILTER, NULLs or retractions, and only
/// counts and Int64 sums. Every row touches its group's row once, prefetched a fixed distance ahead,
/// so a batch costs about one cache miss per row however many aggregates there are.
extension FusedAggregates {
    /// True when `update` may take the one-pass path for these inputs.
    func isDenseOnePass(inputs: [Column?], filters: [Bitmap?], selection: SelectionVector?, rowKinds: Buffer?) -> Bool {
        guard selection == nil, rowKinds == nil, rowsField == nil else { return false }
        for (i, field) in fields.enumerated() {
            if filters[i] != nil { return false }
            switch field.kind {
            case .countRows: continue
            case .countValues: if inputs[i]?.validity != nil { return false }
            case .sum(let lane): if lane != .int64 || inputs[i]?.validity != nil { return false }
            }
        }
        return true
    }

    /// One pass over all fields; returns the index of an aggregate whose sum overflowed.
    mutating func updateDenseOnePass(groupIds: Buffer, inputs: [Column?]) -> Int? {
        var countOffsets: [Int] = [], sumOffsets: [Int] = [], sumFields: [Int] = [], values: [Buffer] = []
        for (i, field) in fields.enumerated() {
            if case .sum = field.kind {
                sumOffsets.append(field.offset); sumFields.append(i); values.append(LaneSlots.widen(inputs[i]!, to: .int64))
            } else {
                countOffsets.append(field.offset)
            }
        }
        let stride = self.stride
        let prefetch = words.count * MemoryLayout<Int64>.stride > FusedAggregates.prefetchBytes
        let overflow: UInt64 = groupIds.withUnsafeBufferPointer(as: UInt32.self) { gids in
            words.withUnsafeMutableBufferPointer { w in
                FusedAggregates.withValuePointers(values[...], []) { v in
                    countOffsets.withUnsafeBufferPointer { c in
                        sumOffsets.withUnsafeBufferPointer { s in
                            v.withUnsafeBufferPointer { v in
                                // SAFETY: `grow` sized the rows for every group id; every value buffer has a
                                // value per physical row (the inputs are columns of the batch).
                                FusedAggregates.denseOnePass(gids, w.baseAddress!, stride, c, s, v, prefetch: prefetch)
                            }
                        }
                    }
                }
            }
        }
        return overflow == 0 ? nil : sumFields[min(overflow.trailingZeroBitCount, sumFields.count - 1)]
    }

    /// Calls `body` with the base address of every buffer (Int64 values), keeping all of them alive.
    static func withValuePointers<R>(_ buffers: ArraySlice<Buffer>, _ collected: [UnsafePointer<Int64>],
                                     _ body: ([UnsafePointer<Int64>]) -> R) -> R {
        guard let first = buffers.first else { return body(collected) }
        return first.withUnsafeBufferPointer(as: Int64.self) { p in
            // SAFETY: an empty buffer has no base address; the loop then reads no value through the stand-in.
            withValuePointers(buffers.dropFirst(), collected + [p.baseAddress ?? UnsafePointer(bitPattern: 8)!], body)
        }
    }

    @inline(never)
    static func denseOnePass(_ gids: UnsafeBufferPointer<UInt32>, _ base: UnsafeMutablePointer<Int64>, _ stride: Int,
                             _ counts: UnsafeBufferPointer<Int>, _ sums: UnsafeBufferPointer<Int>,
                             _ values: UnsafeBufferPointer<UnsafePointer<Int64>>, prefetch: Bool) -> UInt64 {
        if counts.count == 1 && sums.count == 1 {
            return countAndSum(gids, base, stride, counts[0], sums[0], values[0], prefetch: prefetch)
        }
        let n = gids.count
        let d = prefetch ? denseDistance : 0
        var overflow: UInt64 = 0   // bit j: sum j overflowed (sums past 63 share bit 63)
        for i in 0..<min(n, d) { sluice_prefetch(base + Int(gids[i]) &* stride) }
        for i in 0..<n {
            if prefetch && i &+ d < n { sluice_prefetch(base + Int(gids[i &+ d]) &* stride) }
            let row = base + Int(gids[i]) &* stride
            for c in counts { row[c] &+= 1 }
            for j in 0..<sums.count {
                let p = row + sums[j]
                let (r, o) = p[0].addingReportingOverflow(values[j][i])
                p[0] = r
                overflow |= UInt64(unsafeBitCast(o, to: UInt8.self)) &<< UInt64(min(j, 63))
                p[1] &+= 1
            }
        }
        return overflow
    }

    /// COUNT(*) + SUM(x), the most common shape, without the inner loops over fields.
    @inline(never)
    static func countAndSum(_ gids: UnsafeBufferPointer<UInt32>, _ base: UnsafeMutablePointer<Int64>, _ stride: Int,
                            _ count: Int, _ sum: Int, _ values: UnsafePointer<Int64>, prefetch: Bool) -> UInt64 {
        let n = gids.count
        let d = prefetch ? denseDistance : 0
        var overflow: UInt8 = 0
        for i in 0..<min(n, d) { sluice_prefetch(base + Int(gids[i]) &* stride) }
        for i in 0..<n {
            if prefetch && i &+ d < n { sluice_prefetch(base + Int(gids[i &+ d]) &* stride) }
            let row = base + Int(gids[i]) &* stride
            row[count] &+= 1
            let (r, o) = row[sum].addingReportingOverflow(values[i])
            row[sum] = r
            overflow |= unsafeBitCast(o, to: UInt8.self)
            row[sum &+ 1] &+= 1
        }
        return UInt64(overflow)
    }

    /// Rows larger than this (past L2) are prefetched; below it prefetching only costs instructions.
    static let prefetchBytes = 1 << 20

    /// Rows ahead the one-pass loop prefetches.
    static let denseDistance = 64
}
