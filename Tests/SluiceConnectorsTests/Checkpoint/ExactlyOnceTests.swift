import Foundation
import Synchronization
import Testing
@testable import SluiceRuntime
import SluiceColumnar
import SluiceConnectors
import SluiceOperators
import SluiceStorage

/// Fails the job once, when the `failAtRow`-th row reaches it in the first attempt; later attempts
/// pass everything through.
final class FailOnce: Operator {
    final class Switch: Sendable {
        let armed = Atomic<Bool>(true)
        let rowsSeen = Atomic<Int>(0)
        let failAtRow: Int
        init(failAtRow: Int) { self.failAtRow = failAtRow }
    }

    let control: Switch
    init(_ control: Switch) { self.control = control }

    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        let seen = control.rowsSeen.add(batch.count, ordering: .relaxed).newValue
        if seen >= control.failAtRow, control.armed.exchange(false, ordering: .relaxed) {
            throw .execution("injected failure after \(seen) rows")
        }
        try output.emit(batch)
    }
}

@Suite("Exactly-once with checkpoints, recovery and the transactional file sink")
struct ExactlyOnceTests {
    static let schema = Schema([Field("id", .int64, nullable: false), Field("k", .int64, nullable: false)])

    static func options(_ directory: String, interval: Int64 = 15_000_000, attempts: Int = 3) -> ExecutionOptions {
        var o = ExecutionOptions(hashPartitioner: .columnar)
        o.checkpointing = CheckpointSettings(directory: directory, policy: CheckpointPolicy(intervalNanos: interval),
                                             restartAttempts: attempts)
        return o
    }

    /// Rows of every committed (visible) part file; hidden files are not output.
    static func committedRows(_ directory: String) throws -> [[Int64]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }
        var rows: [[Int64]] = []
        for name in names {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            for (i, line) in text.split(separator: "\n").enumerated() {
                let fields = line.split(separator: ",").map { Int64($0) }
                if i == 0 && fields.contains(nil) { continue }   // the header
                rows.append(fields.map { $0 ?? Int64.min })
            }
        }
        return rows.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// datagen (ids 0..<rows, random keys, rate-limited so checkpoints happen) → fail once → more.
    static func pipeline(rows: Int, parallelism: Int, failAt: Int?, seconds: Double = 0.25, tail: (inout JobGraph, VertexID, Schema) throws -> Void) throws -> JobGraph {
        var g = JobGraph()
        let source = g.addDatagenSource(name: "gen", uid: "gen", parallelism: parallelism, schema: schema, options: DatagenOptions(
            fields: ["id": .sequence(start: 0, end: Int64(rows - 1)), "k": .random(min: 0, max: 49)],
            rowsPerSecond: Double(rows) / seconds, batchSize: 500, seed: 7))
        var last = source
        if let failAt {
            let control = FailOnce.Switch(failAtRow: failAt)
            last = g.addOperator(name: "fail-once", uid: "fail-once", parallelism: parallelism, schema: schema) { _ in FailOnce(control) }
            g.connect(source, last)
        }
        try tail(&g, last, schema)
        return g
    }

