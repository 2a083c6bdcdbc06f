import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

@Suite("UnionOperator")
struct UnionOperatorTests {
    @Test("every row of every input arrives once, at equal and at different parallelism", arguments: [1, 2])
    func union(p: Int) throws {
        let s = Data.schema
        let a = Data.batches(count: 4, rows: 10, colors: ["a"])
        let b = Data.batches(count: 3, rows: 10, colors: ["b"])
        let out = CollectedBatches()
        var g = JobGraph()
        let srcA = g.addBatchSource(name: "a", parallelism: p, schema: s, batches: a)
        let srcB = g.addBatchSource(name: "b", parallelism: 1, schema: s, batches: b)
        let union = g.addUnion(name: "union", parallelism: p, schema: s, inputs: [srcA, srcB])
        let sink = g.addCollectSink(name: "collect", parallelism: 1, schema: s, into: out)
        g.connect(union, sink, .rebalance)
        _ = try sharedExecutor.execute(g, timeoutSeconds: 20)
        let colors = out.rows().map { $0[0] }
        #expect(colors.count(where: { $0 == .string("a") }) == 40)
        #expect(colors.count(where: { $0 == .string("b") }) == 30)
    }
}
