/// Vectorized GROUP BY in one value: a `GroupTable` for the keys plus one `Accumulator` per aggregate.
///
///     var agg = try HashAggregator(inputSchema: schema, keyColumns: [1],
///                                  aggregates: [.countStar(), AggregateSpec(.sum, input: 3)])
///     for batch in batches { try agg.consume(batch) }
///     let result = try agg.finish()          // keys, then aggregates, one row per group
///
/// Per batch: the table maps every row to a group id (hashing the whole batch first), then each
/// aggregate updates its fixed-width state in one loop over the group ids. Without key columns the
/// aggregator computes one global group (which exists even for empty input, as in SQL).
///
/// When every aggregate is COUNT, SUM or AVG over an Int64- or Double-lane input (the common case), their
/// state lives in `FusedAggregates`: one fixed-width row per group, so a row costs one cache miss rather
/// than one per aggregate; the other functions keep one `Accumulator` each.
///
/// Changelog input (`retractions: true`): -U/-D rows retract; a net row count per group drops groups
/// whose rows were all retracted from the result, and MIN/MAX keep value multisets.
///
/// Two-phase: a local aggregator's `partialState()` (keys, net row count, state columns) goes over a
/// hash edge; a global aggregator with the same specs folds such batches in with `merge(_:)`.
public struct HashAggregator: Sendable {
    public let inputSchema: Schema
    public let keyColumns: [Int]
    public let aggregates: [AggregateSpec]
    public let retractions: Bool
    /// Keys, then one column per aggregate.
    public let outputSchema: Schema
    /// The schema of `partialState()`: keys, `$rows` (net row count), then each aggregate's state columns.
    public let partialSchema: Schema

    var table: GroupTable?
    var globalGroups = 0
    var accumulators: [any Accumulator]
    /// The accumulators as made, holding no group (for `restoredResult`).
    let emptyAccumulators: [any Accumulator]
    var rowCounts = CountAccumulator(countsRows: true)
    /// COUNT/SUM/AVG over Int64 or Double inputs keep their state here, one row per group, instead of
    /// in `accumulators` and `rowCounts` (which then only describe the aggregates).
    var fused: FusedAggregates?
    /// One integer-like key with fused aggregates: key and state share one slot (replaces `table` and
    /// the rows in `fused`, which then only describes the layout).
    var keyed: FusedKeyTable?
    let names: [String]
    /// Groups updated since `takeTouchedGroups()`, kept when `tracksTouchedGroups` is on.
    var touched = TouchedGroups()
    /// Record which groups each batch updates (`takeTouchedGroups`); off by default.
    public var tracksTouchedGroups = false
    /// Where fixed-width state goes (see `init`); nil for anonymous memory.
    let memory: (any AggregateMemory)?

    /// `memory` places the fixed-width state (see `AggregateMemory` and `providedStateBytes`), e.g. in
    /// memory-mapped state files; nil keeps it in anonymous memory.
    public init(inputSchema: Schema, keyColumns: [Int], aggregates: [AggregateSpec], retractions: Bool = false,
                memory: (any AggregateMemory)? = nil) throws(SluiceError) {
        let columns = inputSchema.names.joined(separator: ", ")
        func check(_ index: Int, _ role: String) throws(SluiceError) {
            guard index >= 0 && index < inputSchema.count else {
                throw .invalidInput("\(role) column index \(index) is out of range; the input has \(inputSchema.count) columns (\(columns))")
            }
        }
        for k in keyColumns { try check(k, "key") }
        var accumulators: [any Accumulator] = []
        var names: [String] = []
        var fields = keyColumns.map { inputSchema[$0] }
        for spec in aggregates {
            if let i = spec.input { try check(i, "\(spec.function.rawValue) input") }
            if spec.input == nil && spec.function != .countStar {
                throw .invalidInput("\(spec.function.rawValue) needs an input column; only COUNT(*) has none")
            }
            if let f = spec.filter {
                try check(f, "FILTER")
                guard inputSchema[f].type == .boolean else {
                    throw .invalidInput("FILTER column `\(inputSchema[f].name)` is \(inputSchema[f].type); a FILTER must be BOOLEAN")
                }
            }
            let inputType = spec.input.map { inputSchema[$0].type }
            let argument = spec.input.map { inputSchema[$0].name } ?? "*"
            let name = spec.name ?? (spec.function == .countStar ? "COUNT(*)" : "\(spec.function.rawValue)(\(spec.distinct ? "DISTINCT " : "")\(argument))")
            let accumulator = try Accumulators.make(spec.function, inputType: inputType, distinct: spec.distinct,
                                                    retractions: retractions, name: name)
            let nullable = !(spec.function == .count || spec.function == .countStar)
            fields.append(Field(name, accumulator.resultType, nullable: nullable))
            accumulators.append(accumulator)
            names.append(name)
        }
        self.inputSchema = inputSchema
        self.keyColumns = keyColumns
        self.aggregates = aggregates
        self.retractions = retractions
        self.accumulators = accumulators
        emptyAccumulators = accumulators
        self.names = names
        outputSchema = Schema(fields)
        var partial = keyColumns.map { inputSchema[$0] }
        partial.append(Field("$rows", .int64, nullable: false))
        for (i, accumulator) in accumulators.enumerated() {
            for (j, type) in accumulator.stateTypes.enumerated() { partial.append(Field("\(names[i])$\(j)", type)) }
        }
        partialSchema = Schema(partial)
        table = keyColumns.isEmpty ? nil : try GroupTable(keyTypes: keyColumns.map { inputSchema[$0].type })
        fused = FusedAggregates(aggregates, inputSchema: inputSchema, retractions: retractions)
        fused?.memory = memory
        self.memory = memory
        if keyColumns.count == 1 && fused != nil {
            keyed = FusedKeyTable(keyType: inputSchema[keyColumns[0]].type, specs: aggregates,
                                  inputSchema: inputSchema, retractions: retractions, memory: memory)
            if keyed != nil { table = nil }
        }
        if keyColumns.isEmpty { globalGroups = 1 }
    }

