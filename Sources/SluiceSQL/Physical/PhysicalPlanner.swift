import SluiceColumnar
import SluiceConnectors
import SluiceOperators
import SluiceRuntime

/// Turns an optimized logical plan into a `JobGraph`: sources through their connectors, Calc operators
/// chained to their inputs, aggregates split local/global before a hash edge (or one phase when the
/// rows are already partitioned by the keys), window aggregates, unions, and the sink.
struct PhysicalPlanner {
    struct Options {
        var parallelism: Int
        var maxParallelism: Int
        var batch: Bool
        var aggregatePhases: AggregatePhaseStrategy
        /// Idleness timeout of the sources' watermark assigners (nil: off).
        var sourceIdleTimeoutMicros: Int64? = nil
    }

    let catalog: Catalog
    let options: Options
    var graph = JobGraph()
    private var names: [String: Int] = [:]

    init(catalog: Catalog, options: Options) {
        self.catalog = catalog
        self.options = options
    }

    mutating func name(_ base: String) -> String {
        let n = names[base, default: 0] + 1
        names[base] = n
        return n == 1 ? base : "\(base)-\(n)"
    }

    mutating func plan(_ p: LogicalPlan) throws(SluiceError) -> PlannedStream {
        switch p {
        case .scan(let n): return try scan(n)
        case .values(let n):
            let batch = try RecordBatch(schema: n.schema, columns: (0..<n.schema.count).map { (c: Int) throws(SluiceError) -> Column in
                try ColumnBuilder.column(n.schema[c].type, n.rows.map { $0[c] })
            }, count: n.rows.count)
            let id = graph.addBatchSource(name: name("values"), parallelism: 1, schema: n.schema, batches: [batch])
            return PlannedStream(vertex: id, schema: n.schema, parallelism: 1, updating: false)
        case .calc(let n):
            let input = try plan(n.input)
            let id = try graph.addCalc(name: name("calc"), input: input.vertex, predicate: n.predicate, projections: n.projections,
                                       outputSchema: n.projections == nil ? nil : n.schema)
            return PlannedStream(vertex: id, schema: graph[id].outputSchema, parallelism: input.parallelism, updating: input.updating,
                                 partitionedBy: Self.mapPartitioning(input.partitionedBy, through: n.projections))
        case .aggregate(let n): return try aggregate(n)
        case .union(let n):
            var inputs: [PlannedStream] = []
            for i in n.inputs {
                var input = try plan(i)
                if input.schema != n.schema {
                    // Same columns, other metadata (an event-time attribute): union inputs must match exactly.
                    let columns = n.schema.fields.enumerated().map { PhysicalExpression.column(index: $0.offset, name: $0.element.name, type: $0.element.type) }
                    input.vertex = try graph.addCalc(name: name("union-input"), input: input.vertex, predicate: nil,
                                                     projections: columns, outputSchema: n.schema)
                    input.schema = n.schema
                }
                inputs.append(input)
            }
            let p = inputs.map(\.parallelism).max() ?? 1
            let id = graph.addUnion(name: name("union"), parallelism: p, schema: n.schema, inputs: inputs.map(\.vertex))
            return PlannedStream(vertex: id, schema: n.schema, parallelism: p, updating: inputs.contains { $0.updating })
        case .sort:
            throw SluiceError(.plan, "ORDER BY / LIMIT is only supported on the outermost query of a SELECT in batch mode; remove it from the subquery or INSERT")
        }
    }

    private mutating func scan(_ n: ScanNode) throws(SluiceError) -> PlannedStream {
        let table = n.table
        let connector = try catalog.connectors.source(table.connector, table: table.name)
        let bounded = try connector.isBounded(table.options)
        if options.batch && !bounded {
            throw SluiceError(.plan, "table `\(table.name)` ('\(table.connector)') is unbounded but the job runs in batch mode; bound the source (for datagen: 'number-of-rows') or SET 'execution.runtime-mode' = 'streaming'")
        }
        var physical = Set<Int>()
        for c in n.columns {
            if let p = table.physicalIndex(ofColumn: c) { physical.insert(p) } else { physical.formUnion(table.columns[c].computed!.columnsUsed) }
        }
        if physical.isEmpty && table.physicalSchema.count > 0 { physical.insert(0) }
        for f in n.filters { physical.formUnion(f.columnsUsed) }
        let projection = connector.supportsProjection ? physical.sorted() : Array(0..<table.physicalSchema.count)
        let request = SourceRequest(table: table.name, options: table.options, schema: table.physicalSchema, projection: projection,
                                    parallelism: options.parallelism, batch: options.batch, name: name(table.name),
                                    filters: n.filters)
        var vertex = try connector.addSource(request, to: &graph)
        let read = graph[vertex].outputSchema
        let map = Dictionary(uniqueKeysWithValues: projection.enumerated().map { ($0.element, $0.offset) })
        var projections: [PhysicalExpression] = []
        for c in n.columns {
            let column = table.columns[c]
            if let p = table.physicalIndex(ofColumn: c) {
                projections.append(.column(index: map[p]!, name: column.name, type: column.type))
            } else {
                projections.append(column.computed!.remapped(map))
            }
        }
        let output = n.schema
        let identity = projections.count == read.count && projections.enumerated().allSatisfy { i, e in
            if case .column(let index, _, _) = e { return index == i } else { return false }
        }
        if !identity {
            vertex = try graph.addCalc(name: name("\(table.name)-columns"), input: vertex, predicate: nil, projections: projections,
                                       outputSchema: Schema(output.fields))
        }
        if let w = table.watermark, output.index(of: w.column) != nil {
            var strategy = WatermarkStrategy.boundedOutOfOrderness(w.delayMicros, column: w.column)
            if let idle = options.sourceIdleTimeoutMicros { strategy = strategy.withIdleness(timeoutMicros: idle) }
            vertex = try graph.addWatermarkAssigner(name: name("\(table.name)-watermarks"), input: vertex, strategy: strategy)
        }
        return PlannedStream(vertex: vertex, schema: graph[vertex].outputSchema, parallelism: options.parallelism, updating: false)
    }

