/// Window kernels: the tumbling-window start (or slice end) of every row of an event-time column in
/// one loop.
///
/// Timestamps are Int64 microseconds (TIMESTAMP(p), TIMESTAMP_LTZ(p) or BIGINT columns). The start of
/// the window of size `size` and offset `offset` that holds `ts` is Flink's
/// `TimeWindow.getWindowStartWithOffset`: `ts - floorMod(ts - offset, size)`, so negative timestamps
/// (before 1970) land in the window below them, not above. Arithmetic wraps instead of trapping: a
/// timestamp within `size` of Int64.min or Int64.max gets a meaningless window but never crashes.
///
/// Hopping and cumulating windows are computed through slices (see `SliceAssigner`): each row goes to
/// exactly one slice, whose end is `start(ts, slice, offset) + slice`, so the same kernel serves all
/// three window kinds.
public enum Windows {
    /// The start of the window of `size` (> 0) and `offset` holding `ts` (the scalar reference).
    @inlinable
    public static func start(of ts: Int64, size: Int64, offset: Int64 = 0) -> Int64 {
        let off = normalizedOffset(offset, size)
        var r = (ts &- off) % size
        r &+= size & (r >> 63)   // floorMod: add size when the remainder is negative
        return ts &- r
    }

    /// `offset` folded into 0 ..< size, so that `ts - offset` only overflows at the extremes.
    @inlinable
    static func normalizedOffset(_ offset: Int64, _ size: Int64) -> Int64 {
        let r = offset % size
        return r < 0 ? r + size : r
    }

    /// The window start of every physical row as a column of the input's type (nulls stay null).
    ///
    /// Rows outside a selection are computed too (one loop without gathers is cheaper than skipping).
    public static func starts(_ column: Column, size: Int64, offset: Int64 = 0) throws(SluiceError) -> Column {
        try EventTime.checkType(column.type, column: nil)
        try checkSize(size, "window size")
        let values = column.withValues(Int64.self) { ts in shifted(ts, size: size, offset: offset, add: 0) }
        return Column(type: column.type, count: column.count, storage: .fixed(values), validity: column.validity)
    }

    /// The end of the slice (a tumbling window of `slice`) holding every physical row, as Int64 values.
    /// Values under NULL timestamps are meaningless.
    public static func sliceEnds(_ column: Column, slice: Int64, offset: Int64 = 0) throws(SluiceError) -> Buffer {
        try EventTime.checkType(column.type, column: nil)
        try checkSize(slice, "slice size")
        return column.withValues(Int64.self) { ts in shifted(ts, size: slice, offset: offset, add: slice) }
    }

    static func checkSize(_ size: Int64, _ what: String) throws(SluiceError) {
        guard size > 0 else { throw .invalidInput("\(what) must be positive, found \(size) µs") }
    }

    /// `start(ts) + add` for every value.
    ///
    /// A 64-bit division costs ~40 cycles, so the last window is remembered and a row inside it (the
    /// common case: rows of a batch are close in time) costs two compares; only rows in another window
    /// divide.
    @inline(never)
    static func shifted(_ ts: UnsafeBufferPointer<Int64>, size: Int64, offset: Int64, add: Int64) -> Buffer {
        let off = normalizedOffset(offset, size)
        var out = MutableBuffer(uninitializedCount: ts.count, of: Int64.self)
        out.withUnsafeMutableBufferPointer(as: Int64.self) { o in
            var lo = Int64.max, hi = Int64.min   // empty: the first row divides
            var value: Int64 = 0
            for i in 0..<ts.count {
                let t = ts[i]
                if t < lo || t >= hi {
                    var r = (t &- off) % size
                    r &+= size & (r >> 63)
                    lo = t &- r
                    hi = lo &+ size
                    if hi < lo { hi = .max }   // the last window before Int64.max wrapped
                    value = lo &+ add
                }
                o[i] = value
            }
        }
        return out.freeze()
    }
}
