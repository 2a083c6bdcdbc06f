/// Event-time kernels: the largest timestamp of a batch (for watermarks) and the rows whose event
/// time is NULL, each in one pass over an Int64 microsecond column.
public enum EventTime {
    /// What one max-reduction over a batch found.
    public struct Extent: Sendable, Equatable {
        /// The largest non-NULL timestamp among the rows looked at; nil when there was none.
        public var max: Int64?
        /// Rows looked at (selected rows) whose timestamp is NULL.
        public var nullCount: Int

        public init(max: Int64?, nullCount: Int) {
            self.max = max
            self.nullCount = nullCount
        }
    }

    /// Whether `type` can hold event time: TIMESTAMP(p), TIMESTAMP_LTZ(p) or BIGINT microseconds.
    public static func isEventTimeType(_ type: DataType) -> Bool {
        switch type {
        case .timestamp, .timestampLTZ, .int64: return true
        default: return false
        }
    }

    static func checkType(_ type: DataType, column: String?) throws(SluiceError) {
        guard isEventTimeType(type) else {
            let name = column.map { "event-time column `\($0)`" } ?? "an event-time column"
            throw .invalidInput("\(name) is \(type); event time must be TIMESTAMP(p), TIMESTAMP_LTZ(p) or BIGINT (microseconds since the epoch)",
                                column: column)
        }
    }

    /// Column `name` of `schema`, checked to be an event-time column; throws naming the choices.
    public static func columnIndex(_ name: String, in schema: Schema) throws(SluiceError) -> Int {
        let index = try schema.requireIndex(of: name)
        try checkType(schema[index].type, column: name)
        return index
    }

    /// The largest timestamp among the rows of `selection` (every row when nil) and how many are NULL.
    public static func extent(_ column: Column, selection: SelectionVector? = nil) throws(SluiceError) -> Extent {
        try checkType(column.type, column: nil)
        return column.withValues(Int64.self) { ts in
            let nulls = column.validity.map { nullCount($0, selection: selection) } ?? 0
            let rows = selection?.count ?? column.count
            if nulls == rows { return Extent(max: nil, nullCount: nulls) }
            let m: Int64
            switch (selection, column.validity) {
            case (nil, nil): m = maxDense(ts)
            case (let s?, nil): m = s.withUnsafeIndices { maxSelected(ts, $0) }
            case (let s, let v?): m = maxValid(ts, v, selection: s)
            }
            return Extent(max: m, nullCount: nulls)
        }
    }

    /// The selected rows (every row when `selection` is nil) whose timestamp is not NULL; nil when
    /// all of them are valid (nothing to drop).
    public static func validRows(_ column: Column, selection: SelectionVector?) -> SelectionVector? {
        guard let validity = column.validity else { return nil }
        var kept: [Int] = []
        kept.reserveCapacity(selection?.count ?? column.count)
        if let selection {
            for i in 0..<selection.count where validity[selection[i]] { kept.append(selection[i]) }
        } else {
            return Filter.selection(from: validity)
        }
        return SelectionVector(kept)
    }

    /// The first selected row (physical index) whose timestamp is NULL, for error messages.
    public static func firstNullRow(_ column: Column, selection: SelectionVector?) -> Int? {
        guard let validity = column.validity else { return nil }
        let n = selection?.count ?? column.count
        for i in 0..<n {
            let row = selection.map { $0[i] } ?? i
            if !validity[row] { return row }
        }
        return nil
    }

    @inline(never)
    static func maxDense(_ ts: UnsafeBufferPointer<Int64>) -> Int64 {
        var m = Int64.min
        for t in ts { m = Swift.max(m, t) }
        return m
    }

    @inline(never)
    static func maxSelected(_ ts: UnsafeBufferPointer<Int64>, _ sel: UnsafeBufferPointer<UInt32>) -> Int64 {
        var m = Int64.min
        for i in sel { m = Swift.max(m, ts[Int(i)]) }
        return m
    }

    /// Valid rows only; values under NULLs are replaced by Int64.min without a branch.
    @inline(never)
    static func maxValid(_ ts: UnsafeBufferPointer<Int64>, _ validity: Bitmap, selection: SelectionVector?) -> Int64 {
        validity.withAlignedWords { w in
            var m = Int64.min
            func fold(_ row: Int) {
                let valid = Int64((w[row >> 6] >> UInt64(row & 63)) & 1)
                let keep = 0 &- valid   // all ones when valid
                m = Swift.max(m, (ts[row] & keep) | (Int64.min & ~keep))
            }
            if let selection {
                selection.withUnsafeIndices { s in for i in s { fold(Int(i)) } }
            } else {
                for row in 0..<ts.count { fold(row) }
            }
            return m
        }
    }

    static func nullCount(_ validity: Bitmap, selection: SelectionVector?) -> Int {
        guard let selection else { return validity.count - validity.nonzeroCount() }
        var nulls = 0
        for i in 0..<selection.count where !validity[selection[i]] { nulls += 1 }
        return nulls
    }
}
