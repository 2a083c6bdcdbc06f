import SluiceColumnar
import SluiceConnectors
import SluiceOperators
import SluiceRuntime

/// Queries and INSERTs as jobs: bind → optimize → physical plan → run.
extension SQLSession {
    /// A query or INSERT planned into a job graph, with the plans EXPLAIN shows.
    struct PlannedJob {
        var logical: LogicalPlan
        var optimized: LogicalPlan
        var planner: PhysicalPlanner
        var root: PlannedStream
        /// ORDER BY / LIMIT of the outermost query, applied to the collected rows (batch mode).
        var sort: SortNode?
        var collected: CollectedBatches?
    }

    /// The bound and optimized logical plan of a query (for tests and tools).
    public func plan(query text: String) throws(SluiceError) -> LogicalPlan {
        Optimizer.optimize(try QueryBinder(catalog: catalog).bind(try SQLParser.parse(query: text)).plan, connectors: catalog.connectors)
    }

    func planQuery(_ q: Query, collect: Bool) throws(SluiceError) -> PlannedJob {
        var logical = try QueryBinder(catalog: catalog).bind(q).plan
        var sort: SortNode?
        if case .sort(let s) = logical {
            guard isBatch else {
                throw SluiceError(.plan, "ORDER BY / LIMIT needs a bounded result, but the job runs in streaming mode; SET 'execution.runtime-mode' = 'batch' (or remove ORDER BY / LIMIT)")
            }
            sort = s
            logical = s.input
        }
        let optimized = Optimizer.optimize(logical, connectors: catalog.connectors)
        var planner = PhysicalPlanner(catalog: catalog, options: try plannerOptions)
        let root = try planner.plan(optimized)
        var job = PlannedJob(logical: logical, optimized: optimized, planner: planner, root: root, sort: sort)
        if collect {
            let target = CollectedBatches()
            job.planner.graph.addCollectSink(name: job.planner.name("collect"), parallelism: root.parallelism, schema: root.schema, into: target)
            job.planner.graph.connect(root.vertex, job.planner.graph.vertices.last!.id)
            job.collected = target
        }
        return job
    }

    func runQuery(_ q: Query) throws(SluiceError) -> SQLResult {
        let job = try planQuery(q, collect: true)
        let result = try run(job.planner.graph)
        var batches = job.collected!.batches
        let schema = job.optimized.schema
        if let sort = job.sort {
            batches = [try ResultSorter.apply(sort, to: batches.flatMap { $0.rows() }, schema: schema)]
        }
        return SQLResult(kind: .table, message: "", schema: schema, batches: batches, job: result, isChangelog: !isBatch)
    }

    func runInsert(_ insert: Insert) throws(SluiceError) -> SQLResult {
        var job = try planInsert(insert)
        _ = job.root
        let result = try run(job.planner.graph)
        job.collected = nil
        let rows = result.totalRows(of: job.planner.graph.vertices.last!.name).rowsIn
        return SQLResult(kind: .insert, message: "[INFO] Inserted \(rows) rows into `\(SQLText.name(insert.table))`.",
                         schema: nil, batches: [], job: result)
    }

