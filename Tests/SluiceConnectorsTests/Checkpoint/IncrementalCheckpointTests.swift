import Foundation
import Testing
@testable import SluiceRuntime
import SluiceColumnar
import SluiceConnectors
import SluiceOperators
import SluiceStorage

/// Keys `id` for the first `distinct` ids, then `id % hot`: a table that stops growing, after which
/// only a few groups change between checkpoints.
final class HotKeys: Operator {
    let distinct: Int64, hot: Int64
    init(distinct: Int64, hot: Int64) {
        self.distinct = distinct
        self.hot = hot
    }

    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        let dense = batch.compacted()
        let ids = dense.columns[0].withValues(Int64.self) { Array($0) }
        let keys = ids.map { $0 < distinct ? $0 : $0 % hot }
        try output.emit(RecordBatch(schema: dense.schema, columns: [dense.columns[0], .int64(keys)], count: dense.count))
    }
}

@Suite("Incremental checkpoints")
struct IncrementalCheckpointTests {
    static func graph(out: String, parallelism: Int, aggParallelism: Int? = nil, failAt: Int?, seconds: Double = 2) throws -> JobGraph {
        try ExactlyOnceTests.pipeline(rows: 60_000, parallelism: parallelism, failAt: failAt, seconds: seconds) { g, input, schema in
            let keyed = g.addOperator(name: "hot-keys", uid: "hot-keys", parallelism: parallelism, schema: schema) { _ in
                HotKeys(distinct: 20_000, hot: 40)
            }
            g.connect(input, keyed)
            let agg = try g.addAggregate(name: "agg", input: keyed, keyColumns: [1],
                                         aggregates: [.countStar(), AggregateSpec(.sum, input: 0), AggregateSpec(.max, input: 0)],
                                         mode: .batch, parallelism: aggParallelism ?? parallelism)
            let sink = g.addTransactionalFileSink(name: "sink", uid: "sink", parallelism: parallelism,
                                                  schema: g[agg].outputSchema, directory: out)
            g.connect(agg, sink, .rebalance)
        }
    }

    static func options(_ directory: String) -> ExecutionOptions {
        var options = ExactlyOnceTests.options(directory)
        options.checkpointing!.policy.retained = 1000
        return options
    }

    @Test("a 20,000-key aggregate writes small increments once its table stops growing, and recovers from them exactly",
          arguments: [1, 2])
    func incrementsAndRecovery(parallelism: Int) throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        let clean = try sharedExecutor.execute(try Self.graph(out: dir.path + "/a", parallelism: parallelism, failAt: nil),
                                               options: Self.options(dir.path + "/chk-a"), timeoutSeconds: 60)
        let expected = try ExactlyOnceTests.committedRows(dir.path + "/a")
        #expect(clean.restarts == 0 && expected.count == 20_000)

        let storage = try CheckpointStorage(directory: dir.path + "/chk-a", create: false)
        let manifests = try storage.completeIDs().map { try storage.manifest($0) }
        let chained = manifests.filter { m in m.state.contains { $0.files.count > 1 } }
        let summary = manifests.map { m in
            "\(m.id): " + m.state.map { "\($0.operatorUID)/\($0.subtask) \($0.files.map(\.bytes))" }.joined(separator: " ")
        }.joined(separator: "; ")
        #expect(!chained.isEmpty, "no checkpoint of \(manifests.count) built on an earlier one: \(summary)")
        #expect(chained.contains { $0.incrementalBytes * 5 < $0.totalBytes },
                "incremental/total bytes: \(chained.map { "\($0.incrementalBytes)/\($0.totalBytes)" })")
        for m in chained {
            for s in m.state where s.files.count > 1 {
                #expect(s.files.dropLast().allSatisfy { $0.writtenBy < m.id } && s.files.last!.writtenBy == m.id)
            }
        }

        let recovered = try sharedExecutor.execute(try Self.graph(out: dir.path + "/b", parallelism: parallelism, failAt: 50_000),
                                                   options: Self.options(dir.path + "/chk-b"), timeoutSeconds: 60)
        #expect(recovered.restarts == 1 && recovered.restoredFrom != nil)
        #expect(try ExactlyOnceTests.committedRows(dir.path + "/b") == expected)
    }

    @Test("a savepoint taken during a chain is self-contained: it restores at another parallelism with every checkpoint gone")
    func savepointStandsAlone() throws {
        let dir = TempDir()
        defer { dir.cleanup() }
        _ = try sharedExecutor.execute(try Self.graph(out: dir.path + "/expected", parallelism: 2, failAt: nil, seconds: 1),
                                       options: Self.options(dir.path + "/chk-x"), timeoutSeconds: 60)
        let expected = try ExactlyOnceTests.committedRows(dir.path + "/expected")

        var options = Self.options(dir.path + "/chk")
        let client = try sharedExecutor.submit(try Self.graph(out: dir.path + "/out", parallelism: 2, failAt: nil, seconds: 1),
                                               options: options)
        usleep(600_000)
        let savepoint = try client.stopWithSavepoint(timeoutSeconds: 30)
        _ = try client.wait(timeoutSeconds: 30)
        let directory = CheckpointStorage.directoryName(savepoint.id, kind: .savepoint)
        #expect(savepoint.referencedFiles.allSatisfy { $0.path.hasPrefix(directory + "/") && $0.writtenBy == savepoint.id })
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path + "/chk") where name.hasPrefix("chk-") {
            try FileManager.default.removeItem(atPath: dir.path + "/chk/" + name)
        }
        options.checkpointing!.restore = .savepoint(savepoint.id)
        let result = try sharedExecutor.execute(try Self.graph(out: dir.path + "/out", parallelism: 2, aggParallelism: 3, failAt: nil,
                                                               seconds: 1),
                                                options: options, timeoutSeconds: 60)
        #expect(result.restoredFrom == savepoint.id)
        #expect(try ExactlyOnceTests.committedRows(dir.path + "/out") == expected)
    }
}