    /// Forgets every group, as a new aggregator with the same specs would start, but keeps the fused
    /// single-key table's memory for the groups to come.
    public mutating func removeAll() throws(SluiceError) {
        guard keyed != nil else {
            let tracking = tracksTouchedGroups
            self = try HashAggregator(inputSchema: inputSchema, keyColumns: keyColumns, aggregates: aggregates, retractions: retractions,
                                      memory: memory)
            tracksTouchedGroups = tracking
            return
        }
        keyed!.removeAll()
        touched = TouchedGroups()
    }

    /// The number of groups seen so far.
    public var groupCount: Int { keyed?.groupCount ?? table?.groupCount ?? globalGroups }

    /// Bytes of this aggregator's state held in the `memory` it was given (the state backend's
    /// mapped files): the fused single-key table, or the COUNT/SUM/AVG rows of other keys (whose key
    /// table stays in process memory), once they outgrow 1 MiB; 0 otherwise.
    public var providedStateBytes: Int { (keyed?.rows.words.providedBytes ?? 0) + (fused?.words.providedBytes ?? 0) }

    /// Folds one batch into the groups.
    public mutating func consume(_ batch: RecordBatch) throws(SluiceError) {
        guard batch.schema.hasSameColumnTypes(as: inputSchema) else {
            throw .invalidInput("batch schema \(batch.schema) does not match the aggregator's input schema \(inputSchema)")
        }
        if batch.rowKinds != nil && !retractions {
            let rows = UpdateRows(physicalCount: batch.physicalCount, selection: batch.selection, filter: nil, validity: nil, rowKinds: batch.rowKinds)
            if rows.hasRetractions {
                throw .invalidInput("the input is a changelog with -U/-D rows but the aggregator was created without retractions; create it with retractions: true")
            }
        }
        if keyed != nil {
            if tracksTouchedGroups { touched.markAll() }
            if let i = keyed!.consume(batch, keyColumn: keyColumns[0], aggregates: aggregates) {
                throw (accumulators[i] as! SumAccumulator).overflowError()
            }
            return
        }
        let groupIds = groupIdsFor(batch.columns, physicalCount: batch.physicalCount, selection: batch.selection)
        if tracksTouchedGroups { markTouched(groupIds, selection: batch.selection) }
        let n = groupCount
        if fused != nil {
            let inputs = aggregates.map { spec in spec.input.map { batch.columns[$0] } }
            let filters = aggregates.map { spec in spec.filter.map { HashAggregator.filterBits(batch.columns[$0]) } }
            if let i = fused!.update(groupIds: groupIds, groupCount: n, inputs: inputs, filters: filters,
                                     selection: batch.selection, rowKinds: batch.rowKinds) {
                throw (accumulators[i] as! SumAccumulator).overflowError()
            }
            return
        }
        if retractions {
            try rowCounts.update(groupIds: groupIds, groupCount: n, input: nil, filter: nil, selection: batch.selection, rowKinds: batch.rowKinds)
        }
        for (i, spec) in aggregates.enumerated() {
            let filter = spec.filter.map { HashAggregator.filterBits(batch.columns[$0]) }
            try accumulators[i].update(groupIds: groupIds, groupCount: n, input: spec.input.map { batch.columns[$0] },
                                       filter: filter, selection: batch.selection, rowKinds: batch.rowKinds)
        }
    }