    func planInsert(_ insert: Insert) throws(SluiceError) -> PlannedJob {
        if insert.overwrite { throw .unsupported("INSERT OVERWRITE is valid Flink SQL but not supported by Sluice yet; use INSERT INTO") }
        let table = try catalog.requireTable(insert.table, for: "INSERT INTO")
        let sink = try catalog.connectors.sink(table.connector, table: table.name)
        var job = try planQuery(insert.query, collect: false)
        if job.sort != nil { throw SluiceError(.plan, "ORDER BY / LIMIT in an INSERT is not supported; a sink table has no order") }
        let target = table.physicalSchema
        let source = job.root.schema
        // Which query column feeds each table column (nil: NULL, for a column the column list leaves out).
        var feeds: [Int?] = Array(0..<target.count)
        if !insert.columns.isEmpty {
            feeds = Array(repeating: nil, count: target.count)
            for (i, name) in insert.columns.enumerated() {
                guard let t = target.index(of: name) else {
                    throw .invalidInput("INSERT INTO `\(table.name)` (\(name)): the table has no physical column `\(name)` (columns: \(target.names.joined(separator: ", ")))")
                }
                guard feeds[t] == nil else { throw .invalidInput("INSERT INTO `\(table.name)` lists column `\(name)` twice") }
                feeds[t] = i
            }
        }
        let expected = insert.columns.isEmpty ? target.count : insert.columns.count
        guard source.count == expected else {
            throw .invalidInput("INSERT INTO `\(table.name)`: the query returns \(source.count) columns (\(source.names.joined(separator: ", "))) but \(expected) are written (\((insert.columns.isEmpty ? target.names : insert.columns).joined(separator: ", ")))")
        }
        if job.root.updating && !sink.acceptsUpdates {
            throw SluiceError(.plan, "table `\(table.name)` ('\(table.connector)' connector) takes only append-only rows, but the query produces updates: a GROUP BY without a window on a stream changes its results as rows arrive (-U/+U). Rewrite it as a window aggregate (FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL …)) GROUP BY window_start, window_end, …), or run it in batch mode: SET 'execution.runtime-mode' = 'batch'")
        }
        var projections: [PhysicalExpression] = []
        for (t, feed) in feeds.enumerated() {
            guard let i = feed else {
                projections.append(.literal(.null, target[t].type))
                continue
            }
            let from = PhysicalExpression.column(index: i, name: source[i].name, type: source[i].type)
            if source[i].type != target[t].type && TypeCoercion.commonType(source[i].type, target[t].type) == nil && target[t].type != .string
                && !Self.isTimestampPair(source[i].type, target[t].type) {
                throw .invalidInput("INSERT INTO `\(table.name)`: column `\(target[t].name)` is \(target[t].type) but the query gives \(source[i].type) (`\(source[i].name)`); CAST it")
            }
            projections.append(source[i].type == target[t].type ? from : .cast(from, to: target[t].type, orNull: false))
        }
        var vertex = job.root.vertex
        if !projections.enumerated().allSatisfy({ if case .column(let c, _, _) = $0.element { return c == $0.offset } else { return false } })
            || source.names != target.names {
            vertex = try job.planner.graph.addCalc(name: job.planner.name("sink-columns"), input: vertex, predicate: nil,
                                                   projections: projections, outputSchema: Schema(target.fields))
        }
        // The sink takes exactly what its input vertex produces (the same fields; metadata such as the
        // event-time attribute included, since edges compare whole schemas).
        let request = SinkRequest(table: table.name, options: table.options, schema: job.planner.graph[vertex].outputSchema,
                                  parallelism: job.root.parallelism,
                                  name: job.planner.name("\(table.name)-sink"), write: printOutput,
                                  exactlyOnce: try checkpointSettings() != nil)
        let id = try sink.addSink(request, to: &job.planner.graph)
        job.planner.graph.connect(vertex, id)
        return job
    }

    /// TIMESTAMP and TIMESTAMP_LTZ convert into each other on INSERT, as in Flink (a window over
    /// PROCTIME() written to a TIMESTAMP(3) column).
    static func isTimestampPair(_ a: DataType, _ b: DataType) -> Bool {
        switch (a, b) {
        case (.timestamp, .timestampLTZ), (.timestampLTZ, .timestamp): return true
        default: return false
        }
    }

    func run(_ graph: JobGraph) throws(SluiceError) -> JobResult {
        try graph.validate()
        var options = ExecutionOptions()
        options.hashPartitioner = .columnar
        options.checkpointing = try checkpointSettings()
        if let backend = config["state.backend.type"] { options.stateBackend = try StateBackendKind(configValue: backend) }
        options.stateDirectory = config["state.backend.mmap.directory"]
        let executor = JobExecutor(workers: workers)
        defer { executor.shutdown() }
        guard options.checkpointing != nil else {
            let client = try executor.submit(graph, options: options)
            guard let stall = stallReport, !isBatch else { return try client.wait() }
            let feeding = Set(graph.edges.map(\.source))
            let sinks = Set(graph.vertices.indices.filter { !feeding.contains(VertexID($0)) }.map { graph.vertices[$0].name })
            return try client.wait(reportingStallsAfter: stall.seconds, sinks: sinks, stall.report)
        }
        return try executor.execute(graph, options: options, onSubmit: onJobSubmitted)
    }

    func explain(_ statement: Statement) throws(SluiceError) -> String {
        let job: PlannedJob
        switch statement {
        case .query(let q): job = try planQuery(q, collect: true)
        case .insert(let i): job = try planInsert(i)
        default: throw .unsupported("EXPLAIN of \(statement.description.split(separator: " ").first ?? "") statements; EXPLAIN a query or an INSERT")
        }
        return PlanExplainer.explain(job, batch: isBatch)
    }
}
