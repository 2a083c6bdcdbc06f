import Foundation
import Synchronization
import Testing
import Sluice

/// Checkpointing through the DataStream API: a keyed count written exactly once despite a failure.
@Suite("DataStream checkpointing")
struct CheckpointingTests {
    final class FailOnce: Sendable {
        let armed = Atomic<Bool>(true)
        let seen = Atomic<Int>(0)
    }

    static func committed(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }.flatMap { name in
            try String(contentsOfFile: directory + "/" + name, encoding: .utf8).split(separator: "\n").dropFirst().map(String.init)
        }.sorted()
    }

    static func run(_ root: String, failAfter: Int?) throws -> (rows: [String], restarts: Int) {
        let env = StreamEnvironment(parallelism: 2, mode: .batch, workers: 2)
        env.enableCheckpointing(directory: root + "/chk", intervalSeconds: 0.02, restartAttempts: 2)
        let schema = try Schema.parse("id BIGINT NOT NULL, k BIGINT NOT NULL")
        let failure = FailOnce()
        try env.datagen(schema: schema, rowsPerSecond: 100_000, rows: 30_000,
                        fields: ["id": .sequence(start: 0, end: 29_999), "k": .random(min: 0, max: 9)], seed: 1)
            .process(outputSchema: schema) { (batch, _) throws(SluiceError) in
                if let failAfter, failure.seen.add(batch.count, ordering: .relaxed).newValue >= failAfter,
                   failure.armed.exchange(false, ordering: .relaxed) {
                    throw .execution("injected failure")
                }
                return batch
            }
            .keyBy("k")
            .aggregate(.count().as("n"), .sum("id").as("total"))
            .writeCSV(directory: root + "/out", exactlyOnce: true)
        let result = try env.execute(timeoutSeconds: 60)
        return (try committed(root + "/out"), result.job.restarts)
    }

    @Test("enableCheckpointing + a failure: the committed output equals a failure-free run")
    func recoversExactlyOnce() throws {
        let root = NSTemporaryDirectory() + "sluice-facade-chk-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let clean = try Self.run(root + "/a", failAfter: nil)
        let recovered = try Self.run(root + "/b", failAfter: 17_000)
        #expect(clean.restarts == 0 && recovered.restarts == 1)
        #expect(clean.rows.count == 10 && recovered.rows == clean.rows)
    }

    @Test("restore(from:) needs a checkpoint directory first")
    func restoreNeedsDirectory() {
        let env = StreamEnvironment(parallelism: 1)
        #expect(throws: SluiceError.self) { try env.restore(from: .latest) }
    }
}
