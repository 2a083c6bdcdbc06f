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
        if valuePairAccumulators.isEmpty, let direct = try keyedPartialState() { return [direct] }
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

    /// `finish()` of an aggregator that `restoreCheckpoint` filled from empty, given the partial-state
    /// batches it restored (each `checkpointState()`'s first batch, in order). When every row became a
    /// new group, row r of the batches is group r, so the result comes from the rows themselves in
    /// sequential passes (merged by identity group ids), without looking every key up in the table
    /// again. Otherwise, and when value pairs hold state outside the rows, it is `finish()`.
    public func restoredResult(_ partials: [RecordBatch]) throws(SluiceError) -> RecordBatch {
        let parts = partials.filter { $0.count > 0 }
        guard !keyColumns.isEmpty, !parts.isEmpty, valuePairAccumulators.isEmpty,
              parts.reduce(0, { $0 + $1.count }) == groupCount else { return try finish() }
        var results: [RecordBatch] = []
        for partial in parts { results.append(try result(ofGroups: partial.compacted())) }
        return results.count == 1 ? results[0] : try Concatenate.batches(results)
    }

    /// The result of dense partial-state rows that are each one whole group: read off the state
    /// columns when every accumulator allows (COUNT, BIGINT SUM), else merged by identity group ids.
    private func result(ofGroups partial: RecordBatch) throws(SluiceError) -> RecordBatch {
        let n = partial.count
        let k = keyColumns.count
        if !retractions {
            var direct: [Column] = []
            var next = k + 1
            for accumulator in emptyAccumulators {
                let width = accumulator.stateTypes.count
                guard let column = accumulator.result(ofState: Array(partial.columns[next..<(next + width)])) else { break }
                direct.append(column)
                next += width
            }
            if direct.count == emptyAccumulators.count {
                return try RecordBatch(schema: outputSchema, columns: Array(partial.columns[0..<k]) + direct, count: n)
            }
        }
        var identity = MutableBuffer(uninitializedCount: n, of: UInt32.self)
        identity.withUnsafeMutableBufferPointer(as: UInt32.self) { ids in
            for g in 0..<n { ids[g] = UInt32(truncatingIfNeeded: g) }
        }
        // A copy whose state starts empty (its table is shared, never touched): group g is row g.
        var scratch = self
        scratch.fused = FusedAggregates(aggregates, inputSchema: inputSchema, retractions: retractions)
        scratch.accumulators = emptyAccumulators
        scratch.rowCounts = CountAccumulator(countsRows: true)
        try scratch.mergeState(groupIds: identity.freeze(), groupCount: n, state: Array(partial.columns[k...]), selection: nil,
                               skippingValuePairs: false)
        return try scratch.results(keys: Array(partial.columns[0..<k]), fused: scratch.fused, groupCount: n)
    }
}
