import Testing
import Foundation
@testable import SluiceRuntime
import SluiceColumnar

@Suite("Failures and cancellation")
struct FailureTests {
    let s = Fixture.schema

    enum Where: String, CaseIterable { case source, chained, afterChannel, sink }

    /// src → map → (rebalance) → mid → (hash) → sink, with a failure injected in one place at row `failAt`.
    func job(failIn place: Where, failAt: Int, parallelism p: Int) -> JobGraph {
        var g = JobGraph()
        let batches = Fixture.batches(count: 100, rows: 50)
        let src = g.addSource(name: "src", parallelism: p, schema: s) { info in
            place == .source ? FailingSource(batches, subtask: info, failAt: failAt) as any SourceReader : BatchSource(batches, subtask: info)
        }
        let map = g.addOperator(name: "map", parallelism: p, schema: s) { _ in
            place == .chained ? FailingOperator(failAt: failAt) as any Operator : PassThrough()
        }
        let mid = g.addOperator(name: "mid", parallelism: p, schema: s) { info in
            place == .afterChannel && info.index == p - 1 ? FailingOperator(failAt: failAt) as any Operator : PassThrough()
        }
        let sink = g.addOperator(name: "sink", parallelism: p, schema: s) { _ in
            place == .sink ? FailingOperator(failAt: failAt) as any Operator : PassThrough()
        }
        g.connect(src, map)
        g.connect(map, mid, .rebalance)
        g.connect(mid, sink, .hash(keyColumns: ["key"]))
        return g
    }

    @Test("a failure at row N in any operator ends the job with its name, subtask and cause",
          arguments: Where.allCases, [1, 2])
    func failure(place: Where, p: Int) {
        let start = Date()
        let error = #expect(throws: SluiceError.self) {
            try sharedExecutor.execute(job(failIn: place, failAt: 500, parallelism: p), options: Fixture.options, timeoutSeconds: 20)
        }
        #expect(Date().timeIntervalSince(start) < 10)
        let name: String
        switch place {
        case .source: name = "src"
        case .chained: name = "map"
        case .afterChannel: name = "mid"
        case .sink: name = "sink"
        }
        let operatorName = try? #require(error?.context.operatorName)
        #expect(operatorName?.hasPrefix("\(name) (") == true, "\(String(describing: error))")
        #expect(operatorName?.hasSuffix("/\(p))") == true)
        if place == .afterChannel { #expect(operatorName == "mid (\(p)/\(p))") }
        #expect(error?.message.hasPrefix("injected") == true)
        #expect(error?.description.contains("injected") == true)
    }

    @Test("the error reads: what failed, where")
    func message() {
        let error = #expect(throws: SluiceError.self) {
            try sharedExecutor.execute(job(failIn: .chained, failAt: 1, parallelism: 1), options: Fixture.options, timeoutSeconds: 20)
        }
        #expect(error?.description == "execution: injected failure at row 1 (at operator map (1/1))")
    }

    @Test("after a failure every opened operator is closed once, and nothing downstream finishes")
    func closesOnFailure() {
        let log = CallLog()
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: s, batches: Fixture.batches(count: 10, rows: 10))
        let a = g.addOperator(name: "a", schema: s) { _ in LoggingOperator("a", log: log) }
        let fail = g.addOperator(name: "fail", schema: s) { _ in FailingOperator(failAt: 30) }
        let b = g.addOperator(name: "b", schema: s) { _ in LoggingOperator("b", log: log) }
        g.connect(src, a)
        g.connect(a, fail, .rebalance)
        g.connect(fail, b, .rebalance)
        #expect(throws: SluiceError.self) { try sharedExecutor.execute(g, timeoutSeconds: 20) }
        // Every operator that was opened is closed exactly once (b may be cancelled before it opens).
        let entries = log.entries
        #expect(entries.contains("a.open"))
        for op in ["a", "b"] {
            #expect(entries.count(where: { $0 == "\(op).open" }) == entries.count(where: { $0 == "\(op).close" }), "\(entries)")
            #expect(entries.count(where: { $0 == "\(op).close" }) <= 1)
        }
        #expect(!entries.contains("b.finish"))
    }

    @Test("cancelling an unbounded job stops every task")
    func cancel() throws {
        let out = CollectedBatches()
        var g = JobGraph()
        let batch = Fixture.batches(count: 1, rows: 100)[0]
        let src = g.addSource(name: "endless", parallelism: 2, schema: s) { _ in EndlessSource(batch) }
        let mid = g.addOperator(name: "mid", parallelism: 2, schema: s) { _ in PassThrough() }
        let sink = g.addCollectSink(name: "collect", parallelism: 1, schema: s, into: out)
        g.connect(src, mid, .rebalance)
        g.connect(mid, sink, .rebalance)
        let client = try sharedExecutor.submit(g)
        let deadline = Date().addingTimeInterval(10)
        while out.rowCount < 1000, Date() < deadline { usleep(1000) }
        #expect(out.rowCount >= 1000)
        client.cancel()
        let result = try client.wait(timeoutSeconds: 10)
        #expect(result.status == .cancelled)
        let after = out.rowCount
        usleep(20_000)
        #expect(out.rowCount == after)
    }

    @Test("a job that outlives its timeout is cancelled and reported")
    func timeout() {
        var g = JobGraph()
        let batch = Fixture.batches(count: 1, rows: 10)[0]
        let src = g.addSource(name: "endless", schema: s) { _ in EndlessSource(batch) }
        let sink = g.addOperator(name: "sink", schema: s) { _ in PassThrough() }
        g.connect(src, sink)
        let error = #expect(throws: SluiceError.self) { try sharedExecutor.execute(g, timeoutSeconds: 0.2) }
        #expect(error?.message == "job did not finish within 0.2 s and was cancelled; tasks still running: endless -> sink (1)")
    }
}
