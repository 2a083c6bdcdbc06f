import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

@Suite("Two-phase aggregation jobs")
struct TwoPhaseAggregateJobTests {
    let s = Data.schema
    let input = Data.batches(count: 30, rows: 200)

    /// src → calc (color <> 'orange') → local agg → hash(color) → global agg → collect.
    func job(parallelism p: Int, mode: AggregateMode, into out: CollectedBatches) throws -> JobGraph {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", parallelism: p, schema: s, batches: input)
        let predicate = try PhysicalExpression.call("<>", [Data.column("color"), .literal(.string("orange"))])
        let calc = g.addOperator(name: "calc", parallelism: p, schema: s) { _ in
            CalcOperator(predicate: predicate, projections: nil, outputSchema: Data.schema)
        }
        let partial = try LocalAggregateOperator.outputSchema(inputSchema: s, keyColumns: AggregateFixture.keys,
                                                              aggregates: AggregateFixture.aggregates)
        let final = try GlobalAggregateOperator.outputSchema(inputSchema: s, keyColumns: AggregateFixture.keys,
                                                             aggregates: AggregateFixture.aggregates)
        let local = g.addOperator(name: "local", parallelism: p, inputSchemas: [s], outputSchema: partial) { _ in
            LocalAggregateOperator(inputSchema: Data.schema, keyColumns: AggregateFixture.keys,
                                   aggregates: AggregateFixture.aggregates, mode: mode)
        }
        let global = g.addOperator(name: "global", parallelism: p, inputSchemas: [partial], outputSchema: final) { _ in
            GlobalAggregateOperator(inputSchema: Data.schema, keyColumns: AggregateFixture.keys,
                                    aggregates: AggregateFixture.aggregates, mode: mode)
        }
        let sink = g.addCollectSink(name: "collect", parallelism: 1, schema: final, into: out)
        g.connect(src, calc)
        g.connect(calc, local)
        g.connect(local, global, .hash(keyColumns: ["color"]))
        g.connect(global, sink, .rebalance)
        return g
    }

    @Test("batch mode gives the reference result at parallelism 1, 2 and 4", arguments: [1, 2, 4])
    func batchMode(p: Int) throws {
        let out = CollectedBatches()
        let result = try sharedExecutor.execute(job(parallelism: p, mode: .batch, into: out),
                                                options: ExecutionOptions(hashPartitioner: .columnar), timeoutSeconds: 20)
        #expect(result.status == .finished)
        #expect(AggregateFixture.sortedRows(out.rows()) == AggregateFixture.reference(input) { $0 != "orange" })
        #expect(out.batches.allSatisfy { $0.rowKinds == nil })
        #expect(result.totalRows(of: "calc") == (6000, 4800))
        // Batch-mode locals pre-aggregate to one partial row per group and subtask.
        #expect(result.totalRows(of: "global").rowsIn <= 4 * p)
    }

    @Test("streaming mode's changelog folds to the reference result at parallelism 1, 2 and 4", arguments: [1, 2, 4])
    func streamingMode(p: Int) throws {
        let out = CollectedBatches()
        // A zero buffer timeout makes every operator emit after every batch: the most updates.
        let options = ExecutionOptions(bufferTimeoutNanos: 0, hashPartitioner: .columnar)
        _ = try sharedExecutor.execute(job(parallelism: p, mode: .streaming, into: out), options: options, timeoutSeconds: 20)
        let changelog = out.kindedRows()
        #expect(changelog.contains { $0.kind == .updateBefore })
        #expect(try AggregateFixture.apply(changelog) == AggregateFixture.reference(input) { $0 != "orange" })
    }

    @Test("addAggregate wires one phase at parallelism 1 and two phases above", arguments: [1, 2, 4])
    func addAggregate(p: Int) throws {
        let out = CollectedBatches()
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", parallelism: p, schema: s, batches: input)
        let agg = try g.addAggregate(name: "agg", input: src, keyColumns: AggregateFixture.keys,
                                     aggregates: AggregateFixture.aggregates, mode: .batch, parallelism: p)
        g.addCollectSink(name: "collect", parallelism: 1, schema: g[agg].outputSchema, into: out)
        g.connect(agg, g.vertex(named: "collect")!.id, .rebalance)
        let result = try sharedExecutor.execute(g, options: ExecutionOptions(hashPartitioner: .columnar), timeoutSeconds: 20)
        #expect(AggregateFixture.sortedRows(out.rows()) == AggregateFixture.reference(input))
        #expect(result.metrics(of: "agg-local").count == (p == 1 ? 0 : p))
    }

    @Test("a global aggregate without keys runs at parallelism 1 and sums every partial")
    func globalWithoutKeys() throws {
        let out = CollectedBatches()
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", parallelism: 2, schema: s, batches: input)
        let agg = try g.addAggregate(name: "total", input: src, keyColumns: [], aggregates: [.countStar(), AggregateSpec(.sum, input: 1)],
                                     mode: .batch, parallelism: 4)
        let sink = g.addCollectSink(name: "collect", schema: g[agg].outputSchema, into: out)
        g.connect(agg, sink)
        _ = try sharedExecutor.execute(g, options: ExecutionOptions(hashPartitioner: .columnar), timeoutSeconds: 20)
        #expect(g[agg].parallelism == 1)
        #expect(out.rows() == [[.int(6000), .int(Int64(5999 * 6000 / 2))]])
    }
}
