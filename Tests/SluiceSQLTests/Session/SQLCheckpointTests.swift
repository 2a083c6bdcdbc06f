import Foundation
import Testing
import SluiceColumnar
import SluiceRuntime
@testable import SluiceSQL

@Suite("SQL checkpointing settings")
struct SQLCheckpointTests {
    @Test("Flink's checkpointing and restart keys become checkpoint settings")
    func settings() throws {
        let session = SQLSession()
        #expect(try session.checkpointSettings() == nil)
        _ = try session.execute(script: """
            SET 'execution.checkpointing.dir' = '/tmp/x';
            SET 'execution.checkpointing.interval' = '2 s';
            SET 'execution.checkpointing.min-pause' = '500ms';
            SET 'execution.checkpointing.num-retained' = '3';
            SET 'restart-strategy.type' = 'fixed-delay';
            SET 'restart-strategy.fixed-delay.attempts' = '4';
            SET 'execution.state-recovery.path' = '/tmp/x/savepoint-12';
            """)
        let s = try #require(try session.checkpointSettings())
        #expect(s.directory == "/tmp/x" && s.policy.intervalNanos == 2_000_000_000 && s.policy.minPauseNanos == 500_000_000)
        #expect(s.policy.retained == 3 && s.restartAttempts == 4 && s.restore == .savepoint(12))
        #expect(s.incremental)
        _ = try session.execute(script: "SET 'execution.checkpointing.incremental' = 'false'")
        #expect(try session.checkpointSettings()?.incremental == false)
        #expect(throws: SluiceError.self) { try session.execute(script: "SET 'execution.checkpointing.incremental' = 'sometimes'") }
    }

    @Test("bad durations, recovery paths and a missing directory are clear errors")
    func errors() throws {
        let session = SQLSession()
        #expect(throws: SluiceError.self) { try session.execute(script: "SET 'execution.checkpointing.interval' = 'soon'") }
        _ = try session.execute(script: "SET 'execution.checkpointing.interval' = '1 min'")
        let missing = try #require(throws: SluiceError.self) { try session.checkpointSettings() }
        #expect(missing.message.contains("execution.checkpointing.dir"))
        _ = try session.execute(script: "SET 'execution.checkpointing.dir' = '/tmp/y'; SET 'execution.state-recovery.path' = 'yesterday'")
        #expect(throws: SluiceError.self) { try session.checkpointSettings() }
    }
}

@Suite("SQL jobs with COUNT(DISTINCT) state in checkpoints")
struct SQLDistinctCheckpointTests {
    @Test("a COUNT(DISTINCT) job completes checkpoints and gives the same result as without them")
    func countDistinctCheckpoints() throws {
        let dir = NSTemporaryDirectory() + "sluice-sql-distinct-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func run(checkpoints: Bool) throws -> SQLResult {
            let session = SQLSession(parallelism: 2, workers: 2)
            let results = try session.execute(script: """
                CREATE TABLE gen (id BIGINT, k BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '100000',
                  'number-of-rows' = '50000', 'fields.k.min' = '0', 'fields.k.max' = '9', 'fields.id.min' = '0', 'fields.id.max' = '999');
                SET 'execution.runtime-mode' = 'batch';
                \(checkpoints ? "SET 'execution.checkpointing.dir' = '\(dir)'; SET 'execution.checkpointing.interval' = '20 ms';" : "")
                SELECT k, COUNT(DISTINCT id), COUNT(*) FROM gen GROUP BY k;
                """)
            return try #require(results.last)
        }
        let plain = try run(checkpoints: false)
        let checkpointed = try run(checkpoints: true)
        let job = try #require(checkpointed.job)
        #expect(!job.completedCheckpoints.isEmpty, "\(String(describing: job.checkpointError))")
        #expect(job.checkpointError == nil)
        func sorted(_ r: SQLResult) -> [String] { r.rows.map { $0.map(\.description).joined(separator: ",") }.sorted() }
        #expect(sorted(checkpointed) == sorted(plain))
        #expect(sorted(plain).count == 10)
    }
}

@Suite("Source idleness in SQL jobs")
struct SQLIdlenessTests {
    @Test("streaming jobs detect idle source splits after 30 s unless 'table.exec.source.idle-timeout' says otherwise")
    func idleTimeout() throws {
        let session = SQLSession()
        #expect(try session.plannerOptions.sourceIdleTimeoutMicros == 30_000_000)
        _ = try session.execute(script: "SET 'table.exec.source.idle-timeout' = '5 s'")
        #expect(try session.plannerOptions.sourceIdleTimeoutMicros == 5_000_000)
        _ = try session.execute(script: "SET 'table.exec.source.idle-timeout' = '0'")
        #expect(try session.plannerOptions.sourceIdleTimeoutMicros == nil)
        _ = try session.execute(script: "RESET 'table.exec.source.idle-timeout'; SET 'execution.runtime-mode' = 'batch'")
        #expect(try session.plannerOptions.sourceIdleTimeoutMicros == nil, "bounded jobs need no idleness")
        let error = #expect(throws: SluiceError.self) { try session.execute(script: "SET 'table.exec.source.idle-timeout' = 'soon'") }
        #expect(error?.message.contains("not a duration") == true)
    }
}