    @Test("a pipeline into the file sink commits every row exactly once despite a failure", arguments: [1, 4])
    func pipelineExactlyOnce(parallelism: Int) throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let out = dir.path + "/out"
        let graph = try Self.pipeline(rows: 40_000, parallelism: parallelism, failAt: 23_000) { g, input, schema in
            let sink = g.addTransactionalFileSink(name: "sink", uid: "sink", parallelism: parallelism, schema: schema, directory: out)
            g.connect(input, sink)
        }
        let result = try sharedExecutor.execute(graph, options: Self.options(dir.path + "/chk"), timeoutSeconds: 60)
        #expect(result.restarts == 1)
        let rows = try Self.committedRows(out)
        #expect(rows.map { $0[0] } == (0..<40_000).map(Int64.init))
        let hidden = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix(".") }
        #expect(hidden.isEmpty, "staged files left behind: \(hidden)")
    }

    @Test("a keyed aggregate restored from a checkpoint gives the failure-free result", arguments: [1, 4])
    func keyedAggregateExactlyOnce(parallelism: Int) throws {
        func run(failAt: Int?) throws -> ([[Int64]], JobResult) {
            let dir = TempDir()
            defer { dir.cleanup() }
            let out = dir.path + "/out"
            let graph = try Self.pipeline(rows: 60_000, parallelism: parallelism, failAt: failAt) { g, input, schema in
                let agg = try g.addAggregate(name: "agg", input: input, keyColumns: [1],
                                             aggregates: [.countStar(), AggregateSpec(.sum, input: 0), AggregateSpec(.max, input: 0)],
                                             mode: .batch, parallelism: parallelism)
                let sink = g.addTransactionalFileSink(name: "sink", uid: "sink", parallelism: parallelism,
                                                      schema: g[agg].outputSchema, directory: out)
                g.connect(agg, sink)
            }
            let result = try sharedExecutor.execute(graph, options: Self.options(dir.path + "/chk"), timeoutSeconds: 60)
            return (try Self.committedRows(out), result)
        }
        let (expected, clean) = try run(failAt: nil)
        #expect(clean.restarts == 0 && expected.count == 50)
        let (recovered, result) = try run(failAt: 37_000)
        #expect(result.restarts == 1)
        #expect(result.restoredFrom != nil, "no checkpoint completed before the failure; the test did not exercise a restore")
        #expect(recovered == expected)
    }

    @Test("without restart attempts the injected failure is reported")
    func noRestarts() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let graph = try Self.pipeline(rows: 10_000, parallelism: 1, failAt: 3000) { g, input, schema in
            let sink = g.addTransactionalFileSink(name: "sink", parallelism: 1, schema: schema, directory: dir.path + "/out")
            g.connect(input, sink)
        }
        let error = try #require(throws: SluiceError.self) {
            try sharedExecutor.execute(graph, options: Self.options(dir.path + "/chk", attempts: 0), timeoutSeconds: 60)
        }
        #expect(error.message.contains("injected failure"))
    }

    @Test("checkpoint files name source positions and state; a new run resumes from the latest one")
    func checkpointFilesAndResume() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let out = dir.path + "/out"
        func graph(failAt: Int?) throws -> JobGraph {
            try Self.pipeline(rows: 30_000, parallelism: 2, failAt: failAt) { g, input, schema in
                let agg = try g.addAggregate(name: "agg", input: input, keyColumns: [1], aggregates: [.countStar()],
                                             mode: .batch, parallelism: 2)
                let sink = g.addTransactionalFileSink(name: "sink", uid: "sink", parallelism: 1, schema: g[agg].outputSchema,
                                                      directory: out)
                g.connect(agg, sink, .rebalance)
            }
        }
        // The first run dies after some checkpoints, as a killed process would (no restarts).
        var options = Self.options(dir.path + "/chk", attempts: 0)
        options.checkpointing!.policy.retained = 2
        #expect(throws: SluiceError.self) { try sharedExecutor.execute(try graph(failAt: 20_000), options: options, timeoutSeconds: 60) }
        let storage = try CheckpointStorage(directory: dir.path + "/chk", create: false)
        let ids = try storage.completeIDs()
        #expect((1...2).contains(ids.count))
        let latest = try #require(try storage.latest())
        #expect(Set(latest.sources.map(\.subtask)) == [0, 1])
        #expect(latest.sources.allSatisfy { $0.offset > 0 && $0.offset <= 15_000 })
        #expect(latest.state.contains { $0.operatorUID == "sink" })
        #expect(try Self.committedRows(out).isEmpty)   // nothing is final before the end of a batch aggregate

        // A second run restores the latest checkpoint and completes.
        options.checkpointing!.restore = .latest
        let result = try sharedExecutor.execute(try graph(failAt: nil), options: options, timeoutSeconds: 60)
        #expect(result.restoredFrom == latest.id)
        let counts = try Self.committedRows(out)
        #expect(counts.count == 50 && counts.reduce(0) { $0 + $1[1] } == 30_000)
    }
}

