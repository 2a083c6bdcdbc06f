import SluiceColumnar
import SluiceConnectors
import SluiceRuntime

/// Runs Flink SQL statements: DDL into the catalog, SET/RESET, SHOW/DESCRIBE, EXPLAIN, and queries and
/// INSERTs as dataflow jobs.
///
///     let session = SQLSession(parallelism: 2)
///     for result in try session.execute(script: text) { print(result.render(), terminator: "") }
///
/// A session is used from one thread at a time; each query runs its own job to completion.
public final class SQLSession {
    public var catalog = Catalog()
    public var config = SessionConfig()
    /// Parallelism when `parallelism.default` is not set.
    public var parallelism: Int
    public var workers: Int
    /// Where print sinks write; nil is standard output.
    public var printOutput: PrintSink.Write?
    /// Called with each job attempt's client as it starts (the CLI uses it for stop-with-savepoint).
    public var onJobSubmitted: (@Sendable (JobClient) -> Void)?
    /// Streaming jobs: after this many seconds without a new row at the sink, `report` is called with
    /// which source split holds the watermark back (the CLI prints it to standard error).
    public var stallReport: (seconds: Double, report: @Sendable (String) -> Void)?
    /// Checkpointing of the session's jobs when no `execution.checkpointing.dir` is SET (nil: none),
    /// as `ExecutionOptions.checkpointing`.
    public var checkpointing: CheckpointSettings?

    public init(parallelism: Int = 1, workers: Int = WorkerPool.defaultWorkerCount) {
        self.parallelism = parallelism
        self.workers = workers
    }

    public var isBatch: Bool { config.isBatch }

    /// Runs every statement of a script in order; the first failure stops it, naming the statement.
    public func execute(script: String) throws(SluiceError) -> [SQLResult] {
        var results: [SQLResult] = []
        for located in try SQLParser.parseLocated(script: script) {
            do {
                results.append(try execute(located.statement))
            } catch {
                var e = error
                if e.context.line == nil { e.message += " (in the statement at \(located.position))" }
                throw e
            }
        }
        return results
    }

    public func execute(_ statement: Statement) throws(SluiceError) -> SQLResult {
        switch statement {
        case .createTable(let t):
            try catalog.createTable(t)
            return .ok()
        case .createView(let v):
            _ = try QueryBinder(catalog: catalog).bind(v.query).renamed(v.columns, what: "view `\(SQLText.name(v.name))`")
            try catalog.createView(v.name, columns: v.columns, query: v.query, ifNotExists: v.ifNotExists)
            return .ok()
        case .createFunction(let f):
            try catalog.createFunction(f)
            return .ok()
        case .drop(let d):
            try catalog.drop(d)
            return .ok()
        case .set(let key?, let value?):
            try config.set(key, value)
            return .ok("[INFO] Execute statement succeeded.")
        case .set:
            return try .table(Schema([Field("key", .string), Field("value", .string)]),
                              config.values.keys.sorted().map { [.string($0), .string(config.values[$0]!)] })
        case .reset(let key):
            config.reset(key)
            return .ok()
        case .show(let kind): return try show(kind)
        case .describe(let name): return try describe(name)
        case .explain(let inner, _): return SQLResult(kind: .explain, message: try explain(inner), schema: nil, batches: [], job: nil)
        case .query(let q): return try runQuery(q)
        case .insert(let i): return try runInsert(i)
        }
    }

    private func show(_ kind: ShowKind) throws(SluiceError) -> SQLResult {
        let names: [String]
        switch kind {
        case .tables: names = catalog.tables.values.map(\.name).sorted()
        case .views: names = catalog.views.values.map(\.name).sorted()
        case .functions: names = catalog.functions.names
        }
        let column = kind == .functions ? "function name" : kind == .views ? "view name" : "table name"
        return try .table(Schema([Field(column, .string)]), names.map { [.string($0)] })
    }

    private func describe(_ name: [String]) throws(SluiceError) -> SQLResult {
        let schema = Schema([Field("name", .string), Field("type", .string), Field("null", .boolean), Field("key", .string),
                             Field("extras", .string), Field("watermark", .string)])
        if let t = catalog.table(name) {
            let rows: [[Value]] = t.columns.map { c in
                let key = t.primaryKey.contains { $0.lowercased() == c.name.lowercased() } ? "PRI(\(t.primaryKey.joined(separator: ", ")))" : ""
                let watermark = t.watermark.flatMap { $0.column.lowercased() == c.name.lowercased() ? "`\($0.column)` - \($0.delayMicros / 1000) ms" : nil } ?? ""
                let nullable = t.physicalSchema.fields.first { $0.name == c.name }?.nullable ?? true
                return [.string(c.name), .string(c.type.description), .boolean(nullable), .string(key),
                        .string(c.computed.map { "AS \($0)" } ?? ""), .string(watermark)]
            }
            return try .table(schema, rows)
        }
        if catalog.view(name) != nil {
            let rel = try QueryBinder(catalog: catalog).named(name)
            return try .table(schema, rel.plan.schema.fields.map {
                [.string($0.name), .string($0.type.description), .boolean($0.nullable), .string(""), .string(""), .string("")]
            })
        }
        throw catalog.unknownRelation(name)
    }

    /// How long a source split may have no rows before it stops holding the watermark back, in
    /// streaming jobs unless 'table.exec.source.idle-timeout' says otherwise.
    public static let defaultSourceIdleTimeoutMicros: Int64 = 30_000_000

    var plannerOptions: PhysicalPlanner.Options {
        get throws(SluiceError) {
            let p = config["parallelism.default"].flatMap { Int($0) } ?? parallelism
            let maxP = config["pipeline.max-parallelism"].flatMap { Int($0) } ?? 128
            guard p >= 1 && p <= maxP else {
                throw .invalidInput("parallelism \(p) is out of range; use 1 to the max parallelism \(maxP)")
            }
            // Idle source splits stop holding the watermark back after 'table.exec.source.idle-timeout':
            // Sluice's default is 30 s in streaming mode (Flink's is 0, off); '0' turns it off.
            var idle: Int64? = isBatch ? nil : SQLSession.defaultSourceIdleTimeoutMicros
            if let text = config["table.exec.source.idle-timeout"] {
                let nanos = try SessionConfig.durationNanos(text, key: "table.exec.source.idle-timeout")
                idle = nanos > 0 ? nanos / 1_000 : nil
            }
            return PhysicalPlanner.Options(parallelism: p, maxParallelism: maxP, batch: isBatch,
                                           aggregatePhases: try AggregatePhaseStrategy.parse(config["table.optimizer.agg-phase-strategy"]),
                                           sourceIdleTimeoutMicros: idle)
        }
    }
}
