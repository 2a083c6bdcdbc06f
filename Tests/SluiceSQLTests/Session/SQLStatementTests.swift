import Foundation
import Testing
import SluiceColumnar
import SluiceRuntime
@testable import SluiceSQL

/// Statements other than plain bounded queries: streaming changelogs, sinks, DDL, SHOW/DESCRIBE, functions.
@Suite("SQL statements")
struct SQLStatementTests {
    @Test("a streaming GROUP BY emits a changelog whose final rows are the batch result")
    func streamingChangelog() throws {
        let create = """
            CREATE TABLE g (k INT, v INT) WITH ('connector' = 'datagen', 'number-of-rows' = '8000', 'rows-per-second' = '8000',
              'fields.k.min' = '0', 'fields.k.max' = '3', 'fields.v.min' = '0', 'fields.v.max' = '9');
            """
        let q = "SELECT k, COUNT(*) AS n, SUM(v) FROM g GROUP BY k"
        let streaming = try SQLSession(parallelism: 2, workers: 2).execute(script: create + q).last!
        #expect(streaming.changelog.contains { $0.kind == .updateAfter })
        #expect(streaming.render().contains("| op |"))
        let batch = SQLSession(parallelism: 2, workers: 2)
        try batch.config.set("execution.runtime-mode", "batch")
        let final = try batch.execute(script: create + q).last!.rows
        #expect(final.count == 4)
        #expect(Set(streaming.finalRows) == Set(final))
    }

    @Test("a streaming query prints an op column, a batch query none")
    func opColumn() throws {
        let streaming = try SQLSession(parallelism: 1, workers: 1).execute(script: "SELECT 1 AS x")[0]
        #expect(streaming.isChangelog)
        #expect(streaming.render().contains("| op |"))
        let s = SQLSession(parallelism: 1, workers: 1)
        try s.config.set("execution.runtime-mode", "batch")
        #expect(!(try s.execute(script: "SELECT 1 AS x")[0].render().contains("| op |")))
    }

    @Test("INSERT INTO a print table prints rows with their kinds")
    func printSink() throws {
        let s = try SQLHarness.session(parallelism: 1, streaming: true)
        let lines = LockedLines()
        s.printOutput = { lines.append($0) }
        _ = try s.execute(script: """
            CREATE TABLE p (color STRING, n BIGINT) WITH ('connector' = 'print');
            INSERT INTO p SELECT color, COUNT(*) FROM events WHERE shape = 'star' GROUP BY color;
            """)
        let printed = lines.text.split(separator: "\n").map(String.init)
        let expected = try SQLHarness.rows("SELECT color, COUNT(*) FROM events WHERE shape = 'star' GROUP BY color")
        #expect(printed.allSatisfy { $0.hasPrefix("+I[") || $0.hasPrefix("-U[") || $0.hasPrefix("+U[") })
        #expect(printed.filter { $0.hasPrefix("+I[") }.count == expected.count)
    }