@Suite("Savepoints")
struct SavepointTests {
    static func graph(out: String, aggParallelism: Int, sinkUID: String = "sink") throws -> JobGraph {
        try ExactlyOnceTests.pipeline(rows: 24_000, parallelism: 2, failAt: nil, seconds: 1) { g, input, schema in
            let agg = try g.addAggregate(name: "agg", input: input, keyColumns: [1],
                                         aggregates: [.countStar(), AggregateSpec(.sum, input: 0)],
                                         mode: .batch, parallelism: aggParallelism)
            let sink = g.addTransactionalFileSink(name: "sink", uid: sinkUID, parallelism: 1, schema: g[agg].outputSchema,
                                                  directory: out)
            g.connect(agg, sink, .rebalance)
        }
    }

    @Test("stop with a savepoint, then restore it with the aggregate at another parallelism")
    func stopAndRescale() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        var options = ExactlyOnceTests.options(dir.path + "/chk", interval: 3_600_000_000_000, attempts: 0)
        let expectedDir = dir.path + "/expected"
        _ = try sharedExecutor.execute(try Self.graph(out: expectedDir, aggParallelism: 2), options: options, timeoutSeconds: 60)
        let expected = try ExactlyOnceTests.committedRows(expectedDir)

        let out = dir.path + "/out"
        let client = try sharedExecutor.submit(try Self.graph(out: out, aggParallelism: 2), options: options)
        usleep(60_000)
        let savepoint = try client.stopWithSavepoint(timeoutSeconds: 30)
        #expect(try client.wait(timeoutSeconds: 30).status == .cancelled)
        #expect(savepoint.kind == .savepoint)
        #expect(savepoint.sources.reduce(0) { $0 + $1.offset } < 24_000, "the savepoint came after the end of the input")
        #expect(try ExactlyOnceTests.committedRows(out).isEmpty)

        options.checkpointing!.restore = .savepoint(savepoint.id)
        let result = try sharedExecutor.execute(try Self.graph(out: out, aggParallelism: 3), options: options, timeoutSeconds: 60)
        #expect(result.restoredFrom == savepoint.id)
        #expect(try ExactlyOnceTests.committedRows(out) == expected)
    }

    @Test("state of an operator uid the job no longer has is an error unless dropping it is allowed")
    func unmappedState() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        var options = ExactlyOnceTests.options(dir.path + "/chk", interval: 3_600_000_000_000, attempts: 0)
        let client = try sharedExecutor.submit(try Self.graph(out: dir.path + "/a", aggParallelism: 2), options: options)
        usleep(30_000)
        let savepoint = try client.stopWithSavepoint(timeoutSeconds: 30)
        _ = try client.wait(timeoutSeconds: 30)
        options.checkpointing!.restore = .savepoint(savepoint.id)
        let renamed = try Self.graph(out: dir.path + "/b", aggParallelism: 2, sinkUID: "renamed-sink")
        let error = try #require(throws: SluiceError.self) {
            try sharedExecutor.execute(renamed, options: options, timeoutSeconds: 60)
        }
        #expect(error.message.contains("sink") && error.message.contains("allowNonRestoredState"))
        options.checkpointing!.allowNonRestoredState = true
        #expect(throws: Never.self) { try sharedExecutor.execute(renamed, options: options, timeoutSeconds: 60) }
    }

    @Test("a savepoint needs a checkpoint directory")
    func needsDirectory() throws {
        var g = JobGraph()
        let s = g.addDatagenSource(name: "gen", parallelism: 1, schema: ExactlyOnceTests.schema,
                                   options: DatagenOptions(rowsPerSecond: 1000))
        g.connect(s, g.addBlackholeSink(name: "sink", schema: ExactlyOnceTests.schema))
        let client = try sharedExecutor.submit(g, options: columnarOptions)
        defer { client.cancel(); _ = try? client.wait(timeoutSeconds: 10) }
        #expect(throws: SluiceError.self) { try client.triggerSavepoint() }
    }
}

/// Passes batches on after a pause, so a bounded in-memory job lives long enough for checkpoints.
final class Throttle: Operator {
    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        usleep(1_500)
        try output.emit(batch)
    }
}

@Suite("Exactly-once windows")
struct ExactlyOnceWindowTests {
    static let schema = Schema([Field("ts", .timestamp(precision: 3), nullable: false), Field("k", .int64, nullable: false),
                                Field("v", .int64, nullable: false)])

