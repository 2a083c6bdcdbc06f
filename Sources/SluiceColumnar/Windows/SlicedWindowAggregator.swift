/// Keyed window aggregation over slices: per-(key, slice) partial aggregates, merged into one row
/// per (key, window) when event time passes the window's end.
///
/// ## Design
/// ```
///  batch ──sliceEnds kernel──▶ buckets by slice ──▶ slices[sliceEnd]: HashAggregator (keys → accumulators)
///                                                         │ progress passes window end - 1
///                                                         ▼
///        window [start, end) = slices ending in (start, end] ──merge partialState──▶ finish ──▶ rows
/// ```
/// Each row updates exactly one slice, whatever the window overlap, so HOP(10 s, 2 s) does the same
/// per-row work as TUMBLE(10 s) plus a merge of at most 5 slices per key and window. Keeping one
/// `HashAggregator` per slice is the same thing as one table keyed by (keys…, slice_end), with two
/// advantages: a slice nobody needs any more is dropped whole (memory follows open slices, not
/// history), and a single integer key keeps the table on its integer fast path. A window made of one
/// slice (every TUMBLE window) is finished straight from its slice without a merge.
///
/// ## Time and allowed lateness
/// `firedThrough` is the watermark: windows with `end - 1 <= firedThrough` have fired. With allowed
/// lateness `L` a slice is kept until the watermark reaches `lastWindowEnd - 1 + L`; a row for a kept
/// slice whose windows already fired updates the slice, and those windows (the ones still within
/// their lateness) are emitted again at the next watermark: an updated final row, append-only, the
/// later row superseding the earlier for the same key and window (Flink DataStream's form). A row
/// whose slice ended `L` or more before the watermark is late: counted in `lateRows`, dropped, and
/// returned by `consume` (as a selection) for a late-data output.
///
/// Output schema: keys, `window_start`, `window_end` (the event-time column's type), aggregates.
public struct SlicedWindowAggregator: Sendable {
    public let assigner: SliceAssigner
    public let inputSchema: Schema
    public let timeColumn: Int
    public let keyColumns: [Int]
    public let aggregates: [AggregateSpec]
    public let outputSchema: Schema

    /// An empty aggregator with the specs, copied for every new slice and every merged window; its
    /// `memory` (the state backend's, when given) places every slice's fused key table.
    let prototype: HashAggregator
    var slices: [Int64: HashAggregator] = [:]
    public let allowedLateness: Int64
    /// Windows ending at or before `firedThrough + 1` have been emitted.
    public internal(set) var firedThrough = Int64.min
    /// Ends of fired windows that got rows within allowed lateness, to emit again.
    var refire = Set<Int64>()
    /// Rows dropped because their slice had already fired.
    public private(set) var lateRows = 0
    /// Windows emitted so far.
    public private(set) var windowsFired = 0

    public init(inputSchema: Schema, timeColumn: Int, keyColumns: [Int], aggregates: [AggregateSpec],
                assigner: SliceAssigner, allowedLateness: Int64 = 0,
                memory: (any AggregateMemory)? = nil) throws(SluiceError) {
        guard allowedLateness >= 0 else {
            throw .invalidInput("allowed lateness must not be negative, found \(allowedLateness) µs")
        }
        self.allowedLateness = allowedLateness
        guard timeColumn >= 0 && timeColumn < inputSchema.count else {
            throw .invalidInput("event-time column index \(timeColumn) is out of range; the input has \(inputSchema.count) columns (\(inputSchema.names.joined(separator: ", ")))")
        }
        let timeField = inputSchema[timeColumn]
        try EventTime.checkType(timeField.type, column: timeField.name)
        prototype = try HashAggregator(inputSchema: inputSchema, keyColumns: keyColumns, aggregates: aggregates, memory: memory)
        self.assigner = assigner
        self.inputSchema = inputSchema
        self.timeColumn = timeColumn
        self.keyColumns = keyColumns
        self.aggregates = aggregates
        var fields = Array(prototype.outputSchema.fields[0..<keyColumns.count])
        fields.append(Field("window_start", timeField.type, nullable: false))
        fields.append(Field("window_end", timeField.type, nullable: false))
        fields.append(contentsOf: prototype.outputSchema.fields[keyColumns.count...])
        outputSchema = Schema(fields)
    }

    /// Slices holding partial aggregates now.
    public var openSlices: Int { slices.count }

    /// Bytes of slice state held in the `memory` given at init (see `HashAggregator.providedStateBytes`).
    public var providedStateBytes: Int { slices.values.reduce(0) { $0 + $1.providedStateBytes } }

