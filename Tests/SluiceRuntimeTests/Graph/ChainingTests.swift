import Testing
@testable import SluiceRuntime
import SluiceColumnar

@Suite("Chaining")
struct ChainingTests {
    static let s = Fixture.schema

    func op(_ g: inout JobGraph, _ name: String, _ p: Int = 2) -> VertexID {
        g.addOperator(name: name, parallelism: p, schema: Self.s) { _ in PassThrough() }
    }

    @Test("forward edges between equal parallelism fuse into one task")
    func linear() throws {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", parallelism: 2, schema: Self.s, batches: [])
        let a = op(&g, "filter"), b = op(&g, "map"), c = op(&g, "sink")
        g.connect(src, a)
        g.connect(a, b)
        g.connect(b, c)
        let plan = try g.plan()
        #expect(plan.chainNames == ["src -> filter -> map -> sink"])
        #expect(plan.networkEdges.isEmpty)
        #expect(plan.chainedEdges.count == 3)
    }

    @Test("a repartitioning edge or a parallelism change starts a new chain")
    func repartition() throws {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", parallelism: 2, schema: Self.s, batches: [])
        let filter = op(&g, "filter")
        let agg = op(&g, "agg", 4)
        let sink = op(&g, "sink", 4)
        let out = op(&g, "out", 1)
        g.connect(src, filter)
        g.connect(filter, agg, .hash(keyColumns: ["key"]))
        g.connect(agg, sink)
        g.connect(sink, out, .rebalance)
        let plan = try g.plan()
        #expect(plan.chainNames == ["src -> filter", "agg -> sink", "out"])
        #expect(plan.networkEdges.map(\.partitioning) == [.hash(keyColumns: [1], maxParallelism: 128), .rebalance])
    }

    @Test("fan-out and multiple inputs are not chained")
    func fanOutFanIn() throws {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", parallelism: 2, schema: Self.s, batches: [])
        let left = op(&g, "left"), right = op(&g, "right"), union = op(&g, "union")
        g.connect(src, left)
        g.connect(src, right)
        g.connect(left, union)
        g.connect(right, union)
        let plan = try g.plan()
        #expect(plan.chainNames == ["src", "left", "right", "union"])
        #expect(plan.networkEdges.count == 4)
        #expect(plan.networkEdges.allSatisfy { $0.partitioning == .forward })
    }

    @Test("chaining can be switched off")
    func off() throws {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: Self.s, batches: [])
        let a = op(&g, "a", 1)
        g.connect(src, a)
        #expect(try g.plan(chaining: false).chainNames == ["src", "a"])
    }
}