    @Test("INSERT INTO a filesystem table writes part files in batch mode")
    func filesystemSink() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-sql-out-\(UUID().uuidString)").path
        let s = try SQLHarness.session(parallelism: 2)
        let results = try s.execute(script: """
            CREATE TABLE out (color STRING, n BIGINT) WITH ('connector' = 'filesystem', 'path' = '\(dir)', 'format' = 'csv');
            INSERT INTO out SELECT color, COUNT(*) FROM events GROUP BY color;
            CREATE TABLE back (color STRING, n BIGINT) WITH ('connector' = 'filesystem', 'path' = '\(dir)/part-0.csv', 'format' = 'csv');
            """)
        #expect(results[1].kind == .insert)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("part-") }
        #expect(files.count == 2)
        var lines: [String] = []
        for f in files { lines += try String(contentsOfFile: dir + "/" + f, encoding: .utf8).split(separator: "\n").dropFirst().map(String.init) }
        #expect(lines.sorted().map { $0.replacingOccurrences(of: ",", with: "|") } == (try SQLHarness.rows("SELECT color, COUNT(*) FROM events GROUP BY color")))
    }

    @Test("INSERT INTO with a column list reorders columns and fills the others with NULL")
    func insertColumnList() throws {
        let s = try SQLHarness.session(parallelism: 1)
        let lines = LockedLines()
        s.printOutput = { lines.append($0) }
        _ = try s.execute(script: """
            CREATE TABLE p (a STRING, b BIGINT, c INT) WITH ('connector' = 'print');
            INSERT INTO p (b, a) SELECT COUNT(*), 'x' FROM events;
            """)
        #expect(lines.text == "+I[x, 5000, NULL]\n")
        let e = SQLHarness.error("CREATE TABLE q (a STRING) WITH ('connector' = 'print'); INSERT INTO q (z) SELECT 'x'")
        #expect(e?.message.contains("the table has no physical column `z`") == true)
    }

    @Test("'table.optimizer.agg-phase-strategy' chooses one or two aggregation phases")
    func aggregatePhases() throws {
        let s = try SQLHarness.session(parallelism: 2)
        let q = "EXPLAIN SELECT color, COUNT(*) FROM events GROUP BY color"
        #expect(try s.execute(script: q)[0].message.contains("aggregate-local"))
        try s.config.set("table.optimizer.agg-phase-strategy", "ONE_PHASE")
        let one = try s.execute(script: q)[0].message
        #expect(!one.contains("aggregate-local") && one.contains("calc -> aggregate  hash") == false && one.contains("-> aggregate  hash"))
        #expect(try s.execute(script: "SELECT COUNT(DISTINCT color) FROM events")[0].rows == [[.int(6)]])
    }

    @Test("'state.backend.type' and 'state.backend.mmap.directory' choose where aggregation state lives; same rows")
    func stateBackend() throws {
        let q = "SELECT color, COUNT(*), SUM(`value`) FROM events GROUP BY color"
        let s = try SQLHarness.session(parallelism: 2)
        try s.config.set("execution.runtime-mode", "batch")
        let mmap = try s.execute(script: q)[0].rows
        try s.config.set("state.backend.type", "heap")
        #expect(Set(try s.execute(script: q)[0].rows) == Set(mmap))
        #expect(throws: SluiceError.self) { try s.config.set("state.backend.type", "rocksdb") }
        try s.config.set("state.backend.type", "mmap")
        try s.config.set("state.backend.mmap.directory", NSTemporaryDirectory())
        #expect(Set(try s.execute(script: q)[0].rows) == Set(mmap))
        try s.config.set("state.backend.mmap.directory", "")   // empty: the temporary directory
        #expect(Set(try s.execute(script: q)[0].rows) == Set(mmap))
        try s.config.set("state.backend.mmap.directory", "/nonexistent/sluice-state")
        let error = #expect(throws: SluiceError.self) { try s.execute(script: q) }
        #expect(error?.description.contains("/nonexistent/sluice-state") == true)
    }

    @Test("datagen into blackhole runs a bounded job")
    func datagenBlackhole() throws {
        let s = try SQLHarness.session(parallelism: 2)
        let results = try s.execute(script: """
            CREATE TABLE g (id BIGINT, name STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '1000',
              'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '1000');
            CREATE TABLE sink (id BIGINT, name STRING) WITH ('connector' = 'blackhole');
            INSERT INTO sink SELECT * FROM g;
            SELECT COUNT(*), SUM(id), MIN(id), MAX(id) FROM g;
            """)
        #expect(results[2].message.contains("Inserted 1000 rows"))
        #expect(results[3].rows == [[.int(1000), .int(500500), .int(1), .int(1000)]])
    }

    @Test("views, computed columns, SHOW, DESCRIBE, SET/RESET, DROP")
    func ddl() throws {
        let s = try SQLHarness.session()
        let r = try s.execute(script: """
            CREATE TABLE e2 (ts TIMESTAMP(3), color STRING, shape STRING, `value` INT, price DECIMAL(10, 2),
              double_price AS price * 2, PRIMARY KEY (color) NOT ENFORCED)
              WITH ('connector' = 'filesystem', 'path' = '\(SQLHarness.eventsPath)', 'format' = 'csv');
            CREATE TEMPORARY VIEW reds (p, dp) AS SELECT price, double_price FROM e2 WHERE color = 'red';
            SELECT COUNT(*) FROM reds WHERE dp <> p * 2;
            SHOW TABLES;
            SHOW VIEWS;
            DESCRIBE e2;
            SET 'parallelism.default' = '1';
            SET;
            RESET;
            DROP VIEW reds;
            SHOW VIEWS;
            """)
        #expect(r[2].rows == [[.int(0)]])
        #expect(r[3].rows == [[.string("e2")], [.string("events")]])
        #expect(r[4].rows == [[.string("reds")]])
        let describe = r[5].rows
        #expect(describe.count == 6)
        #expect(describe[5][0] == .string("double_price") && describe[5][4] == .string("AS (price * 2)"))
        #expect(r[7].rows.contains { $0[0] == .string("parallelism.default") })
        #expect(r[10].rows.isEmpty)
    }

    @Test("CREATE FUNCTION resolves CountChar by class name to a native kernel")
    func countChar() throws {
        let s = try SQLHarness.session()
        let r = try s.execute(script: """
            CREATE FUNCTION count_char AS 'com.github.nexmark.flink.udf.CountChar';
            SELECT count_char(s, 'a'), count_char(CAST(NULL AS STRING), 'a') FROM (VALUES ('banana'), ('xyz'), ('')) AS t (s);
            """)
        #expect(r[1].rows.map { $0[0] } == [.int(3), .int(0), .int(0)])
        #expect(r[1].rows.map { $0[1] } == [.int(0), .int(0), .int(0)])
    }

    @Test("ROW columns: nested field access")
    func rowFields() throws {
        let s = try SQLHarness.session()
        let r = try s.execute(script: """
            SELECT t.r.b FROM (SELECT CAST(NULL AS ROW<a INT, b STRING>) AS r) AS t;
            """)
        #expect(r[0].schema?[0].type == .string)
    }

    @Test("HOP and CUMULATE windows count each row in every window that holds it")
    func hopAndCumulate() throws {
        let hop = try SQLHarness.rows("""
            SELECT SUM(n) FROM (SELECT window_start, COUNT(*) AS n FROM TABLE(HOP(TABLE events, DESCRIPTOR(ts), INTERVAL '5' MINUTE, INTERVAL '10' MINUTE))
            GROUP BY window_start, window_end)
            """)
        #expect(hop == ["10000"])
        let cumulate = try SQLHarness.rows("""
            SELECT window_end, COUNT(*) FROM TABLE(CUMULATE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' MINUTE, INTERVAL '1' HOUR))
            GROUP BY window_start, window_end
            """)
        let tumble = try SQLHarness.rows("SELECT TUMBLE_END(ts, INTERVAL '1' HOUR), COUNT(*) FROM events GROUP BY TUMBLE(ts, INTERVAL '1' HOUR)")
        let hourEnds = Set(tumble)
        #expect(cumulate.filter { hourEnds.contains($0) }.count == tumble.count)
    }
}

final class LockedLines: @unchecked Sendable {
    // SAFETY: every access to `lines` holds `lock`.
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return lines.joined() }
}
