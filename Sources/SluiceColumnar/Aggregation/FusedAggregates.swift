/// The state of COUNT(*), COUNT(x), SUM(x) and AVG(x) over Int64- or Double-lane inputs, with every
/// group's fields side by side in one fixed-width row, so an update touches one cache line per row
/// instead of one per aggregate.
///
/// ## Layout
/// One `Int64` array of rows, `stride` words per group (a power of two up to 8 words, so a row never
/// straddles a cache line):
///
///     row g: [ $rows? | COUNT | SUM sum | SUM count | … | pad ]
///            $rows: net row count, only with retractions
///            COUNT: Int64;  SUM/AVG: sum (Int64, or a Double's bit pattern) then the contributing-row count
///
/// The values and update rules are exactly those of `CountAccumulator` and `SumAccumulator`; `exported`
/// turns the rows back into those accumulators, which then produce partial state and results. The rows
/// are plain fixed-width words, so a state backend can keep them in a memory-mapped file.
///
/// ## Performance
/// Per batch each field runs one loop over the group ids; the first loop prefetches the row a fixed
/// distance ahead, later loops find it in cache (8,192 rows × 64 bytes fit in L2).
struct FusedAggregates: Sendable {
    enum Kind: Equatable, Sendable {
        case countRows
        case countValues
        case sum(Lane)
    }

    struct Field: Sendable {
        let kind: Kind
        /// Word offset inside a group's row.
        let offset: Int
    }

    /// One field per aggregate, in aggregate order.
    let fields: [Field]
    /// The net row count field, present with retractions.
    let rowsField: Field?
    let stride: Int
    var words = WordRows()
    /// Where rows go once they outgrow 1 MiB (anonymous memory when nil); asked only at growth.
    var memory: (any AggregateMemory)?

    /// The fused layout for these aggregates, or nil when one of them needs another accumulator
    /// (DISTINCT, MIN/MAX, FIRST/LAST, DECIMAL sums).
    /// `leadingWords` reserves words at the start of every row for the owner (a key, see `FusedKeyTable`).
    init?(_ specs: [AggregateSpec], inputSchema: Schema, retractions: Bool, leadingWords: Int = 0) {
        var next = leadingWords + (retractions ? 1 : 0)
        var fields: [Field] = []
        for spec in specs {
            guard !spec.distinct else { return nil }
            let kind: Kind
            switch spec.function {
            case .countStar: kind = .countRows
            case .count: kind = .countValues
            case .sum, .avg:
                let type = inputSchema[spec.input!].type
                guard !type.isDecimal, let lane = Lane(type), lane != .int128 else { return nil }
                kind = .sum(lane)
            default: return nil
            }
            fields.append(Field(kind: kind, offset: next))
            next += kind == .countRows || kind == .countValues ? 1 : 2
        }
        self.fields = fields
        rowsField = retractions ? Field(kind: .countRows, offset: leadingWords) : nil
        stride = next <= 8 ? max(1, 1 << (Int.bitWidth - (next - 1).leadingZeroBitCount)) : next
    }

    var rowCount: Int { words.count / stride }

    /// Makes room for `groupCount` rows, new rows zeroed (every field starts at 0).
    mutating func grow(_ groupCount: Int) {
        guard groupCount > rowCount else { return }
        words = words.grown(to: max(groupCount, 2 * rowCount, 64) * stride, memory: memory)
    }

    /// Folds one batch in: aggregate i reads `inputs[i]` and `filters[i]`. Returns the index of the
    /// first aggregate whose Int64 sum overflowed, if any.
    mutating func update(groupIds: Buffer, groupCount: Int, inputs: [Column?], filters: [Bitmap?],
                         selection: SelectionVector?, rowKinds: Buffer?) -> Int? {
        grow(groupCount)
        if isDenseOnePass(inputs: inputs, filters: filters, selection: selection, rowKinds: rowKinds) {
            return updateDenseOnePass(groupIds: groupIds, inputs: inputs)
        }
        let physical = groupIds.count(of: UInt32.self)
        var overflowed: Int?
        var prefetch = true
        if let rowsField {
            let rows = UpdateRows(physicalCount: physical, selection: selection, filter: nil, validity: nil, rowKinds: rowKinds)
            _ = updateField(rowsField, rows, groupIds, nil, prefetch: prefetch)
            prefetch = false
        }
        for (i, field) in fields.enumerated() {
            let input = field.kind == .countRows ? nil : inputs[i]
            let rows = UpdateRows(physicalCount: physical, selection: selection, filter: filters[i],
                                  validity: input?.validity, rowKinds: rowKinds)
            if updateField(field, rows, groupIds, input, prefetch: prefetch) && overflowed == nil { overflowed = i }
            prefetch = false
        }
        return overflowed
    }

    /// Folds `partialState()` columns in: `state` holds `$rows`, then each aggregate's state columns.
    /// Returns the index of the first aggregate whose Int64 sum overflowed, if any.
    mutating func merge(groupIds: Buffer, groupCount: Int, state: [Column], selection: SelectionVector?) -> Int? {
        grow(groupCount)
        let rows = UpdateRows(physicalCount: groupIds.count(of: UInt32.self), selection: selection, filter: nil, validity: nil, rowKinds: nil)
        var overflowed: Int?
        if let rowsField { mergeField(rowsField, rows, groupIds, state[0], nil) }
        var next = 1
        for (i, field) in fields.enumerated() {
            switch field.kind {
            case .countRows, .countValues:
                mergeField(field, rows, groupIds, state[next], nil)
                next += 1
            case .sum:
                if mergeField(field, rows, groupIds, state[next], state[next + 1]) && overflowed == nil { overflowed = i }
                next += 2
            }
        }
        return overflowed
    }

    /// The accumulators holding the same state as the rows of groups 0..<groupCount: one per aggregate
    /// (`templates` gives their types), then the net row counts.
    func exported(_ templates: [any Accumulator], groupCount n: Int) -> (accumulators: [any Accumulator], rowCounts: CountAccumulator) {
        var copy = self
        copy.grow(n)
        let w = copy.words, s = stride
        var out: [any Accumulator] = []
        for (field, template) in zip(fields, templates) {
            let o = field.offset
            switch field.kind {
            case .countRows, .countValues:
                var c = template as! CountAccumulator
                c.counts = (0..<n).map { w[$0 * s + o] }
                out.append(c)
            case .sum(let lane):
                var a = template as! SumAccumulator
                var slots = LaneSlots(lane)
                if lane == .double {
                    slots.f64 = (0..<(2 * n)).map { i in
                        let word = w[(i >> 1) * s + o + (i & 1)]
                        return i & 1 == 0 ? Double(bitPattern: UInt64(bitPattern: word)) : Double(word)
                    }
                } else {
                    slots.i64 = (0..<(2 * n)).map { i in w[(i >> 1) * s + o + (i & 1)] }
                }
                a.slots = slots
                out.append(a)
            }
        }
        var rowCounts = CountAccumulator(countsRows: true)
        if let r = rowsField { rowCounts.counts = (0..<n).map { w[$0 * s + r.offset] } }
        return (out, rowCounts)
    }
}
