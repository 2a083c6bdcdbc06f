import SluiceColumnar
import SluiceConnectors
import SluiceRuntime

/// `'connector' = 'nexmark'`: the Nexmark auction stream as the reference suite declares it — the
/// physical columns `event_type INT` and the nullable rows `person`, `auction`, `bid` (a computed
/// `dateTime` and the watermark come from the DDL) — with the reference connector's option names
/// (see `NexmarkOptions`).
///
/// The generator makes the three kinds as their own typed batches. A filter on `event_type` (the
/// `person` / `auction` / `bid` views' `WHERE event_type = k`, or an `IN` list) is accepted into the
/// scan, so a query on bids only generates bids; `NexmarkTableShaper` then presents the typed columns
/// as the children of the `bid` ROW column, without touching rows.
struct NexmarkConnector: SourceConnector {
    var identifier: String { "nexmark" }
    var supportsProjection: Bool { true }

    /// The physical columns the reference DDL declares, in its order.
    static let columns = ["event_type", "person", "auction", "bid"]

    func validate(_ options: TableOptions, schema: Schema) throws(SluiceError) {
        _ = try Self.options(options)
        try Self.checkSchema(schema, table: options.table)
    }

    func isBounded(_ options: TableOptions) throws(SluiceError) -> Bool {
        let parsed = try Self.options(options)
        return !parsed.keepAlive && (parsed.eventsNum > 0 || parsed.stopAt >= 0)
    }

    /// Any deterministic condition on `event_type` alone: the source decides per kind, exactly,
    /// because `event_type` only ever holds 0, 1 or 2.
    func acceptsFilter(_ conjunct: PhysicalExpression, options: TableOptions, schema: Schema) -> Bool {
        conjunct.isDeterministic && conjunct.columnsUsed == [0] && (try? Self.kinds(passing: conjunct)) != nil
    }

    func addSource(_ request: SourceRequest, to graph: inout JobGraph) throws(SluiceError) -> VertexID {
        let options = try Self.options(request.options)
        let bounded = try isBounded(request.options)
        if request.batch && !bounded {
            throw SluiceError(.plan, "table `\(request.table)` (nexmark) is unbounded but the job runs in batch mode; set 'events.num' to a positive count, or run in streaming mode (SET 'execution.runtime-mode' = 'streaming')")
        }
        var passing = NexmarkEventKinds.all
        for filter in request.filters { passing.formIntersection(try Self.kinds(passing: filter)) }
        let kinds = passing
        let output = Schema(request.projection.map { request.schema[$0] })
        guard !kinds.isEmpty else {
            return graph.addBatchSource(name: request.name, parallelism: request.parallelism, schema: output, batches: [])
        }
        let tables = NexmarkTables(seed: options.seed)
        let source = graph.addSource(name: request.name, parallelism: request.parallelism, schema: NexmarkSchemas.schema(for: kinds)) {
            // Watermarks come from the table's WATERMARK clause (the planner adds the assigner).
            NexmarkSource(options: options, kinds: kinds, split: $0.index, of: $0.parallelism, tables: tables, watermarkDelayMicros: nil)
        }
        let inputSchema = graph[source].outputSchema
        let projection = request.projection
        let shaper = graph.addOperator(name: request.name + "-rows", parallelism: request.parallelism,
                                       inputSchemas: [inputSchema], outputSchema: output) { _ in
            NexmarkTableShaper(kinds: kinds, projection: projection, output: output, batchSize: options.batchSize)
        }
        graph.connect(source, shaper)
        return shaper
    }

    /// The kinds whose `event_type` makes `conjunct` TRUE, found by evaluating it on 0, 1 and 2.
    static func kinds(passing conjunct: PhysicalExpression) throws(SluiceError) -> NexmarkEventKinds {
        let types = try RecordBatch(schema: Schema([Field("event_type", .int32)]), columns: [Column.int32([0, 1, 2])])
        let result = try conjunct.evaluate(types).column(count: 3)
        var kinds: NexmarkEventKinds = []
        for k in 0..<3 where result.value(at: k) == .boolean(true) {
            kinds.insert(NexmarkEventKinds(rawValue: 1 << UInt8(k)))
        }
        return kinds
    }

    static func options(_ options: TableOptions) throws(SluiceError) -> NexmarkOptions {
        var pairs: [String: String] = [:]
        for (key, value) in options.entries { pairs[key] = value }
        do {
            return try NexmarkOptions(pairs)
        } catch {
            throw SluiceError(error.code, error.message + " (table `\(options.table)`)")
        }
    }

    /// The table must declare the reference's physical columns: `event_type` and the three ROWs
    /// with the fields of each kind (names case-insensitive, types exact).
    static func checkSchema(_ schema: Schema, table: String) throws(SluiceError) {
        let expected = Array(NexmarkSchemas.referenceTable.fields.prefix(4))
        let found = schema.fields.map { "\($0.name) \($0.type)" }.joined(separator: ", ")
        let help = "declare the reference table's columns (event_type INT, person ROW<…>, auction ROW<…>, bid ROW<…>; see queries/nexmark/ddl.sql)"
        guard schema.count == expected.count else {
            throw .invalidInput("nexmark table `\(table)` has physical columns (\(found)); \(help)")
        }
        for (want, have) in zip(expected, schema.fields) where !Self.matches(want, have) {
            throw .invalidInput("nexmark table `\(table)` declares column `\(have.name) \(have.type)` where `\(want.name) \(want.type)` is expected; \(help)")
        }
    }

    private static func matches(_ want: Field, _ have: Field) -> Bool {
        guard want.name.lowercased() == have.name.lowercased() else { return false }
        switch (want.type, have.type) {
        case (.row(let w), .row(let h)):
            return w.count == h.count && zip(w, h).allSatisfy { $0.name.lowercased() == $1.name.lowercased() && $0.type == $1.type }
        case (.int32, .int32): return true
        default: return false
        }
    }
}