    mutating func groupIdsFor(_ columns: [Column], physicalCount: Int, selection: SelectionVector?) -> Buffer {
        if table != nil {
            return table!.findOrInsert(keyColumns.map { columns[$0] }, selection: selection)
        }
        return MutableBuffer(zeroedCount: physicalCount, of: UInt32.self).freeze()
    }

    private mutating func markTouched(_ groupIds: Buffer, selection: SelectionVector?) {
        if retractions { touched.markAll() } else { touched.mark(groupIds, selection: selection) }
    }

    /// The groups updated since the last call (every group when the aggregator cannot tell), and
    /// starts recording afresh.
    public mutating func takeTouchedGroups() -> TouchedGroups {
        defer { touched = TouchedGroups() }
        return tracksTouchedGroups ? touched : TouchedGroups(all: true)
    }

    /// A FILTER mask: TRUE rows pass; FALSE and NULL rows do not.
    static func filterBits(_ column: Column) -> Bitmap {
        let values = column.booleanValues
        guard let validity = column.validity else { return values }
        var out = MutableBuffer(uninitializedCount: Bitmap.wordCount(column.count), of: UInt64.self)
        values.withAlignedWords { v in
            validity.withAlignedWords { m in
                out.withUnsafeMutableBufferPointer(as: UInt64.self) { o in for i in 0..<o.count { o[i] = v[i] & m[i] } }
            }
        }
        return Bitmap(words: out.freeze(), count: column.count)
    }

    /// One row per group with a positive net row count: keys, then the aggregates.
    public func finish() throws(SluiceError) -> RecordBatch {
        let n = groupCount
        if let keyed, !retractions,
           let direct = keyed.directResults(aggregates, resultTypes: accumulators.map(\.resultType)) {
            return try RecordBatch(schema: outputSchema, columns: [keyed.keyColumn()] + direct, count: n)
        }
        let (keyColumns, fused) = stateView()
        return try results(keys: keyColumns, fused: fused, groupCount: n)
    }

    /// The result rows of groups 0..<n whose keys are `keys` and whose state is in `fused` (when the
    /// aggregates are fused) or else in `accumulators` and `rowCounts`.
    func results(keys: [Column], fused: FusedAggregates?, groupCount n: Int) throws(SluiceError) -> RecordBatch {
        var columns = keys
        if let fused, !retractions {
            let direct = aggregates.indices.map { i in
                fused.directResult(i, function: aggregates[i].function, resultType: self.accumulators[i].resultType, groupCount: n)
            }
            if direct.allSatisfy({ $0 != nil }) {
                columns.append(contentsOf: direct.map { $0! })
                return try RecordBatch(schema: outputSchema, columns: columns, count: n)
            }
        }
        let (accumulators, rowCounts) = current(fused, groupCount: n)
        for accumulator in accumulators { columns.append(try accumulator.finish(groupCount: n)) }
        return try keepLiveGroups(RecordBatch(schema: outputSchema, columns: columns, count: n), rowCounts)
    }

    /// The accumulators and net row counts holding the state (exported from the fused rows if used).
    func current(_ fused: FusedAggregates?, groupCount n: Int) -> (accumulators: [any Accumulator], rowCounts: CountAccumulator) {
        fused?.exported(accumulators, groupCount: n) ?? (accumulators, rowCounts)
    }

    /// The key columns and fused rows (if any) of groups 0..<groupCount, gathered from `keyed` when used.
    func stateView() -> (keys: [Column], fused: FusedAggregates?) {
        if let keyed {
            let (key, rows) = keyed.materialized()
            return ([key], rows)
        }
        return (table?.keyColumns() ?? [], fused)
    }

    func keepLiveGroups(_ batch: RecordBatch, _ rowCounts: CountAccumulator) throws(SluiceError) -> RecordBatch {
        guard retractions && !keyColumns.isEmpty else { return batch }
        let counts = rowCounts.finish(groupCount: batch.physicalCount)
        let live = counts.withValues(Int64.self) { c in (0..<c.count).filter { c[$0] > 0 } }
        if live.count == batch.physicalCount { return batch }
        return batch.withSelection(SelectionVector(live)).compacted()
    }

    // MARK: - Two-phase aggregation

    /// Rows merged at a time (their group rows stay in L2 between the per-field loops).
    static let mergeSlice = 8192

    /// `partial` is dense (slicing it costs nothing then).
    private mutating func mergeSlices(_ partial: RecordBatch, skippingValuePairs: Bool) throws(SluiceError) {
        let n = partial.count
        keyed?.reserve(additional: n)
        var start = 0
        while start < n {
            try merge(partial.slice(start, min(HashAggregator.mergeSlice, n - start)), skippingValuePairs: skippingValuePairs)
            start += HashAggregator.mergeSlice
        }
    }


