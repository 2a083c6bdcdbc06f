import Testing
import SluiceColumnar
@testable import SluiceSQL

/// Every user-facing SQL error, checked on its message.
@Suite("SQL errors say what, where and how to fix")
struct SQLErrorTests {
    func message(_ script: String, streaming: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        guard let e = SQLHarness.error(script, streaming: streaming) else {
            Issue.record("expected an error from: \(script)", sourceLocation: sourceLocation)
            return ""
        }
        return e.message
    }

    @Test("an unknown column suggests the closest name and lists the columns")
    func unknownColumn() {
        let m = message("SELECT colr FROM events")
        #expect(m.contains("column `colr` not found; did you mean `color`?"))
        #expect(m.contains("events.price"))
        #expect(m.contains("line 1, column 8"))
    }

    @Test("an ambiguous column names both candidates")
    func ambiguous() {
        let m = message("SELECT color FROM (SELECT color, shape AS color FROM events)")
        #expect(m.contains("column `color` is ambiguous"))
    }

    @Test("a type mismatch names both types")
    func typeMismatch() {
        let m = message("SELECT color + 1 FROM events")
        #expect(m.contains("STRING") && m.contains("INT"))
    }

    @Test("an unknown function lists close names")
    func unknownFunction() {
        #expect(message("SELECT UPPR(color) FROM events").contains("unknown function UPPR; did you mean UPPER"))
    }

    @Test("an unknown table suggests a close name")
    func unknownTable() {
        #expect(message("SELECT * FROM event").contains("table or view `event` not found; did you mean `events`?"))
    }

    @Test("an unknown connector lists the valid ones")
    func unknownConnector() {
        let m = message("CREATE TABLE t (a INT) WITH ('connector' = 'kafka')")
        #expect(m.contains("unknown connector 'kafka'") && m.contains("'blackhole', 'datagen', 'filesystem', 'nexmark', 'print'"))
    }

    @Test("an unknown option lists the valid ones")
    func unknownOption() {
        let m = message("CREATE TABLE t (a INT) WITH ('connector' = 'filesystem', 'path' = 'x', 'format' = 'csv', 'csv.ignore-parse-error' = 'true')")
        #expect(m.contains("unsupported option 'csv.ignore-parse-error'") && m.contains("did you mean 'csv.ignore-parse-errors'?"))
        #expect(message("CREATE TABLE t (a INT) WITH ('connector' = 'filesystem', 'format' = 'csv')").contains("needs the option 'path'"))
    }

    @Test("a filesystem sink rejects an updating query and says how to rewrite it")
    func updatingIntoFilesystem() {
        let m = message("""
            CREATE TABLE out (color STRING, n BIGINT) WITH ('connector' = 'filesystem', 'path' = '/tmp/sluice-never', 'format' = 'csv');
            INSERT INTO out SELECT color, COUNT(*) FROM events GROUP BY color;
            """, streaming: true)
        #expect(m.contains("takes only append-only rows, but the query produces updates"))
        #expect(m.contains("window aggregate") && m.contains("'execution.runtime-mode' = 'batch'"))
    }

    @Test("ORDER BY in streaming mode is rejected")
    func orderByStreaming() {
        #expect(message("SELECT color FROM events ORDER BY color", streaming: true).contains("SET 'execution.runtime-mode' = 'batch'"))
    }

    @Test("SESSION windows on processing time are unsupported, by name")
    func processingTimeSession() {
        let e = SQLHarness.error("""
            CREATE VIEW v AS SELECT color, PROCTIME() AS pt FROM events;
            SELECT COUNT(*) FROM TABLE(SESSION(TABLE v, DESCRIPTOR(pt), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end
            """)
        #expect(e?.code == .unsupported)
        #expect(e?.message.contains("SESSION windows on a processing-time attribute") == true)
        let legacy = SQLHarness.error("""
            CREATE VIEW v AS SELECT color, PROCTIME() AS pt FROM events;
            SELECT COUNT(*) FROM v GROUP BY SESSION(pt, INTERVAL '1' MINUTE)
            """)
        #expect(legacy?.code == .unsupported)
    }

    @Test("SESSION PARTITION BY keys must be grouped by; a SESSION gap must be a positive interval")
    func sessionArguments() {
        let e = SQLHarness.error("SELECT COUNT(*) FROM TABLE(SESSION(TABLE events PARTITION BY color, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end")
        #expect(e?.message.contains("SESSION … PARTITION BY color needs `color` in the GROUP BY") == true, "\(String(describing: e))")
        let gap = SQLHarness.error("SELECT COUNT(*) FROM events GROUP BY SESSION(ts, 5)")
        #expect(gap?.message.contains("SESSION interval must be a positive INTERVAL literal") == true, "\(String(describing: gap))")
        let arity = SQLHarness.error("SELECT COUNT(*) FROM events GROUP BY SESSION(ts, INTERVAL '1' SECOND, INTERVAL '1' SECOND)")
        #expect(arity?.message.contains("SESSION(time_attr, gap)") == true, "\(String(describing: arity))")
    }

    @Test("a column neither grouped nor aggregated is rejected")
    func notGrouped() {
        #expect(message("SELECT color, shape, COUNT(*) FROM events GROUP BY color").contains("column `shape` is neither in GROUP BY nor inside an aggregate"))
    }

    @Test("CREATE FUNCTION with an unknown class lists the registered ones")
    func unknownClass() {
        let m = message("CREATE FUNCTION f AS 'com.example.Nope'")
        #expect(m.contains("unknown function class 'com.example.Nope'") && m.contains("com.github.nexmark.flink.udf.CountChar"))
    }

    @Test("HOP rows are only available in a window aggregation")
    func windowColumnsOutsideAggregation() {
        #expect(message("SELECT window_start FROM TABLE(HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '2' MINUTE))").contains("outside a window aggregation"))
    }

    @Test("a bad SET value lists the valid ones")
    func badSet() {
        #expect(message("SET 'execution.runtime-mode' = 'fast'").contains("'streaming', 'batch'"))
    }

    @Test("an unbounded datagen table in batch mode says how to bound it")
    func unboundedBatch() {
        let m = message("CREATE TABLE g (a INT) WITH ('connector' = 'datagen'); SELECT * FROM g")
        #expect(m.contains("unbounded") && m.contains("number-of-rows"))
    }

    @Test("joins are reported as unsupported")
    func join() {
        #expect(SQLHarness.error("SELECT * FROM events a JOIN events b ON a.color = b.color")?.code == .unsupported)
    }
}
