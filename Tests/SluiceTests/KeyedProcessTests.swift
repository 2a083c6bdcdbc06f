import Foundation
import Testing
import Sluice

/// Keyed state in process functions, through `import Sluice` only.
@Suite("Keyed process functions with state")
struct KeyedProcessTests {
    struct Event: Codable, Sendable { var color: String; var value: Int }
    struct Running: Codable, Equatable { var color: String; var total: Int64; var seen: Int64; var distinct: Int64 }

    static let events: [Event] = (0..<4_000).map { i in
        let colors = ["red", "green", "blue", "orange", "yellow", "black", "white"]
        return Event(color: colors[(i * 5) % colors.count], value: i % 37)
    }

    @Test("running totals per key in value, aggregating and map state match a reference at parallelism 1, 2 and 4",
          arguments: [1, 2, 4])
    func runningTotals(parallelism: Int) throws {
        let env = StreamEnvironment(parallelism: parallelism, mode: .batch, workers: 2)
        env.stateMemoryBudgetBytes = 64 << 20
        let output = try Schema.parse("color STRING, total BIGINT, seen BIGINT, distinct BIGINT")
        let result = try env.fromValues(Self.events, batchSize: 300)
            .keyBy("color")
            .process(outputSchema: output) { (row, ctx, out) throws(SluiceError) in
                let total = try ctx.valueState("total", of: Int64.self)
                let count = try ctx.aggregatingState("seen", function: .count)
                let values = try ctx.mapState("values", keySerializer: .fixed(Int64.self), valueSerializer: .fixed(Int64.self))
                let value = try row.int64("value") ?? 0
                let next = (try total.value() ?? 0) + value
                try total.update(next)
                try count.add(value)
                try values.put(value, 1)
                guard case .int(let seen) = try count.result() else { throw SluiceError.internalError("COUNT is not an integer") }
                try out.emit([try row.value("color"), .int(next), .int(seen), .int(Int64(try values.keys().count))])
            }
            .collect()
        try env.execute(timeoutSeconds: 60)
        let rows = try result.decode(Running.self)
        #expect(rows.count == Self.events.count)
        var final: [String: Running] = [:]
        for row in rows where row.seen > final[row.color]?.seen ?? 0 { final[row.color] = row }
        var expected: [String: Running] = [:]
        var distinct: [String: Set<Int>] = [:]
        for e in Self.events {
            distinct[e.color, default: []].insert(e.value)
            let old = expected[e.color]
            expected[e.color] = Running(color: e.color, total: (old?.total ?? 0) + Int64(e.value), seen: (old?.seen ?? 0) + 1,
                                        distinct: Int64(distinct[e.color]!.count))
        }
        #expect(final == expected)
    }

    @Test("list state keeps every value of a key")
    func listStatePerKey() throws {
        struct Joined: Codable, Equatable { var color: String; var values: String }
        let env = StreamEnvironment(parallelism: 2, mode: .batch, workers: 2)
        let output = try Schema.parse("color STRING, values STRING")
        let small = Array(Self.events.prefix(70))
        let result = try env.fromValues(small, batchSize: 16)
            .keyBy("color")
            .process(outputSchema: output) { (row, ctx, out) throws(SluiceError) in
                let list = try ctx.listState("values", serializer: .string)
                try list.add(String(try row.int64("value") ?? -1))
                try out.emit([try row.value("color"), .string(try list.get().joined(separator: ","))])
            }
            .collect()
        try env.execute(timeoutSeconds: 60)
        // Source subtasks may interleave a key's rows, so compare each key's longest list as a multiset.
        var longest: [String: [String]] = [:]
        for row in try result.decode(Joined.self) {
            let values = row.values.split(separator: ",").map(String.init)
            if values.count > longest[row.color]?.count ?? -1 { longest[row.color] = values }
        }
        var expected: [String: [String]] = [:]
        for e in small { expected[e.color, default: []].append(String(e.value)) }
        #expect(longest.mapValues { $0.sorted() } == expected.mapValues { $0.sorted() })
    }

    @Test("keyed state outside a keyed stream is a clear error")
    func notKeyed() throws {
        let env = StreamEnvironment(parallelism: 1, mode: .batch, workers: 2)
        let schema = try Schema.parse("color STRING")
        _ = try env.fromValues(Self.events).select(columns: "color")
            .process(outputSchema: schema) { (batch, ctx) throws(SluiceError) -> RecordBatch? in
                _ = try ctx.valueState("v", of: Int64.self)
                return batch
            }
            .collect()
        let error = #expect(throws: SluiceError.self) { try env.execute(timeoutSeconds: 60) }
        #expect(error?.message.contains("only available in a keyed process function") == true)
    }

    @Test("the README's keyed state example runs as written")
    func readmeExample() throws {
        struct Total: Codable, Equatable { var color: String; var total: Int64 }
        let events = [Event(color: "red", value: 1), Event(color: "blue", value: 4), Event(color: "red", value: 3)]
        let env = StreamEnvironment(parallelism: 2, mode: .batch, workers: 2)
        env.stateMemoryBudgetBytes = 512 << 20                     // beyond it, state pages go back to the OS
        let running = try env.fromValues(events)
            .keyBy("color")
            .process(outputSchema: try Schema.parse("color STRING, total BIGINT")) { (row, ctx, out) throws(SluiceError) in
                let total = try ctx.valueState("total", of: Int64.self, ttl: StateTTLConfig(timeToLiveMillis: 60_000))
                let next = (try total.value() ?? 0) + (try row.int64("value") ?? 0)
                try total.update(next)
                try out.emit([try row.value("color"), .int(next)])
            }
            .collect()
        try env.execute(timeoutSeconds: 60)
        let rows = try running.decode(Total.self)
        #expect(rows.filter { $0.color == "red" }.map(\.total).max() == 4)
        #expect(rows.filter { $0.color == "blue" }.map(\.total) == [4])
        #expect(rows.count == 3)
    }
}
