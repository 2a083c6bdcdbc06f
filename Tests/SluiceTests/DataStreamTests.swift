import Foundation
import Testing
import Sluice

/// The DataStream API as a user sees it: this target imports only `Sluice`.
@Suite("DataStream API")
struct DataStreamTests {
    struct Event: Codable, Sendable { var color: String; var value: Int; var price: Double }
    struct ColorCount: Codable, Equatable { var color: String; var cnt: Int64 }

    static let events: [Event] = (0..<5_000).map { i in
        let colors = ["red", "green", "blue", "orange", "yellow"]
        return Event(color: colors[(i * 7) % colors.count], value: i % 100 - 20, price: Double(i % 50) / 4)
    }

    static func reference(excluding excluded: String) -> [ColorCount] {
        var counts: [String: Int64] = [:]
        for e in events where e.color != excluded { counts[e.color, default: 0] += 1 }
        return counts.map { ColorCount(color: $0.key, cnt: $0.value) }.sorted { $0.color < $1.color }
    }

    @Test("filter → keyBy → count gives the same rows at parallelism 1, 2 and 4 in batch mode", arguments: [1, 2, 4])
    func batchCounts(parallelism: Int) throws {
        let env = StreamEnvironment(parallelism: parallelism, mode: .batch, workers: 2)
        let result = try env.fromValues(Self.events, batchSize: 512)
            .filter(col("color") != "orange")
            .keyBy("color")
            .aggregate(.count().as("cnt"))
            .collect()
        let run = try env.execute(timeoutSeconds: 60)
        #expect(try result.decode(ColorCount.self).sorted { $0.color < $1.color } == Self.reference(excluding: "orange"))
        #expect(result.changelog().allSatisfy { $0.kind == .insert }, "batch mode emits final rows only")
        #expect(run.rows(of: "filter").rowsIn == Self.events.count)
    }

    @Test("streaming mode emits a changelog whose final state is the batch result")
    func streamingChangelog() throws {
        let env = StreamEnvironment(parallelism: 2, mode: .streaming, workers: 2)
        let result = try env.fromValues(Self.events, batchSize: 256)
            .keyBy("color")
            .aggregate(.count().as("cnt"))
            .collect()
        try env.execute(timeoutSeconds: 60)
        let kinds = Set(result.changelog().map(\.kind))
        #expect(kinds.contains(.insert))
        #expect(try result.decode(ColorCount.self).sorted { $0.color < $1.color } == Self.reference(excluding: "none"))
    }

    @Test("select computes expressions and sum/min/max/avg aggregate them")
    func selectAndAggregates() throws {
        struct Stats: Codable, Equatable { var color: String; var total: Int64; var low: Int64; var high: Int64 }
        let env = StreamEnvironment(parallelism: 2, mode: .batch, workers: 2)
        let result = try env.fromValues(Self.events)
            .select(col("color").as("color"), (col("value") * 2).as("doubled"))
            .keyBy("color")
            .aggregate(.sum("doubled").as("total"), .min("doubled").as("low"), .max("doubled").as("high"))
            .collect()
        try env.execute(timeoutSeconds: 60)
        var expected: [String: Stats] = [:]
        for e in Self.events {
            let d = Int64(e.value * 2)
            var s = expected[e.color] ?? Stats(color: e.color, total: 0, low: .max, high: .min)
            s.total += d
            s.low = min(s.low, d)
            s.high = max(s.high, d)
            expected[e.color] = s
        }
        #expect(try result.decode(Stats.self).sorted { $0.color < $1.color } == expected.values.sorted { $0.color < $1.color })
    }

    @Test("an error in an operator fails the job with the operator's name and no hang")
    func failure() throws {
        let env = StreamEnvironment(parallelism: 2, mode: .batch, workers: 2)
        _ = try env.fromValues(Self.events, batchSize: 100)
            .select((col("value") + 9_223_372_036_854_775_800).as("big"))
            .collect()
        #expect {
            try env.execute(timeoutSeconds: 60)
        } throws: { error in
            guard let e = error as? SluiceError else { return false }
            return e.code == .execution && (e.context.operatorName ?? "").hasPrefix("select") && e.message.contains("overflow")
        }
    }

    @Test("bad expressions are rejected while the job is built")
    func buildErrors() throws {
        let env = StreamEnvironment(parallelism: 1, mode: .batch)
        let stream = try env.fromValues(Self.events)
        #expect(throws: SluiceError(.invalidInput, "column `colour` not found; did you mean `color`? (columns: color, value, price)",
                                    context: .init(column: "colour"))) {
            try stream.filter(col("colour") == "red")
        }
        #expect(throws: SluiceError.invalidInput("filter needs a BOOLEAN predicate, but `value + 1` is BIGINT")) {
            try stream.filter(col("value") + 1)
        }
    }

    @Test("cancel stops an unbounded job")
    func cancel() throws {
        let env = StreamEnvironment(parallelism: 2, mode: .streaming, workers: 2)
        _ = try env.datagen(schema: Schema.parse("id BIGINT, v DOUBLE"), rowsPerSecond: nil, rows: nil)
            .filter(col("v") > 0.5)
            .discard()
        let handle = try env.executeAsync()
        handle.cancel()
        let result = try handle.wait(timeoutSeconds: 30)
        #expect(result.isCancelled)
    }
}

