import SluiceTestSupport
import Testing
import SluiceColumnar
@testable import SluiceSQL

/// Bad input never crashes: seeded random queries (from the parser's round-trip generator) are bound,
/// planned and, when they plan, run in batch mode over a small generated table; each either runs or
/// fails with a `SluiceError` that has a message.
@Suite("Random queries bind, plan and run or fail cleanly")
struct RandomQueryBindingTests {
    @Test("300 random queries", arguments: [21, 22, 23] as [UInt64])
    func randomQueries(seed: UInt64) throws {
        let session = SQLSession(parallelism: 2, workers: 2)
        _ = try session.execute(script: """
            CREATE TABLE t (a INT, b STRING, `my col` DOUBLE, `select` BOOLEAN)
            WITH ('connector' = 'datagen', 'number-of-rows' = '50');
            CREATE VIEW bid AS SELECT * FROM t;
            CREATE VIEW `my table` AS SELECT * FROM t;
            SET 'execution.runtime-mode' = 'batch';
            """)
        var random = SplitMix64(seed: seed)
        var outcomes = 0
        for _ in 0..<100 {
            let query = random.query(depth: 3)
            do {
                _ = try session.execute(.query(query))
                outcomes += 1
            } catch {
                #expect(!error.message.isEmpty, "empty message for: \(query)")
                outcomes += 1
            }
        }
        #expect(outcomes == 100)
    }
}
