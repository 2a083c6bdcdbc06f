/// Result columns read straight from the fused rows for the cases that need no per-type rules
/// (COUNT, and SUM over BIGINT), skipping the round trip through exported accumulators: at a million
/// groups that round trip copied the state three times.
extension FusedAggregates {
    /// The result of aggregate `i` for groups 0..<n, or nil when the exported accumulator must compute it.
    func directResult(_ i: Int, function: AggregateFunction, resultType: DataType, groupCount n: Int) -> Column? {
        guard n <= rowCount else { return nil }
        let field = fields[i]
        switch field.kind {
        case .countRows, .countValues:
            return Column(type: .int64, count: n, storage: .fixed(gather(field.offset, n)))
        case .sum(.int64) where function == .sum && resultType == .int64:
            let counts = gather(field.offset + 1, n)
            return Column(type: .int64, count: n, storage: .fixed(gather(field.offset, n)), validity: Accumulators.validity(counts, n))
        default:
            return nil
        }
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