@Suite("DataStream process functions, union and sinks")
struct DataStreamProcessTests {
    struct Item: Codable, Sendable { var name: String; var qty: Int }

    @Test("processRows emits any number of rows per input row; union merges streams")
    func rowsAndUnion() throws {
        let env = StreamEnvironment(parallelism: 2, mode: .batch, workers: 2)
        let output = try Schema.parse("name STRING, unit BIGINT")
        let a = try env.fromValues([Item(name: "a", qty: 2), Item(name: "b", qty: 0)])
        let b = try env.fromValues([Item(name: "c", qty: 1)])
        let result = try a.union(b)
            .processRows(outputSchema: output) { (row, out) throws(SluiceError) in
                let qty = try row.int64("qty") ?? 0
                for i in 0..<qty { try out.emit([try row.value("name"), .int(i)]) }
            }
            .collect()
        try env.execute(timeoutSeconds: 60)
        let rows = result.rows().map { $0.map(\.description) }.sorted { $0.joined() < $1.joined() }
        #expect(rows == [["a", "0"], ["a", "1"], ["c", "0"]])
    }

    @Test("process sees whole batches; writeCSV writes part files that read back")
    func processAndCSV() throws {
        let directory = NSTemporaryDirectory() + "sluice-ds-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let env = StreamEnvironment(parallelism: 2, mode: .batch, workers: 2)
        let items = (0..<1000).map { Item(name: "n\($0 % 7)", qty: $0) }
        try env.fromValues(items, batchSize: 100)
            .process(outputSchema: try Schema.parse("name STRING, qty BIGINT")) { (batch, _) throws(SluiceError) in
                try Filter.filter(batch, Comparison.compare(batch.columns[1], .greaterOrEqual, .int(500)))
            }
            .writeCSV(directory: directory)
        try env.execute(timeoutSeconds: 60)
        var total = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: directory) where file.hasSuffix(".csv") {
            let reader = try CSVReader(path: directory + "/" + file, schema: Schema.parse("name STRING, qty BIGINT"))
            for batch in try reader.readAll() {
                total += batch.count
                #expect(batch.rows().allSatisfy { if case .int(let q) = $0[1] { return q >= 500 } else { return false } })
            }
        }
        #expect(total == 500)
    }

    @Test("an updating stream cannot go to the CSV file sink")
    func changelogToCSV() throws {
        let env = StreamEnvironment(parallelism: 1, mode: .streaming)
        let counts = try env.fromValues([Item(name: "a", qty: 1)]).keyBy("name").aggregate(.count())
        #expect(throws: SluiceError(.plan, "the CSV file sink takes only inserts, but this stream is an updating changelog (a streaming aggregate); run in batch mode, or collect/print the changelog instead")) {
            try counts.writeCSV(directory: "/tmp/never")
        }
    }

    @Test("print writes Flink's row format")
    func printFormat() throws {
        let env = StreamEnvironment(parallelism: 1, mode: .streaming)
        let lines = LinesBox()
        try env.fromValues([Item(name: "a", qty: 1), Item(name: "a", qty: 2)])
            .keyBy("name").aggregate(.sum("qty").as("total"))
            .print { lines.append($0) }
        try env.execute(timeoutSeconds: 60)
        #expect(lines.all == ["+I[a, 3]\n"], "both rows arrive in one batch, so one insert is emitted")
    }
}

/// Thread-safe line collection for the print sink's writer.
final class LinesBox: @unchecked Sendable {
    // SAFETY: every access holds the lock.
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

@Suite("DataStream job graph")
struct DataStreamGraphTests {
    struct Row: Codable, Sendable { var k: String; var v: Int }

    @Test("the environment's max parallelism reaches the aggregate's hash edge")
    func maxParallelism() throws {
        let env = StreamEnvironment(parallelism: 2, mode: .batch, workers: 2)
        env.maxParallelism = 16
        _ = try env.fromValues([Row(k: "a", v: 1)]).keyBy("k").aggregate(.count()).collect()
        let hashEdges = env.jobGraph.edges.compactMap { edge -> Int? in
            if case .hash(_, let maxP) = edge.partitioning { return maxP } else { return nil }
        }
        #expect(hashEdges == [16])
    }
}
