/// The whole state of a `HashAggregator` as batches, for checkpoints, including the accumulators
/// that have no two-phase partial state (COUNT(DISTINCT x), MIN/MAX over a changelog).
///
///     batch 0:       partialSchema rows (keys, $rows, fixed-width states; value-pair accumulators add no columns)
///     batch 1…:      per value-pair accumulator, in order: keys, $value, $count (one row per live pair)
///
/// Every batch starts with the key columns, so a restore at another parallelism keeps its key groups
/// with the same split as for the partial state.
extension HashAggregator {
    /// Indices of the accumulators whose state is value pairs.
    var valuePairAccumulators: [Int] { accumulators.indices.filter { accumulators[$0].keepsValuePairs } }

    /// The schemas of `checkpointState()`'s batches, in order.
    public var checkpointSchemas: [Schema] {
        let keys = keyColumns.map { inputSchema[$0] }
        return [partialSchema] + valuePairAccumulators.map { i in
            Schema(keys + [Field("$value", inputSchema[aggregates[i].input!].type), Field("$count", .int64, nullable: false)])
        }
    }

    /// Every group's state (see the layout above).
    public func checkpointState() throws(SluiceError) -> [RecordBatch] {
        let n = groupCount
        let (keyColumns, fused) = stateView()
        let (accumulators, rowCounts) = current(fused, groupCount: n)
        var columns = keyColumns
        columns.append(rowCountColumn(n, rowCounts))
        var pairs: [RecordBatch] = []
        let schemas = checkpointSchemas
        for accumulator in accumulators {
            guard let entries = accumulator.valuePairs() else {
                columns.append(contentsOf: try accumulator.state(groupCount: n))
                continue
            }
            let rows = entries.values.count
            let selection = entries.groupIds.withUnsafeBufferPointer(as: UInt32.self) { g in SelectionVector((0..<rows).map { Int(g[$0]) }) }
            let keys = keyColumns.map { Take.take($0, selection) }
            pairs.append(try RecordBatch(schema: schemas[pairs.count + 1], columns: keys + [entries.values, entries.counts], count: rows))
        }
        return [try RecordBatch(schema: partialSchema, columns: columns, count: n)] + pairs
    }

    /// Adds the state of `checkpointState()` batches (all of them, or each filtered to some keys).
    public mutating func restoreCheckpoint(_ batches: [RecordBatch]) throws(SluiceError) {
        let indices = valuePairAccumulators
        guard batches.count == indices.count + 1 else {
            throw SluiceError(.corruptState, "aggregate checkpoint has \(batches.count) batches; this aggregate needs \(indices.count + 1) (one partial state, one per COUNT(DISTINCT …) or changelog MIN/MAX)")
        }
        if batches[0].count > 0 { try merge(batches[0], skippingValuePairs: true) }
        let k = keyColumns.count
        for (j, i) in indices.enumerated() {
            let batch = batches[j + 1].compacted()
            guard batch.count > 0 else { continue }
            let groupIds: Buffer
            if table != nil {
                groupIds = table!.findOrInsert(Array(batch.columns[0..<k]))
            } else {
                groupIds = MutableBuffer(zeroedCount: batch.count, of: UInt32.self).freeze()
            }
            try accumulators[i].restoreValuePairs(groupIds: groupIds, groupCount: groupCount, values: batch.columns[k],
                                                  counts: batch.columns[k + 1])
        }
    }
}
