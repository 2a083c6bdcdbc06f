/// Result columns read straight from the fused rows for the cases that need no per-type rules
/// (COUNT; SUM over BIGINT; MIN/MAX whose result is BIGINT or DOUBLE), skipping the round trip through
/// exported accumulators: at a million groups that round trip copied the state three times.
extension FusedAggregates {
    /// Whether a field's result is its words as they are: a count, or a value word (NULL where its count
    /// word is 0) already of the result type.
    static func isDirect(_ kind: Kind, function: AggregateFunction, resultType: DataType) -> Bool {
        switch kind {
        case .countRows, .countValues: return true
        case .sum(.int64): return function == .sum && resultType == .int64
        case .minMax(.int64, _): return resultType == .int64
        case .minMax(.double, _): return resultType == .float64
        default: return false
        }
    }

    /// The result of aggregate `i` for groups 0..<n, or nil when the exported accumulator must compute it.
    func directResult(_ i: Int, function: AggregateFunction, resultType: DataType, groupCount n: Int) -> Column? {
        let field = fields[i]
        guard n <= rowCount, FusedAggregates.isDirect(field.kind, function: function, resultType: resultType) else { return nil }
        let validity = field.kind.width == 2 ? Accumulators.validity(gather(field.offset + 1, n), n) : nil
        return Column(type: resultType, count: n, storage: .fixed(gather(field.offset, n)), validity: validity)
    }

    /// Word `offset` of rows 0..<n as one Int64 buffer.
    func gather(_ offset: Int, _ n: Int) -> Buffer {
        var out = MutableBuffer(uninitializedCount: n, of: Int64.self)
        let stride = self.stride
        words.withUnsafeBufferPointer { w in
            out.withUnsafeMutableBufferPointer(as: Int64.self) { o in
                for g in 0..<n { o[g] = w[g &* stride &+ offset] }
            }
        }
        return out.freeze()
    }
}
