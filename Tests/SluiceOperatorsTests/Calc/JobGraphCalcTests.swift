import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

@Suite("JobGraph operator conveniences")
struct JobGraphCalcTests {
    @Test("calc, process and row process chain after a source at its parallelism", arguments: [1, 2])
    func chain(p: Int) throws {
        let s = Data.schema
        let out = CollectedBatches()
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", parallelism: p, schema: s, batches: Data.batches(count: 4, rows: 25))
        let calc = try g.addCalc(name: "calc", input: src,
                                 predicate: .call("=", [Data.column("color"), .literal(.string("red"))]),
                                 projections: [Data.column("value")], outputSchema: Schema([Field("value", .int64)]))
        let process = g.addProcess(name: "process", input: calc, outputSchema: g[calc].outputSchema) { batch, _ throws(SluiceError) in
            batch
        }
        let rows = g.addRowProcess(name: "rows", input: process, outputSchema: g[calc].outputSchema) { row, out throws(SluiceError) in
            try out.emit([.int(try row.int64(0)! + 1)])
        }
        let sink = g.addCollectSink(name: "collect", schema: g[rows].outputSchema, into: out)
        g.connect(rows, sink, .rebalance)
        let result = try sharedExecutor.execute(g, timeoutSeconds: 20)
        #expect(out.rows().map { $0[0] }.sorted { "\($0)" < "\($1)" }.count == 20)
        #expect(Set(out.rows().map { $0[0] }) == Set((0..<100).filter { $0 % 5 == 0 }.map { Value.int(Int64($0 + 1)) }))
        #expect(result.metrics(of: "calc").count == p)
    }

    @Test("addCalc checks the expressions while the graph is built")
    func checksEarly() throws {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: Data.schema, batches: [])
        let error = #expect(throws: SluiceError.self) {
            try g.addCalc(name: "calc", input: src, predicate: Data.column("color"))
        }
        #expect(error?.message == "the filter condition `color` is STRING; a filter needs a BOOLEAN condition, e.g. `x <> 0`")
    }
}
