/// Which rows of a batch an accumulator update touches, and with which sign: the selection, a mask
/// (FILTER AND input validity, over physical rows) and the row kinds (-U/-D retract).
///
/// Built once per batch and aggregate; `forEach` inlines into each accumulator's loop, so the per-row
/// body is not a closure call.
struct UpdateRows {
    let count: Int
    let selection: SelectionVector?
    /// Aligned words over physical rows; a row is skipped when its bit is 0.
    let mask: Buffer?
    let kinds: Buffer?

    init(physicalCount: Int, selection: SelectionVector?, filter: Bitmap?, validity: Bitmap?, rowKinds: Buffer?) {
        precondition(filter.map { $0.count == physicalCount } ?? true, "FILTER mask has \(filter?.count ?? 0) bits for \(physicalCount) rows")
        precondition(validity.map { $0.count == physicalCount } ?? true, "input has \(validity?.count ?? 0) rows, group ids \(physicalCount)")
        count = selection?.count ?? physicalCount
        self.selection = selection
        kinds = rowKinds
        switch (filter, validity) {
        case (nil, nil): mask = nil
        case (let f?, nil): mask = f.realigned()
        case (nil, let v?): mask = v.realigned()
        case (let f?, let v?):
            var out = MutableBuffer(uninitializedCount: Bitmap.wordCount(physicalCount), of: UInt64.self)
            f.withAlignedWords { fw in
                v.withAlignedWords { vw in
                    out.withUnsafeMutableBufferPointer(as: UInt64.self) { o in
                        for i in 0..<o.count { o[i] = fw[i] & vw[i] }
                    }
                }
            }
            mask = out.freeze()
        }
    }

    /// No selection, mask or retractions: accumulators run their plain loop.
    var isDense: Bool { selection == nil && mask == nil && kinds == nil }

    /// True when some row in the batch retracts (-U or -D).
    var hasRetractions: Bool {
        guard let kinds else { return false }
        return kinds.withUnsafeBufferPointer(as: UInt8.self) { k in
            var any: UInt8 = 0
            if let selection {
                selection.withUnsafeIndices { s in for i in 0..<count { any |= k[Int(s[i])] & 1 } }
            } else {
                for i in 0..<count { any |= k[i] & 1 }
            }
            return any != 0
        }
    }

    /// Calls `body(row, sign)` for every touched physical row in order; sign is +1 or -1 (retract).
    @inline(__always)
    func forEach(_ body: (Int, Int64) -> Void) {
        let empty = Buffer.empty
        (selection?.indices ?? empty).withUnsafeBufferPointer(as: UInt32.self) { sel in
            (mask ?? empty).withUnsafeBufferPointer(as: UInt64.self) { m in
                (kinds ?? empty).withUnsafeBufferPointer(as: UInt8.self) { k in
                    let hasSel = selection != nil, hasMask = mask != nil, hasKinds = kinds != nil
                    for i in 0..<count {
                        let row = hasSel ? Int(sel[i]) : i
                        if hasMask && (m[row >> 6] >> UInt64(row & 63)) & 1 == 0 { continue }
                        let sign: Int64 = hasKinds ? 1 - 2 * Int64(k[row] & 1) : 1
                        body(row, sign)
                    }
                }
            }
        }
    }
}
