/// Splits a batch by key for a hash edge: hash → key group → target subtask for every row, then one
/// gather per target.
///
/// The row indices are counting-sorted into per-target runs (stable, so rows keep their order within
/// a target), then each target gets `Take` of its run. Only selected rows are routed; row kinds travel
/// with their rows.
public enum Partition {
    public static func split(_ batch: RecordBatch, keyColumns: [Int], parallelism: Int,
                             maxParallelism: Int = KeyGroups.defaultMaxParallelism) throws(SluiceError) -> [RecordBatch] {
        try KeyGroups.validate(parallelism: parallelism, maxParallelism: maxParallelism)
        guard !keyColumns.isEmpty else {
            throw .invalidInput("a hash partition needs at least one key column (batch columns: \(batch.schema.names.joined(separator: ", ")))")
        }
        for k in keyColumns where k < 0 || k >= batch.columns.count {
            throw .invalidInput("key column index \(k) is out of range; the batch has \(batch.columns.count) columns (\(batch.schema.names.joined(separator: ", ")))")
        }
        if parallelism == 1 { return [batch.compacted()] }
        let hashes = Hashing.hash(keyColumns.map { batch.columns[$0] })
        let table = KeyGroups.subtaskTable(maxParallelism: maxParallelism, parallelism: parallelism)
        let n = batch.count
        var sorted = MutableBuffer(uninitializedCount: n, of: UInt32.self)
        var starts = [Int](repeating: 0, count: parallelism + 1)
        hashes.withUnsafeBufferPointer(as: UInt64.self) { h in
            table.withUnsafeBufferPointer { t in
                sorted.withUnsafeMutableBufferPointer(as: UInt32.self) { out in
                    starts.withUnsafeMutableBufferPointer { s in
                        if let selection = batch.selection {
                            selection.withUnsafeIndices { sel in route(h, sel, n, t, maxParallelism, s, out) }
                        } else {
                            route(h, nil, n, t, maxParallelism, s, out)
                        }
                    }
                }
            }
        }
        let indices = sorted.freeze()
        let dense = batch.withSelection(nil)
        return (0..<parallelism).map { target in
            let run = SelectionVector(indices: indices.slice(UInt32.self, from: starts[target], count: starts[target + 1] - starts[target]),
                                      count: starts[target + 1] - starts[target])
            return dense.withSelection(run).compacted()
        }
    }

    /// Counting sort of physical row indices by target subtask; `starts` gets the run boundaries.
    @inline(never)
    static func route(_ hashes: UnsafeBufferPointer<UInt64>, _ selection: UnsafeBufferPointer<UInt32>?, _ n: Int,
                      _ table: UnsafeBufferPointer<UInt32>, _ maxParallelism: Int,
                      _ starts: UnsafeMutableBufferPointer<Int>, _ out: UnsafeMutableBufferPointer<UInt32>) {
        var targets = [UInt32](repeating: 0, count: n)
        let m = UInt64(maxParallelism)
        let isPowerOfTwo = maxParallelism & (maxParallelism - 1) == 0
        targets.withUnsafeMutableBufferPointer { t in
            for k in 0..<n {
                let row = selection.map { Int($0[k]) } ?? k
                let h = hashes[row]
                let group = isPowerOfTwo ? h & (m - 1) : h % m
                t[k] = table[Int(group)]
            }
            for k in 0..<n { starts[Int(t[k]) + 1] += 1 }
            for i in 1..<starts.count { starts[i] += starts[i - 1] }
            var cursor = Array(starts.dropLast())
            for k in 0..<n {
                let target = Int(t[k])
                out[cursor[target]] = selection.map { $0[k] } ?? UInt32(truncatingIfNeeded: k)
                cursor[target] += 1
            }
        }
    }
}
