/// Rows of one batch grouped by slice, so that each slice's aggregator consumes one selection.
public struct SliceBuckets: Sendable {
    /// The distinct slice ends of the rows kept, in order of first appearance.
    public var sliceEnds: [Int64] = []
    /// The rows of each slice (physical row indices), parallel to `sliceEnds`; nil means every row the
    /// batch selects (the common case: the whole batch falls into one slice).
    public var selections: [SelectionVector?] = []
    /// Selected rows whose slice was already fired (late rows).
    public var lateRows = 0
}

extension Windows {
    /// Groups the selected rows of a batch by their slice end (`sliceEnds`, one value per physical row,
    /// from `sliceEnds(_:slice:offset:)`); rows whose slice ends at or before `firedThrough + 1` are
    /// late and only counted.
    ///
    /// One min/max pass decides the strategy: a batch inside one slice (in-order streams) keeps its
    /// selection and costs nothing more; otherwise a counting sort by slice writes every slice's rows
    /// into one index buffer.
    public static func buckets(sliceEnds: Buffer, selection: SelectionVector?, firedThrough: Int64) -> SliceBuckets {
        sliceEnds.withUnsafeBufferPointer(as: Int64.self) { ends in
            let (lo, hi) = selection.map { s in s.withUnsafeIndices { minMaxSelected(ends, $0) } } ?? minMax(ends)
            let rows = selection?.count ?? ends.count
            var out = SliceBuckets()
            guard rows > 0 else { return out }
            if lo == hi {
                if isFired(lo, firedThrough) { out.lateRows = rows } else {
                    out.sliceEnds = [lo]
                    out.selections = [selection]
                }
                return out
            }
            if let selection {
                selection.withUnsafeIndices { sortBySlice(ends, rows: $0, firedThrough: firedThrough, into: &out) }
            } else {
                let all = SelectionVector.all(ends.count)
                all.withUnsafeIndices { sortBySlice(ends, rows: $0, firedThrough: firedThrough, into: &out) }
            }
            return out
        }
    }

    @inline(__always)
    static func isFired(_ sliceEnd: Int64, _ firedThrough: Int64) -> Bool { sliceEnd &- 1 <= firedThrough }

    @inline(never)
    static func minMax(_ v: UnsafeBufferPointer<Int64>) -> (Int64, Int64) {
        var lo = Int64.max, hi = Int64.min
        for x in v {
            lo = Swift.min(lo, x)
            hi = Swift.max(hi, x)
        }
        return (lo, hi)
    }

    @inline(never)
    static func minMaxSelected(_ v: UnsafeBufferPointer<Int64>, _ sel: UnsafeBufferPointer<UInt32>) -> (Int64, Int64) {
        var lo = Int64.max, hi = Int64.min
        for i in sel {
            let x = v[Int(i)]
            lo = Swift.min(lo, x)
            hi = Swift.max(hi, x)
        }
        return (lo, hi)
    }

    /// Counting sort of `rows` by slice end; fired slices are dropped and counted.
    static func sortBySlice(_ ends: UnsafeBufferPointer<Int64>, rows: UnsafeBufferPointer<UInt32>, firedThrough: Int64,
                            into out: inout SliceBuckets) {
        var distinct: [Int64] = []
        var index: [Int64: Int32] = [:]
        var bucketOfRow = [Int32](repeating: 0, count: rows.count)
        var lastEnd = Int64.min, lastBucket: Int32 = -1
        for (i, row) in rows.enumerated() {
            let e = ends[Int(row)]
            if e != lastEnd || lastBucket < 0 {
                lastEnd = e
                if let b = distinct.count <= 16 ? distinct.firstIndex(of: e).map(Int32.init) : index[e] {
                    lastBucket = b
                } else {
                    lastBucket = Int32(distinct.count)
                    distinct.append(e)
                    index[e] = lastBucket
                }
            }
            bucketOfRow[i] = lastBucket
        }
        var counts = [Int](repeating: 0, count: distinct.count)
        for b in bucketOfRow { counts[Int(b)] += 1 }
        var starts = [Int](repeating: 0, count: distinct.count)
        var kept = 0
        for b in distinct.indices where !isFired(distinct[b], firedThrough) {
            starts[b] = kept
            kept += counts[b]
        }
        var sorted = MutableBuffer(uninitializedCount: kept, of: UInt32.self)
        var cursor = starts
        sorted.withUnsafeMutableBufferPointer(as: UInt32.self) { dst in
            for (i, row) in rows.enumerated() {
                let b = Int(bucketOfRow[i])
                if isFired(distinct[b], firedThrough) { continue }
                dst[cursor[b]] = row
                cursor[b] += 1
            }
        }
        let indices = sorted.freeze()
        for b in distinct.indices {
            if isFired(distinct[b], firedThrough) {
                out.lateRows += counts[b]
                continue
            }
            out.sliceEnds.append(distinct[b])
            out.selections.append(SelectionVector(indices: indices.slice(UInt32.self, from: starts[b], count: counts[b]),
                                                  count: counts[b]))
        }
    }
}

extension Windows {
    /// The watermark minus allowed lateness (saturating): slices ending at or before this + 1 are gone.
    @inlinable
    public static func expiredThrough(_ watermark: Int64, lateness: Int64) -> Int64 {
        let (r, o) = watermark.subtractingReportingOverflow(lateness)
        return o ? .min : r
    }

    /// The selected rows whose slice ends at or before `expiredThrough + 1` (the late rows
    /// `buckets(sliceEnds:selection:firedThrough:)` counted), for a late-data output.
    public static func lateRows(sliceEnds: Buffer, selection: SelectionVector?, expiredThrough: Int64) -> SelectionVector {
        sliceEnds.withUnsafeBufferPointer(as: Int64.self) { ends in
            var rows: [Int] = []
            if let selection {
                selection.withUnsafeIndices { sel in for r in sel where isFired(ends[Int(r)], expiredThrough) { rows.append(Int(r)) } }
            } else {
                for r in 0..<ends.count where isFired(ends[r], expiredThrough) { rows.append(r) }
            }
            return SelectionVector(rows)
        }
    }
}
