import Testing
@testable import SluiceRuntime
import SluiceColumnar

@Suite("Job graph validation")
struct JobGraphValidationTests {
    static let s = Fixture.schema

    func error(_ graph: JobGraph) -> SluiceError? {
        do {
            try graph.validate()
            return nil
        } catch {
            return error
        }
    }

    @Test("a valid graph passes")
    func valid() throws {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: Self.s, batches: [])
        let sink = g.addOperator(name: "sink", parallelism: 2, schema: Self.s) { _ in PassThrough() }
        g.connect(src, sink, .hash(keyColumns: ["key"]))
        try g.validate()
    }

    @Test("a cycle is reported with its vertices in order")
    func cycle() {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: Self.s, batches: [])
        let a = g.addOperator(name: "a", schema: Self.s) { _ in PassThrough() }
        let b = g.addOperator(name: "b", schema: Self.s) { _ in PassThrough() }
        let c = g.addOperator(name: "c", schema: Self.s) { _ in PassThrough() }
        g.connect(src, a)
        g.connect(a, b)
        g.connect(b, c)
        g.connect(c, a)
        let e = error(g)
        #expect(e?.code == .plan)
        #expect(e?.message == "the job graph has a cycle: `a` → `b` → `c` → `a`; dataflow edges must not loop back")
    }

    @Test("a forward edge between different parallelisms names both and suggests rebalance")
    func forwardParallelism() {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", parallelism: 2, schema: Self.s, batches: [])
        let sink = g.addOperator(name: "sink", parallelism: 4, schema: Self.s) { _ in PassThrough() }
        g.connect(src, sink)
        #expect(error(g)?.message == "forward edge `src` (parallelism 2) → `sink` (parallelism 4) connects different "
            + "parallelisms; use rebalance (or hash by key) to redistribute, or give both the same parallelism")
    }

    @Test("a missing hash key column is named, with a suggestion and the columns")
    func missingKey() {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: Self.s, batches: [])
        let agg = g.addOperator(name: "agg", parallelism: 2, schema: Self.s) { _ in PassThrough() }
        g.connect(src, agg, .hash(keyColumns: ["colr"]))
        let e = error(g)
        #expect(e?.message == "hash key column `colr` on edge `src` → `agg` is not in the output of `src`; did you mean `color`? (columns: id, key, color)")
        #expect(e?.context.column == "colr")
    }

    @Test("a hash key index out of range lists the columns")
    func keyOutOfRange() {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: Self.s, batches: [])
        let agg = g.addOperator(name: "agg", schema: Self.s) { _ in PassThrough() }
        g.connect(src, agg, .hash(keyColumns: [5]))
        #expect(error(g)?.message == "hash key column #5 on edge `src` → `agg` is out of range: `src` produces 3 columns (columns: id, key, color)")
    }

    @Test("a hash edge needs at least one key and enough key groups")
    func hashEdgeShape() {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: Self.s, batches: [])
        let agg = g.addOperator(name: "agg", parallelism: 8, schema: Self.s) { _ in PassThrough() }
        g.connect(src, agg, .hash(keyColumns: []))
        #expect(error(g)?.message == "hash edge `src` → `agg` has no key columns; name at least one (columns: id, key, color)")
        var h = JobGraph()
        let src2 = h.addBatchSource(name: "src", schema: Self.s, batches: [])
        let agg2 = h.addOperator(name: "agg", parallelism: 8, schema: Self.s) { _ in PassThrough() }
        h.connect(src2, agg2, .hash(keyColumns: [1], maxParallelism: 4))
        #expect(error(h)?.message == "hash edge `src` → `agg` has maxParallelism 4, below the parallelism 8 of `agg`; raise maxParallelism (default 128)")
    }

    @Test("a schema mismatch names both vertices and both schemas")
    func schemaMismatch() {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: Self.s, batches: [])
        let sink = g.addOperator(name: "sink", schema: Fixture.otherSchema) { _ in PassThrough() }
        g.connect(src, sink)
        #expect(error(g)?.message == "schema mismatch on edge `src` → `sink`: `src` produces (id BIGINT, key BIGINT, color STRING) "
            + "but `sink` expects (id BIGINT) on input 0")
    }

    @Test("wiring errors: source with an input, operator without one, bad input index, duplicate uid, empty graph")
    func wiring() {
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: Self.s, batches: [])
        let other = g.addBatchSource(name: "other", schema: Self.s, batches: [])
        g.connect(src, other)
        #expect(error(g)?.message == "source `other` cannot have inputs, but `src` is connected to it")

        var h = JobGraph()
        h.addBatchSource(name: "src", schema: Self.s, batches: [])
        h.addOperator(name: "lonely", schema: Self.s) { _ in PassThrough() }
        #expect(error(h)?.message == "operator `lonely` has no input; connect a source or another operator to it")

        var i = JobGraph()
        let s1 = i.addBatchSource(name: "src", schema: Self.s, batches: [])
        let op = i.addOperator(name: "op", schema: Self.s) { _ in PassThrough() }
        i.connect(s1, op, input: 1)
        #expect(error(i)?.message == "edge `src` → `op` targets input 1, but `op` has 1 input (0..<1)")

        var j = JobGraph()
        let s2 = j.addBatchSource(name: "src", schema: Self.s, batches: [])
        let op2 = j.addOperator(name: "op", uid: "src", schema: Self.s) { _ in PassThrough() }
        j.connect(s2, op2)
        #expect(error(j)?.message == "operators `src` and `op` share the uid `src`; uids must be unique")

        #expect(error(JobGraph())?.message == "the job graph is empty; add a source")
    }

    @Test("parallelism below one is rejected")
    func parallelism() {
        var g = JobGraph()
        g.addBatchSource(name: "src", parallelism: 0, schema: Self.s, batches: [])
        #expect(error(g)?.message == "operator `src` has parallelism 0; it must be at least 1")
    }
}