    /// The partial state of every group, to be merged by a global aggregator after a hash edge.
    public func partialState() throws(SluiceError) -> RecordBatch {
        let n = groupCount
        if let direct = try keyedPartialState() { return direct }
        let (keyColumns, fused) = stateView()
        let (accumulators, rowCounts) = current(fused, groupCount: n)
        var columns = keyColumns
        columns.append(rowCountColumn(n, rowCounts))
        for accumulator in accumulators { columns.append(contentsOf: try accumulator.state(groupCount: n)) }
        return try RecordBatch(schema: partialSchema, columns: columns, count: n)
    }

    /// The partial state read straight from the fused single-key table's slots (no dense copy of the
    /// state, no exported accumulators), when it keeps the state and every state column is one word.
    func keyedPartialState() throws(SluiceError) -> RecordBatch? {
        guard let keyed, let columns = keyed.stateColumns(Array(partialSchema.fields.dropFirst().map(\.type))) else { return nil }
        let n = keyed.groupCount
        // The table keeps `$rows` only with retractions; without, every group is live.
        let rows = keyed.rows.rowsField == nil ? [rowCountColumn(n, rowCounts)] : []
        return try RecordBatch(schema: partialSchema, columns: [keyed.keyColumn()] + rows + columns, count: n)
    }

    func rowCountColumn(_ n: Int, _ rowCounts: CountAccumulator) -> Column {
        if retractions { return rowCounts.finish(groupCount: n) }
        // Without retractions every group has seen at least one row; 1 marks it live.
        return Column(type: .int64, count: n, storage: .fixed(Buffer([Int64](repeating: 1, count: n))))
    }

    /// Folds a batch of `partialState()` rows (from local aggregators with the same specs) into the groups.
    public mutating func merge(_ partial: RecordBatch) throws(SluiceError) {
        try merge(partial, skippingValuePairs: false)
    }

    /// `merge(_:)`; with `skippingValuePairs` the accumulators that keep value pairs are left alone (a
    /// checkpoint restores them from their own batches, see `restoreCheckpoint`).
    mutating func merge(_ partial: RecordBatch, skippingValuePairs: Bool) throws(SluiceError) {
        guard partial.schema.hasSameColumnTypes(as: partialSchema) else {
            throw .invalidInput("partial state batch \(partial.schema) does not match the expected partial schema \(partialSchema)")
        }
        // A large batch (a restored checkpoint, a local table flushed at once) goes in slices: each
        // slice's rows are still in cache when its fields are merged one after the other. The table
        // grows once, for all of them.
        guard partial.count <= HashAggregator.mergeSlice else {
            return try mergeSlices(partial.compacted(), skippingValuePairs: skippingValuePairs)
        }
        let k = keyColumns.count
        if keyed != nil {
            if tracksTouchedGroups { touched.markAll() }
            if let i = keyed!.merge(partial) { throw (accumulators[i] as! SumAccumulator).overflowError() }
            return
        }
        let groupIds: Buffer
        if table != nil {
            groupIds = table!.findOrInsert(Array(partial.columns[0..<k]), selection: partial.selection)
        } else {
            groupIds = MutableBuffer(zeroedCount: partial.physicalCount, of: UInt32.self).freeze()
        }
        if tracksTouchedGroups { markTouched(groupIds, selection: partial.selection) }
        try mergeState(groupIds: groupIds, groupCount: groupCount, state: Array(partial.columns[k...]), selection: partial.selection,
                       skippingValuePairs: skippingValuePairs)
    }

    /// Folds partial-state columns (`$rows`, then each aggregate's state) into the groups `groupIds`
    /// names: into `fused` when the aggregates are fused, else into `rowCounts` and `accumulators`.
    mutating func mergeState(groupIds: Buffer, groupCount n: Int, state: [Column], selection: SelectionVector?,
                             skippingValuePairs: Bool) throws(SluiceError) {
        if fused != nil {
            if let i = fused!.merge(groupIds: groupIds, groupCount: n, state: state, selection: selection) {
                throw (accumulators[i] as! SumAccumulator).overflowError()
            }
            return
        }
        try rowCounts.merge(groupIds: groupIds, groupCount: n, state: [state[0]], selection: selection)
        var next = 1
        for i in accumulators.indices {
            let width = accumulators[i].stateTypes.count
            if skippingValuePairs && accumulators[i].keepsValuePairs { continue }
            try accumulators[i].merge(groupIds: groupIds, groupCount: n, state: Array(state[next..<(next + width)]), selection: selection)
            next += width
        }
    }
}
