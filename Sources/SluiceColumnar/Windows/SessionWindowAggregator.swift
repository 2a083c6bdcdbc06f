/// Keyed session-window aggregation: a session per key grows while rows arrive less than `gap`
/// apart, merges with its neighbour when a row bridges two, and is emitted when the watermark passes
/// its end.
///
/// ## Design
/// ```
///  batch ──GroupTable──▶ key id per row ──sort rows by (key, time)──▶ one merge pass (SessionSet)
///        ──▶ session id per row ──▶ HashAggregator keyed by `$session` (BIGINT, integer fast path)
///  watermark ──SessionSet.due──▶ sessions to emit / free ──compaction──▶ rows out, live state kept
/// ```
/// The per-row work is a key probe (vectorized over the batch), a sort and a walk of the key's open
/// sessions (usually one). Accumulators are the same vectorized `HashAggregator` states as every other
/// aggregate, so every `AggregateSpec` works. When sessions are due, the aggregator's partial state is
/// split in one pass: rows of merged sessions are renamed to their surviving session, due sessions
/// are merged into a fresh aggregator and finished, open sessions go into a compacted aggregator.
/// Emitted-and-expired sessions, merged sessions and (when most are gone) keys are freed there, so
/// memory follows open sessions, not rows or history. A compaction costs O(open sessions) and runs
/// only on watermarks that close a session.
///
/// ## Time and lateness
/// A session `[start, end)` has `end = last row + gap`; it is emitted when the watermark reaches
/// `end - 1`. With allowed lateness `L` it is kept until the watermark reaches `end - 1 + L`: a row
/// that joins it meanwhile updates it and the session is emitted again (an updated final row, as
/// Flink's DataStream API does; no retraction of the earlier row). A row whose own window would
/// already be expired and that joins no kept session is late: counted in `lateRows` and dropped.
///
/// Output schema: keys, `window_start`, `window_end` (the event-time column's type), aggregates.
public struct SessionWindowAggregator: Sendable {
    public let inputSchema: Schema
    public let timeColumn: Int
    public let keyColumns: [Int]
    public let aggregates: [AggregateSpec]
    public let gap: Int64
    public let allowedLateness: Int64
    public let outputSchema: Schema

    let prototype: HashAggregator
    var state: HashAggregator
    var keys: GroupTable?
    var sessions: SessionSet
    /// The highest watermark seen.
    public internal(set) var watermark = Int64.min
    /// Rows dropped as late.
    public private(set) var lateRows = 0
    /// Session rows emitted so far (re-emissions included).
    public private(set) var windowsFired = 0

    public init(inputSchema: Schema, timeColumn: Int, keyColumns: [Int], aggregates: [AggregateSpec],
                gap: Int64, allowedLateness: Int64 = 0, memory: (any AggregateMemory)? = nil) throws(SluiceError) {
        guard timeColumn >= 0 && timeColumn < inputSchema.count else {
            throw .invalidInput("event-time column index \(timeColumn) is out of range; the input has \(inputSchema.count) columns (\(inputSchema.names.joined(separator: ", ")))")
        }
        guard gap > 0 else { throw .invalidInput("SESSION gap must be positive, found \(gap) µs") }
        guard allowedLateness >= 0 else {
            throw .invalidInput("allowed lateness must not be negative, found \(allowedLateness) µs")
        }
        let timeField = inputSchema[timeColumn]
        try EventTime.checkType(timeField.type, column: timeField.name)
        let extended = inputSchema.appending(Field("$session", .int64, nullable: false))
        prototype = try HashAggregator(inputSchema: extended, keyColumns: [inputSchema.count], aggregates: aggregates,
                                       memory: memory)
        state = prototype
        keys = keyColumns.isEmpty ? nil : try GroupTable(keyTypes: keyColumns.map { inputSchema[$0].type })
        sessions = SessionSet(gap: gap, lateness: allowedLateness)
        self.inputSchema = inputSchema
        self.timeColumn = timeColumn
        self.keyColumns = keyColumns
        self.aggregates = aggregates
        self.gap = gap
        self.allowedLateness = allowedLateness
        var fields = keyColumns.map { inputSchema[$0] }
        fields.append(Field("window_start", timeField.type, nullable: false))
        fields.append(Field("window_end", timeField.type, nullable: false))
        fields.append(contentsOf: prototype.outputSchema.fields[1...])
        outputSchema = Schema(fields)
    }