    /// 120 batches of 500 rows, one row per millisecond of event time, 7 keys, a little disorder.
    static let batches: [RecordBatch] = (0..<120).map { b in
        let rows = (0..<500).map { i -> [Value] in
            let n = Int64(b * 500 + i)
            return [.timestamp(1_767_225_600_000_000 + (n - (n % 5 == 0 ? 3 : 0)) * 1000), .int(n % 7), .int(n)]
        }
        let columns = (0..<3).map { c in try! ColumnBuilder.column(schema[c].type, rows.map { $0[c] }) }
        return try! RecordBatch(schema: schema, columns: columns)
    }

    static func run(_ root: String, parallelism: Int, failAt: Int?, session: Bool = false) throws -> ([[Int64]], JobResult) {
        var g = JobGraph()
        let source = g.addBatchSource(name: "events", uid: "events", parallelism: 2, schema: schema, batches: batches)
        var last = g.addOperator(name: "throttle", uid: "throttle", parallelism: 2, schema: schema) { _ in Throttle() }
        g.connect(source, last)
        if let failAt {
            let control = FailOnce.Switch(failAtRow: failAt)
            let fail = g.addOperator(name: "fail-once", uid: "fail-once", parallelism: 2, schema: schema) { _ in FailOnce(control) }
            g.connect(last, fail)
            last = fail
        }
        let wm = try g.addWatermarkAssigner(name: "watermarks", input: last, strategy: .boundedOutOfOrderness(10_000, column: "ts"))
        let window = session
            ? try g.addSessionWindowAggregate(name: "window", input: wm, timeColumn: "ts", keyColumns: [1],
                                              aggregates: [.countStar(), AggregateSpec(.sum, input: 2), AggregateSpec(.count, input: 2, distinct: true)],
                                              gapMicros: 6_000, parallelism: parallelism)
            : try g.addWindowAggregate(name: "window", input: wm, timeColumn: "ts", keyColumns: [1],
                                       aggregates: [.countStar(), AggregateSpec(.sum, input: 2)],
                                       window: .hop(size: 2_000_000, slide: 500_000), parallelism: parallelism)
        let sink = g.addTransactionalFileSink(name: "sink", uid: "sink", parallelism: 1, schema: g[window].outputSchema,
                                              directory: root + "/out", options: CSVOptions())
        g.connect(window, sink, .rebalance)
        let result = try sharedExecutor.execute(g, options: ExactlyOnceTests.options(root + "/chk", interval: 10_000_000),
                                                timeoutSeconds: 60)
        let rows = try FileManager.default.contentsOfDirectory(atPath: root + "/out").filter { !$0.hasPrefix(".") }.flatMap { name in
            try String(contentsOfFile: root + "/out/" + name, encoding: .utf8).split(separator: "\n").dropFirst().map(String.init)
        }.sorted()
        return (rows.map { $0.split(separator: ",").compactMap { Int64($0) } }, result)
    }

    @Test("a HOP window aggregate restored from a checkpoint emits exactly the failure-free windows", arguments: [1, 2])
    func hopWindowRecovers(parallelism: Int) throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let (expected, clean) = try Self.run(dir.path + "/a", parallelism: parallelism, failAt: nil)
        #expect(clean.restarts == 0 && !expected.isEmpty)
        let (recovered, result) = try Self.run(dir.path + "/b", parallelism: parallelism, failAt: 35_000)
        #expect(result.restarts == 1 && result.restoredFrom != nil)
        #expect(recovered == expected)
    }

    @Test("a SESSION window aggregate restored from a checkpoint emits exactly the failure-free sessions", arguments: [1, 2])
    func sessionWindowRecovers(parallelism: Int) throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let (expected, clean) = try Self.run(dir.path + "/a", parallelism: parallelism, failAt: nil, session: true)
        #expect(clean.restarts == 0 && expected.count > 1_000)
        #expect(!clean.completedCheckpoints.isEmpty, "session windows take part in checkpoints")
        let (recovered, result) = try Self.run(dir.path + "/b", parallelism: parallelism, failAt: 35_000, session: true)
        #expect(result.restarts == 1 && result.restoredFrom != nil)
        #expect(recovered == expected)
    }
}
