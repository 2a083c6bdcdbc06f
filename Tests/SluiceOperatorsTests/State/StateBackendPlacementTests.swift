import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

/// Where aggregation state lives (`ExecutionOptions.stateBackend`): the same results either way, and
/// with `.mmap` the tables that outgrow 1 MiB are in the state backend's mapped files.
@Suite("State backend placement of aggregation state")
struct StateBackendPlacementTests {
    static let keys: Int64 = 60_000
    static let sum = [AggregateSpec.countStar(), AggregateSpec(.sum, input: 2)]

    /// Rows (ts, key, value) over `keys` keys, 1 ms apart: a few tumbling 10 s windows.
    static let rows: [WindowData.Row] = (0..<120_000).map { i in
        WindowData.Row(ts: Int64(i) * 100, key: Int64((i &* 7919) % Int(keys)), value: Int64(i % 97) - 40)
    }
    static var batches: [RecordBatch] { stride(from: 0, to: rows.count, by: 8192).map { WindowData.batch(Array(rows[$0..<min($0 + 8192, rows.count)])) } }

    static func options(_ backend: StateBackendKind, directory: String? = nil) -> ExecutionOptions {
        var options = ExecutionOptions(hashPartitioner: .columnar)
        options.stateBackend = backend
        options.stateDirectory = directory
        return options
    }

    /// GROUP BY key: COUNT(*), SUM(value) at parallelism 2.
    func keyedAggregate(_ backend: StateBackendKind) throws -> (rows: [[Value]], mapped: Int) {
        let out = CollectedBatches()
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", parallelism: 2, schema: WindowData.schema, batches: Self.batches)
        let agg = try g.addAggregate(name: "agg", input: src, keyColumns: [1], aggregates: Self.sum, mode: .batch,
                                     parallelism: 2, twoPhase: false)
        let sink = g.addCollectSink(name: "collect", schema: g[agg].outputSchema, into: out)
        g.connect(agg, sink, .rebalance)
        let result = try sharedExecutor.execute(g, options: Self.options(backend), timeoutSeconds: 30)
        return (WindowData.sorted(out.rows()), result.metrics(of: "agg").reduce(0) { $0 + ($1.custom["mappedStateBytes"] ?? 0) })
    }

    /// TUMBLE(10 s) by key: COUNT(*), SUM(value) at parallelism 2.
    func tumblingWindow(_ backend: StateBackendKind) throws -> (rows: [[Value]], mapped: Int) {
        let out = CollectedBatches()
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", parallelism: 1, schema: WindowData.schema, batches: Self.batches)
        let wm = try g.addWatermarkAssigner(name: "watermarks", input: src, strategy: .boundedOutOfOrderness(0, column: "ts"))
        let agg = try g.addWindowAggregate(name: "window", input: wm, timeColumn: "ts", keyColumns: [1], aggregates: Self.sum,
                                           window: .tumble(size: 10 * WindowData.second), parallelism: 2)
        let sink = g.addCollectSink(name: "collect", schema: g[agg].outputSchema, into: out)
        g.connect(agg, sink, .rebalance)
        let result = try sharedExecutor.execute(g, options: Self.options(backend), timeoutSeconds: 30)
        return (WindowData.sorted(out.rows()), result.metrics(of: "window").reduce(0) { $0 + ($1.custom["mappedStateBytes"] ?? 0) })
    }

    @Test("a keyed aggregate keeps its table in mapped files with mmap and in process memory with heap; same rows")
    func keyedAggregatePlacement() throws {
        let mapped = try keyedAggregate(.mmap)
        let heap = try keyedAggregate(.heap)
        #expect(mapped.rows.count == Int(Self.keys))
        #expect(mapped.rows == heap.rows)
        #expect(mapped.mapped >= 2 << 20)
        #expect(heap.mapped == 0)
    }

    @Test("a tumbling window keeps its slices in mapped files with mmap; same rows as heap and as the reference")
    func windowPlacement() throws {
        let mapped = try tumblingWindow(.mmap)
        let heap = try tumblingWindow(.heap)
        let reference = WindowData.reference(Self.rows, try .tumble(size: 10 * WindowData.second)).map { Array($0.prefix(5)) }
        #expect(mapped.rows == reference)
        #expect(heap.rows == reference)
        #expect(mapped.mapped >= 2 << 20)
        #expect(heap.mapped == 0)
    }

    @Test("a state directory that does not exist fails the job before it starts, naming the directory")
    func missingDirectory() throws {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: WindowData.schema, batches: Self.batches)
        let agg = try g.addAggregate(name: "agg", input: src, keyColumns: [1], aggregates: Self.sum, mode: .batch)
        g.addCollectSink(name: "collect", schema: g[agg].outputSchema, into: CollectedBatches())
        g.connect(agg, g.vertex(named: "collect")!.id)
        let error = #expect(throws: SluiceError.self) {
            try sharedExecutor.execute(g, options: Self.options(.mmap, directory: "/nonexistent/sluice-state"), timeoutSeconds: 30)
        }
        #expect(error?.code == .io)
        #expect(error?.description.contains("/nonexistent/sluice-state") == true)
        #expect(error?.message.contains("state directory") == true)
    }

    @Test("state backend names: mmap, heap and Flink's hashmap; anything else is an error listing them")
    func names() throws {
        #expect(try StateBackendKind(configValue: "MMAP") == .mmap)
        #expect(try StateBackendKind(configValue: "heap") == .heap)
        #expect(try StateBackendKind(configValue: "hashmap") == .heap)
        let error = #expect(throws: SluiceError.self) { try StateBackendKind(configValue: "rocksdb") }
        #expect(error?.message.contains("'mmap'") == true && error?.message.contains("'heap'") == true)
    }
}
