import Testing
import SluiceRuntime
import SluiceColumnar
import SluiceOperators
@testable import SluiceConnectors

@Suite("PrintSink")
struct PrintSinkTests {
    let schema = Schema([Field("color", .string), Field("n", .int64)])

    func printJob(parallelism p: Int, identifier: String? = nil, log: TextLog, batches: [RecordBatch]) -> JobGraph {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", parallelism: p, schema: schema, batches: batches)
        let sink = g.addPrintSink(name: "print", parallelism: p, schema: schema, identifier: identifier) { log.append($0) }
        g.connect(src, sink)
        return g
    }

    func batch(_ rows: [(String?, Int64?)], kinds: [RowKind]? = nil) -> RecordBatch {
        try! RecordBatch(schema: schema, columns: [Column.string(rows.map(\.0)), Column.int64(rows.map(\.1))],
                         rowKinds: kinds.map { Buffer($0.map(\.rawValue)) })
    }

    @Test("at parallelism 1 rows print as Flink does, without a prefix")
    func plain() throws {
        let log = TextLog()
        _ = try sharedExecutor.execute(printJob(parallelism: 1, log: log, batches: [batch([("red", 12), (nil, nil)])]),
                                       timeoutSeconds: 20)
        #expect(log.lines == ["+I[red, 12]", "+I[NULL, NULL]"])
    }

    @Test("at parallelism 2 each line starts with the 1-based subtask")
    func subtaskPrefix() throws {
        let log = TextLog()
        _ = try sharedExecutor.execute(printJob(parallelism: 2, log: log, batches: [batch([("red", 1)]), batch([("blue", 2)])]),
                                       timeoutSeconds: 20)
        #expect(log.lines.sorted() == ["1> +I[red, 1]", "2> +I[blue, 2]"])
    }

    @Test("an identifier prefixes every line, with the subtask when parallel")
    func identifier() throws {
        let one = SubtaskInfo(vertexName: "p", uid: "p", index: 0, parallelism: 1)
        let third = SubtaskInfo(vertexName: "p", uid: "p", index: 2, parallelism: 4)
        #expect(PrintSink.prefix(identifier: "orders", subtask: one) == "orders> ")
        #expect(PrintSink.prefix(identifier: "orders", subtask: third) == "orders:3> ")
        #expect(PrintSink.prefix(identifier: nil, subtask: third) == "3> ")
        #expect(PrintSink.prefix(identifier: nil, subtask: one) == "")
    }

    @Test("a streaming aggregate's changelog prints with its row kinds")
    func changelog() throws {
        let log = TextLog()
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: schema, batches: [batch([("red", 1)]), batch([("red", 2)])])
        let agg = try g.addAggregate(name: "agg", input: src, keyColumns: [0], aggregates: [AggregateSpec(.sum, input: 1)],
                                     mode: .streaming)
        let sink = g.addPrintSink(name: "print", schema: g[agg].outputSchema) { log.append($0) }
        g.connect(agg, sink)
        _ = try sharedExecutor.execute(g, options: ExecutionOptions(bufferTimeoutNanos: 0), timeoutSeconds: 20)
        #expect(log.lines == ["+I[red, 1]", "-U[red, 1]", "+U[red, 3]"])
    }

    @Test("the collect sink keeps row kinds: changelog views")
    func collectChangelog() throws {
        let out = CollectedBatches()
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: schema,
                                   batches: [batch([("red", 1), ("red", 1), ("red", 2)], kinds: [.insert, .updateBefore, .updateAfter])])
        let sink = g.addCollectSink(name: "collect", schema: schema, into: out)
        g.connect(src, sink)
        _ = try sharedExecutor.execute(g, timeoutSeconds: 20)
        #expect(out.changelogLines() == ["+I[red, 1]", "-U[red, 1]", "+U[red, 2]"])
        #expect(out.changelog().map(\.kind) == [.insert, .updateBefore, .updateAfter])
    }
}
