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

@Suite("SQL jobs whose state cannot be checkpointed")
struct SQLDeclinedCheckpointTests {
    @Test("a COUNT(DISTINCT) job declines its checkpoints, finishes, and reports why")
    func countDistinctDeclines() throws {
        let session = SQLSession(parallelism: 1, workers: 2)
        let dir = NSTemporaryDirectory() + "sluice-sql-declined-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let results = try session.execute(script: """
            CREATE TABLE gen (id BIGINT, k BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '100000',
              'number-of-rows' = '50000', 'fields.k.min' = '0', 'fields.k.max' = '9', 'fields.id.min' = '0', 'fields.id.max' = '999');
            CREATE TABLE bh (k BIGINT, n BIGINT) WITH ('connector' = 'blackhole');
            SET 'execution.runtime-mode' = 'batch';
            SET 'execution.checkpointing.dir' = '\(dir)';
            SET 'execution.checkpointing.interval' = '20 ms';
            INSERT INTO bh SELECT k, COUNT(DISTINCT id) FROM gen GROUP BY k;
            """)
        let job = try #require(results.last?.job)
        #expect(job.completedCheckpoints.isEmpty)
        let problem = try #require(job.checkpointError)
        #expect(problem.message.contains("declined") && problem.message.contains("cannot be checkpointed yet")
                && problem.message.contains("COUNT(DISTINCT"))
    }
}
