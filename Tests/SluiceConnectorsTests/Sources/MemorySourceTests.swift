import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceConnectors

@Suite("MemorySource")
struct MemorySourceTests {
    struct Event: Codable, Equatable {
        var id: Int
        var color: String
        var price: Double?
    }

    let events = (0..<1000).map { Event(id: $0, color: $0 % 2 == 0 ? "red" : "blue", price: $0 % 7 == 0 ? nil : Double($0)) }

    @Test("Swift values become batches of N rows; every value arrives once at parallelism 1 to 3", arguments: [1, 2, 3])
    func roundTrip(p: Int) throws {
        let out = CollectedBatches()
        var g = JobGraph()
        let src = try g.addMemorySource(name: "mem", parallelism: p, values: events, batchSize: 64)
        let sink = g.addCollectSink(name: "collect", schema: g[src].outputSchema, into: out)
        g.connect(src, sink, .rebalance)
        let result = try sharedExecutor.execute(g, timeoutSeconds: 20)
        #expect(try out.decode(Event.self).sorted { $0.id < $1.id } == events)
        #expect(result.totalRows(of: "mem").rowsOut == 1000)
        #expect(out.batches.map(\.count).max() == 64)
        #expect(g[src].outputSchema.names == ["id", "color", "price"])
    }

    @Test("errors: zero batch size, and zero values without a schema")
    func errors() throws {
        let size = #expect(throws: SluiceError.self) { _ = try MemorySource.encode(events, batchSize: 0) }
        #expect(size?.message == "memory source batch size is 0; it must be at least 1")
        let empty = #expect(throws: SluiceError.self) { _ = try MemorySource.encode([Event]()) }
        #expect(empty?.message == "cannot infer a schema from zero values of Event; pass the schema")
        let schema = try Schema.parse("id BIGINT, color STRING, price DOUBLE")
        let (s, batches) = try MemorySource.encode([Event](), schema: schema)
        #expect(s == schema && batches.isEmpty)
    }
}
