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