    /// The end of the earliest window that holds rows and has not fired (or is due to fire again):
    /// progress must reach `end - 1` to emit it. Nil when nothing is pending.
    public var nextWindowEnd: Int64? {
        var earliest = refire.min()
        for sliceEnd in slices.keys {
            for end in assigner.windowEnds(ofSliceEnding: sliceEnd) where end &- 1 > firedThrough {
                earliest = min(earliest ?? end, end)
            }
        }
        return earliest
    }

    /// Folds a batch into its slices; returns the late rows it dropped (nil when none).
    @discardableResult
    public mutating func consume(_ batch: RecordBatch) throws(SluiceError) -> SelectionVector? {
        guard batch.count > 0 else { return nil }
        let time = batch.columns[timeColumn]
        if time.hasNulls, let row = EventTime.firstNullRow(time, selection: batch.selection) {
            let name = inputSchema[timeColumn].name
            throw .invalidInput("event-time column `\(name)` is NULL in row \(row) of a batch; a window needs a time for every row: filter such rows out, or let the watermark assigner drop and count them (nullTimestamps: .drop)",
                                column: name)
        }
        let ends = try Windows.sliceEnds(time, slice: assigner.sliceSize, offset: assigner.offset)
        let expired = Windows.expiredThrough(firedThrough, lateness: allowedLateness)
        let buckets = Windows.buckets(sliceEnds: ends, selection: batch.selection, firedThrough: expired)
        for (end, selection) in zip(buckets.sliceEnds, buckets.selections) {
            let rows = selection.map { batch.withSelection($0) } ?? batch
            if slices[end] == nil { slices[end] = prototype }
            try slices[end]!.consume(rows)
            if end &- 1 <= firedThrough { markRefire(sliceEnd: end, expired: expired) }
        }
        lateRows += buckets.lateRows
        guard buckets.lateRows > 0 else { return nil }
        return Windows.lateRows(sliceEnds: ends, selection: batch.selection, expiredThrough: expired)
    }

    /// The fired windows holding the slice that are still within allowed lateness get emitted again.
    mutating func markRefire(sliceEnd: Int64, expired: Int64) {
        for end in assigner.windowEnds(ofSliceEnding: sliceEnd) where end &- 1 <= firedThrough && end &- 1 > expired {
            refire.insert(end)
        }
    }

    /// Moves event time to `progress` (the watermark): emits every window with `end - 1 <= progress`
    /// that holds rows and was not emitted yet or got rows within lateness since, in order of window
    /// end (one batch per window), and drops slices no window within lateness needs.
    public mutating func advance(to progress: Int64) throws(SluiceError) -> [RecordBatch] {
        guard progress > firedThrough else { return [] }
        var due = Set<Int64>()
        for end in refire where end &- 1 <= progress { due.insert(end) }
        refire.removeAll()
        for sliceEnd in slices.keys {
            // A slice outlives its first windows (HOP, CUMULATE): only windows not fired yet are due.
            for end in assigner.windowEnds(ofSliceEnding: sliceEnd) where end &- 1 <= progress && end &- 1 > firedThrough {
                due.insert(end)
            }
        }
        var out: [RecordBatch] = []
        for end in due.sorted() { out.append(try fire(windowEnd: end)) }
        let expired = Windows.expiredThrough(progress, lateness: allowedLateness)
        slices = slices.filter { assigner.lastWindowEnd(ofSliceEnding: $0.key) &- 1 > expired }
        firedThrough = progress
        windowsFired += out.count
        return out
    }

    /// The rows of the window ending at `end`: its one slice finished directly, or its slices merged.
    func fire(windowEnd end: Int64) throws(SluiceError) -> RecordBatch {
        let parts = assigner.sliceEnds(ofWindowEnding: end).compactMap { slices[$0] }
        let result: RecordBatch
        if parts.count == 1 {
            result = try parts[0].finish()
        } else {
            // Start from a copy of the first slice: one merge fewer, and no table grown from empty.
            var merged = parts[0]
            for part in parts.dropFirst() { try merged.merge(part.partialState()) }
            result = try merged.finish()
        }
        return try withWindowColumns(result, start: assigner.windowStart(ofWindowEnding: end), end: end)
    }

    /// Inserts constant `window_start` and `window_end` columns after the keys.
    func withWindowColumns(_ batch: RecordBatch, start: Int64, end: Int64) throws(SluiceError) -> RecordBatch {
        let n = batch.physicalCount
        let type = inputSchema[timeColumn].type
        func constant(_ v: Int64) -> Column {
            Column(type: type, count: n, storage: .fixed(Buffer([Int64](repeating: v, count: n))))
        }
        var columns = Array(batch.columns[0..<keyColumns.count])
        columns.append(constant(start))
        columns.append(constant(end))
        columns.append(contentsOf: batch.columns[keyColumns.count...])
        return try RecordBatch(schema: outputSchema, columns: columns, count: n, selection: batch.selection)
    }
}
