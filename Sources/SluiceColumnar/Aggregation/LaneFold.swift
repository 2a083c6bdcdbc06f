/// The update loop of a per-group value accumulator (MIN/MAX, FIRST/LAST), written once per lane type.
///
/// `flag` is the accumulator's variant (MAX rather than MIN, LAST rather than FIRST); `pc` holds merge
/// weights (partial row counts) when `weighted`, and rows with a weight ≤ 0 are skipped.
protocol LaneFoldLoop {
    static func loop<T: Comparable & BitwiseCopyable>(
        _ rows: UpdateRows, _ gids: UnsafeBufferPointer<UInt32>, _ v: UnsafeBufferPointer<T>,
        _ s: UnsafeMutableBufferPointer<T>, _ c: UnsafeMutableBufferPointer<Int64>,
        _ pc: UnsafeBufferPointer<Int64>, _ weighted: Bool, _ flag: Bool)
}

extension LaneSlots {
    /// Runs `L.loop` over a batch in this slot array's lane: one dispatch on the lane per batch, then a
    /// specialized loop. `widened` holds the input in the lane type (`LaneSlots.widen`); `partialCounts`
    /// (merge only) weights rows by the partial state's row count.
    mutating func fold<L: LaneFoldLoop>(_ loop: L.Type, counts: inout [Int64], groupIds: Buffer, widened: Buffer,
                                        rows: UpdateRows, partialCounts: Column?, flag: Bool) {
        let weights: Buffer
        if let partialCounts, case .fixed(let buffer) = partialCounts.storage { weights = buffer } else { weights = .empty }
        let weighted = partialCounts != nil
        let lane = self.lane
        groupIds.withUnsafeBufferPointer(as: UInt32.self) { gids in
            weights.withUnsafeBufferPointer(as: Int64.self) { pc in
                counts.withUnsafeMutableBufferPointer { c in
                    switch lane {
                    case .int64:
                        widened.withUnsafeBufferPointer(as: Int64.self) { v in
                            i64.withUnsafeMutableBufferPointer { s in L.loop(rows, gids, v, s, c, pc, weighted, flag) }
                        }
                    case .double:
                        widened.withUnsafeBufferPointer(as: Double.self) { v in
                            f64.withUnsafeMutableBufferPointer { s in L.loop(rows, gids, v, s, c, pc, weighted, flag) }
                        }
                    case .int128:
                        widened.withUnsafeBufferPointer(as: Int128.self) { v in
                            i128.withUnsafeMutableBufferPointer { s in L.loop(rows, gids, v, s, c, pc, weighted, flag) }
                        }
                    }
                }
            }
        }
    }
}
