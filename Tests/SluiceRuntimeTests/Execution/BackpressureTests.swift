import Testing
import Foundation
@testable import SluiceRuntime
import SluiceColumnar

@Suite("Backpressure")
struct BackpressureTests {
    @Test("a slow sink holds the producer back: queue depth stays bounded and every row arrives")
    func slowSink() throws {
        let out = CollectedBatches()
        var g = JobGraph()
        let s = Fixture.schema
        let src = g.addBatchSource(name: "src", schema: s, batches: Fixture.batches(count: 200, rows: 10))
        let sink = g.addOperator(name: "slow", schema: s) { _ in SlowSink(into: out, sleepMicros: 200) }
        g.connect(src, sink, .rebalance)
        var options = ExecutionOptions()
        options.channelCapacity = 4
        let result = try sharedExecutor.execute(g, options: options, timeoutSeconds: 30)
        #expect(out.rowCount == 2000)
        #expect(Fixture.ids(out.rows()) == (0..<2000).map(Int64.init))
        let producer = try #require(result.metrics(of: "src").first)
        let consumer = try #require(result.metrics(of: "slow").first)
        #expect(consumer.queueDepthMax <= 4)
        #expect(consumer.queueDepthMax >= 3)
        #expect(producer.backpressuredNanos > producer.busyNanos)
        #expect(producer.backpressuredNanos > 10_000_000)
    }
}
