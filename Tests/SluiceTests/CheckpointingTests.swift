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

    /// 30,000 rows (id 0…29,999, key 0…`keys`), rate-limited so checkpoints happen, failing once after
    /// `failAfter` rows when given.
    static func failingSource(_ env: StreamEnvironment, keys: Double, seed: UInt64, failAfter: Int?) throws -> DataStream {
        let schema = try Schema.parse("id BIGINT NOT NULL, k BIGINT NOT NULL")
        let failure = FailOnce()
        return try env.datagen(schema: schema, rowsPerSecond: 100_000, rows: 30_000,
                               fields: ["id": .sequence(start: 0, end: 29_999), "k": .random(min: 0, max: keys)], seed: seed)
            .process(outputSchema: schema) { (batch, _) throws(SluiceError) in
                if let failAfter, failure.seen.add(batch.count, ordering: .relaxed).newValue >= failAfter,
                   failure.armed.exchange(false, ordering: .relaxed) {
                    throw .execution("injected failure")
                }
                return batch
            }
    }

    static func run(_ root: String, failAfter: Int?) throws -> (rows: [String], restarts: Int) {
        let env = StreamEnvironment(parallelism: 2, mode: .batch, workers: 2)
        env.enableCheckpointing(directory: root + "/chk", intervalSeconds: 0.02, restartAttempts: 2)
        try Self.failingSource(env, keys: 9, seed: 1, failAfter: failAfter)
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

    /// A keyed process function with value state and an event-time timer per key, registered on the
    /// key's first row only, so after a restore the timer must come from the checkpoint.
    static func runProcess(_ root: String, failAfter: Int?, parallelism: Int = 2) throws -> (rows: [String], job: JobResult) {
        let env = StreamEnvironment(parallelism: parallelism, mode: .batch, workers: 2)
        env.enableCheckpointing(directory: root + "/chk", intervalSeconds: 0.02, restartAttempts: 2)
        try Self.failingSource(env, keys: 19, seed: 3, failAfter: failAfter)
            .keyBy("k")
            .process(outputSchema: try Schema.parse("k BIGINT, n BIGINT, total BIGINT, final BOOLEAN"), onTimer: { (_, key, ctx, out) throws(SluiceError) in
                let n = try ctx.valueState("n", of: Int64.self).value() ?? -1
                let total = try ctx.valueState("total", of: Int64.self).value() ?? -1
                try out.emit([key[0], .int(n), .int(total), .boolean(true)])
            }) { (row, ctx, out) throws(SluiceError) in
                let count = try ctx.valueState("n", of: Int64.self)
                let total = try ctx.valueState("total", of: Int64.self)
                let n = (try count.value() ?? 0) + 1
                try count.update(n)
                try total.update((try total.value() ?? 0) + (try row.int64("id") ?? 0))
                if n == 1 { try ctx.registerEventTimeTimer(0) }
                if n % 250 == 0 { try out.emit([try row.value("k"), .int(n), .int(try total.value() ?? 0), .boolean(false)]) }
            }
            .writeCSV(directory: root + "/out", exactlyOnce: true)
        let result = try env.execute(timeoutSeconds: 60)
        return (try committed(root + "/out"), result.job)
    }

    @Test("a keyed process function's state and timers survive a failure: the same output as a failure-free run")
    func keyedProcessRecovers() throws {
        let root = NSTemporaryDirectory() + "sluice-facade-process-chk-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let clean = try Self.runProcess(root + "/a", failAfter: nil)
        let recovered = try Self.runProcess(root + "/b", failAfter: 17_000)
        #expect(clean.job.restarts == 0 && recovered.job.restarts == 1)
        #expect(recovered.job.restoredFrom != nil, "no checkpoint completed before the failure; the restore was not exercised")
        #expect(!clean.job.completedCheckpoints.isEmpty, "the keyed process function no longer declines checkpoints")
        // Rows of a key arrive from two sources in any order, so running totals differ between runs; the
        // counts at which rows are emitted, and each key's final count and total (from its timer), do not.
        func stable(_ rows: [String]) -> [String] {
            rows.map { row in
                let f = row.split(separator: ",")
                return f[3] == "TRUE" ? row : "\(f[0]),\(f[1])"
            }.sorted()
        }
        #expect(clean.rows.filter { $0.hasSuffix("TRUE") }.count == 20, "one final row per key, from its timer")
        #expect(stable(recovered.rows) == stable(clean.rows))
        #expect(recovered.rows.count == clean.rows.count)
    }
}