    /// Sessions open now (emitted sessions kept for allowed lateness included).
    public var openSessions: Int { sessions.openCount }

    /// Bytes of session state held in the `memory` given at init (see `HashAggregator.providedStateBytes`).
    public var providedStateBytes: Int { state.providedStateBytes }

    /// Folds a batch into its keys' sessions; returns the late rows it dropped (nil when none).
    @discardableResult
    public mutating func consume(_ batch: RecordBatch) throws(SluiceError) -> SelectionVector? {
        guard batch.count > 0 else { return nil }
        guard batch.schema.hasSameColumnTypes(as: inputSchema) else {
            throw .invalidInput("batch schema \(batch.schema) does not match the session window's input schema \(inputSchema)")
        }
        let time = batch.columns[timeColumn]
        if time.hasNulls, let row = EventTime.firstNullRow(time, selection: batch.selection) {
            let name = inputSchema[timeColumn].name
            throw .invalidInput("event-time column `\(name)` is NULL in row \(row) of a batch; a session window needs a time for every row: filter such rows out, or let the watermark assigner drop and count them (nullTimestamps: .drop)",
                                column: name)
        }
        let n = batch.physicalCount
        let keyIds = keys == nil ? MutableBuffer(zeroedCount: n, of: UInt32.self).freeze()
                                 : keys!.findOrInsert(keyColumns.map { batch.columns[$0] }, selection: batch.selection)
        sessions.ensureKeys(keys?.groupCount ?? 1)
        let order = SessionWindowAggregator.sortedRows(keyIds: keyIds, time: time, selection: batch.selection)
        var sessionOfRow = [Int64](repeating: -1, count: n)
        var late = 0
        for (key, t, row) in order {
            let sid = sessions.assign(key: Int32(bitPattern: key), time: t, watermark: watermark)
            if sid < 0 { late += 1 } else { sessionOfRow[Int(row)] = Int64(sid) }
        }
        var selection = batch.selection
        var lateSelection: SelectionVector?
        if late > 0 {
            let rows = order.map { Int($0.row) }.sorted()
            selection = SelectionVector(rows.filter { sessionOfRow[$0] >= 0 })
            lateSelection = SelectionVector(rows.filter { sessionOfRow[$0] < 0 })
        }
        lateRows += late
        guard late < order.count else { return lateSelection }
        var columns = batch.columns
        columns.append(Column(type: .int64, count: n, storage: .fixed(Buffer(sessionOfRow))))
        try state.consume(RecordBatch(schema: prototype.inputSchema, columns: columns, count: n, selection: selection))
        return lateSelection
    }

    /// The selected rows as (key id, time, row), sorted by key then time: one merge pass per key.
    static func sortedRows(keyIds: Buffer, time: Column, selection: SelectionVector?) -> [(key: UInt32, time: Int64, row: UInt32)] {
        keyIds.withUnsafeBufferPointer(as: UInt32.self) { k in
            time.withValues(Int64.self) { ts in
                var rows: [(key: UInt32, time: Int64, row: UInt32)] = []
                rows.reserveCapacity(selection?.count ?? ts.count)
                if let selection {
                    selection.withUnsafeIndices { sel in for r in sel { rows.append((k[Int(r)], ts[Int(r)], r)) } }
                } else {
                    for r in 0..<ts.count { rows.append((k[r], ts[r], UInt32(truncatingIfNeeded: r))) }
                }
                rows.sort { ($0.key, $0.time) < ($1.key, $1.time) }
                return rows
            }
        }
    }

    /// Moves event time to `watermark`: returns the sessions it closes (one batch, or none) and frees
    /// what no longer needs state.
    public mutating func advance(to watermark: Int64) throws(SluiceError) -> RecordBatch? {
        guard watermark > self.watermark else { return nil }
        self.watermark = watermark
        let (emit, expire) = sessions.due(at: watermark)
        guard !emit.isEmpty || !expire.isEmpty else { return nil }
        let out = try compact(emit: emit, expire: expire)
        windowsFired += emit.count
        return out
    }
}
