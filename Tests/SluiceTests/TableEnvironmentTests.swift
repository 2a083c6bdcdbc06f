import Testing
import Sluice

@Suite("TableEnvironment: SQL from Swift")
struct TableEnvironmentTests {
    @Test("executeSQL runs DDL and queries; batch mode returns final rows")
    func batchQuery() throws {
        let tEnv = TableEnvironment(parallelism: 2, mode: .batch, workers: 2)
        try tEnv.executeSQL("""
            CREATE TABLE g (k INT, v BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '100',
              'fields.v.kind' = 'sequence', 'fields.v.start' = '1', 'fields.v.end' = '100')
            """)
        let result = try tEnv.executeSQL("SELECT COUNT(*), SUM(v) FROM g")
        #expect(result.rows == [[.int(100), .int(5050)]])
        #expect(try tEnv.explain("SELECT COUNT(*) FROM g").contains("== Physical Plan =="))
    }
}