    private mutating func aggregate(_ n: AggregateNode) throws(SluiceError) -> PlannedStream {
        let input = try plan(n.input)
        if input.updating {
            throw .unsupported("an aggregate over an updating input (e.g. GROUP BY over the result of another streaming GROUP BY) is not supported yet; run in batch mode (SET 'execution.runtime-mode' = 'batch')")
        }
        let mode: AggregateMode = options.batch ? .batch : .streaming
        if let window = n.window {
            var vertex = input.vertex
            if window.processingTime {
                // Processing time: watermarks follow the PROCTIME() column (wall-clock time as rows arrive).
                vertex = try graph.addWatermarkAssigner(name: name("proctime-watermarks"), input: vertex,
                                                        strategy: .monotonous(column: window.timeColumn))
            }
            let id: VertexID
            switch window.kind {
            case .sliced(let assigner):
                id = try graph.addWindowAggregate(name: name("window-aggregate"), input: vertex, timeColumn: window.timeColumn,
                                                  keyColumns: n.keys, aggregates: n.aggregates, window: assigner,
                                                  parallelism: options.parallelism, maxParallelism: options.maxParallelism)
            case .session(let gap):
                id = try graph.addSessionWindowAggregate(name: name("session-window-aggregate"), input: vertex, timeColumn: window.timeColumn,
                                                         keyColumns: n.keys, aggregates: n.aggregates, gapMicros: gap,
                                                         parallelism: options.parallelism, maxParallelism: options.maxParallelism)
            }
            let p = graph[id].parallelism
            return PlannedStream(vertex: id, schema: graph[id].outputSchema, parallelism: p, updating: false,
                                 partitionedBy: n.keys.isEmpty ? nil : Array(0..<n.keys.count))
        }
        let finalParallelism = n.keys.isEmpty ? 1 : options.parallelism
        let id: VertexID
        if ExchangeRule.isPartitioned(input, by: n.keys, forParallelism: finalParallelism) {
            id = graph.addOperator(name: name("aggregate"), parallelism: finalParallelism, inputSchemas: [input.schema],
                                   outputSchema: n.schema) { _ in
                SingleAggregateOperator(inputSchema: input.schema, keyColumns: n.keys, aggregates: n.aggregates, mode: mode)
            }
            graph.connect(input.vertex, id)
        } else {
            let twoPhase = options.aggregatePhases.twoPhase(aggregates: n.aggregates, inputParallelism: input.parallelism,
                                                            finalParallelism: finalParallelism)
            id = try graph.addAggregate(name: name("aggregate"), input: input.vertex, keyColumns: n.keys, aggregates: n.aggregates,
                                        mode: mode, parallelism: options.parallelism, twoPhase: twoPhase,
                                        maxParallelism: options.maxParallelism)
        }
        return PlannedStream(vertex: id, schema: graph[id].outputSchema, parallelism: graph[id].parallelism, updating: !options.batch,
                             partitionedBy: n.keys.isEmpty ? nil : Array(0..<n.keys.count))
    }

    /// Partitioning columns after a projection: kept when every one survives as a plain column.
    static func mapPartitioning(_ columns: [Int]?, through projections: [PhysicalExpression]?) -> [Int]? {
        guard let columns else { return nil }
        guard let projections else { return columns }
        var out: [Int] = []
        for c in columns {
            guard let i = projections.firstIndex(where: { if case .column(let x, _, _) = $0 { return x == c } else { return false } }) else { return nil }
            out.append(i)
        }
        return out
    }
}
