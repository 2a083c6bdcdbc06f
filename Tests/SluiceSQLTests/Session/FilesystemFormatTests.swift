import Foundation
import Testing
import SluiceColumnar
@testable import SluiceSQL

/// The filesystem connector's JSON format and PARTITIONED BY layout, written by Sluice and read back
/// both by Sluice and by DuckDB (JSON Lines and hive-partitioned CSV readers), each compared with
/// DuckDB's answer over the original CSV.
@Suite("Filesystem connector: JSON and partitioned tables, checked with DuckDB", .serialized)
struct FilesystemFormatTests {
    static func directory(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "sluice-fs-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    static let aggregate = "SELECT color, shape, COUNT(*), COUNT(`value`), SUM(`value`), SUM(price), MIN(ts), MAX(ts) FROM %@ GROUP BY color, shape"

    static func query(_ table: String, duck: Bool = false) -> String {
        let q = aggregate.replacingOccurrences(of: "%@", with: table)
        return duck ? q.replacingOccurrences(of: "`", with: "") : q
    }

    static func expectSame(_ actual: [String], _ expected: [String], _ what: String) {
        #expect(actual.count == expected.count, "\(what): \(actual.count) rows, DuckDB \(expected.count)")
        for (a, e) in zip(actual, expected) where !SQLHarness.same(a, e) {
            Issue.record("\(what): row \(a) but DuckDB has \(e)")
            return
        }
    }

    @Test("JSON written by an INSERT reads back the same, in Sluice and in DuckDB", arguments: [1, 2])
    func json(parallelism: Int) throws {
        let dir = Self.directory("json")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let expected = try SQLHarness.duckdb(Self.query("events", duck: true))
        let session = try SQLHarness.session(parallelism: parallelism)
        let script = """
            CREATE TABLE j (ts TIMESTAMP(3), color STRING, shape STRING, `value` INT, price DECIMAL(10, 2))
            WITH ('connector' = 'filesystem', 'path' = '\(dir)', 'format' = 'json');
            INSERT INTO j SELECT * FROM events;
            \(Self.query("j"));
            """
        let sluice = try session.execute(script: script).last!.rows.map { $0.map(\.description).joined(separator: "|") }.sorted()
        Self.expectSame(sluice, expected, "Sluice reading its JSON at parallelism \(parallelism)")
        let setup = """
            CREATE TABLE j AS SELECT * FROM read_json('\(dir)/*.json', format = 'newline_delimited', columns = {ts: 'TIMESTAMP',
              color: 'VARCHAR', shape: 'VARCHAR', value: 'INTEGER', price: 'DECIMAL(10,2)'})
            """
        Self.expectSame(try SQLHarness.duckdb(setup: setup, Self.query("j", duck: true)), expected, "DuckDB reading Sluice's JSON")
    }

    @Test("a PARTITIONED BY table writes hive-style directories that DuckDB and Sluice read back", arguments: [1, 2])
    func partitioned(parallelism: Int) throws {
        let dir = Self.directory("partitioned")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let expected = try SQLHarness.duckdb(Self.query("events", duck: true))
        let session = try SQLHarness.session(parallelism: parallelism)
        let script = """
            CREATE TABLE p (ts TIMESTAMP(3), `value` INT, price DECIMAL(10, 2), color STRING, shape STRING) PARTITIONED BY (color, shape)
            WITH ('connector' = 'filesystem', 'path' = '\(dir)', 'format' = 'csv', 'sink.partition-commit.policy.kind' = 'success-file');
            INSERT INTO p SELECT ts, `value`, price, color, shape FROM events;
            \(Self.query("p"));
            """
        let sluice = try session.execute(script: script).last!.rows.map { $0.map(\.description).joined(separator: "|") }.sorted()
        Self.expectSame(sluice, expected, "Sluice reading its partitioned table at parallelism \(parallelism)")
        let setup = """
            CREATE TABLE p AS SELECT * FROM read_csv('\(dir)/*/*/*.csv', header = true, hive_partitioning = true,
              columns = {ts: 'TIMESTAMP', value: 'INTEGER', price: 'DECIMAL(10,2)'})
            """
        Self.expectSame(try SQLHarness.duckdb(setup: setup, Self.query("p", duck: true)), expected, "DuckDB reading the partitions")
        let partitions = try FileManager.default.contentsOfDirectory(atPath: dir).flatMap { color in
            try FileManager.default.contentsOfDirectory(atPath: dir + "/" + color).map { color + "/" + $0 }
        }
        #expect(partitions.count == 24)
        for p in partitions { #expect(FileManager.default.fileExists(atPath: "\(dir)/\(p)/_SUCCESS"), "\(p)") }
    }

    @Test("a malformed JSON line fails naming the file, the line and the problem; ignore-parse-errors skips it")
    func badJSON() throws {
        let dir = Self.directory("bad")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "{\"a\": 1}\n{\"a\": 2\n{\"a\": \"x\"}\n{\"a\": 4}\n".write(toFile: dir + "/in.json", atomically: true, encoding: .utf8)
        let create = "CREATE TABLE t (a BIGINT) WITH ('connector' = 'filesystem', 'path' = '\(dir)', 'format' = 'json'"
        let error = SQLHarness.error(create + "); SELECT * FROM t;")
        #expect(error?.message == "expected ',' or '}' but found the end of the line")
        #expect(error?.context.file == dir + "/in.json" && error?.context.line == 2, "\(String(describing: error))")
        let rows = try SQLHarness.rows(create + ", 'json.ignore-parse-errors' = 'true'); SELECT * FROM t;")
        #expect(rows == ["1", "4"])
    }

    @Test("the README's partitioned table example runs in streaming mode and commits every partition")
    func readmeExample() throws {
        let dir = Self.directory("readme")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = try SQLHarness.session(streaming: true)
        _ = try session.execute(script: """
            CREATE TABLE by_hour (color STRING, `value` INT, dt STRING, hr STRING) PARTITIONED BY (dt, hr) WITH (
              'connector' = 'filesystem', 'path' = '\(dir)', 'format' = 'json',
              'sink.partition-commit.trigger' = 'partition-time', 'sink.partition-commit.delay' = '1 min',
              'partition.time-extractor.timestamp-pattern' = '$dt $hr:00:00',
              'sink.partition-commit.policy.kind' = 'success-file');
            INSERT INTO by_hour SELECT color, `value`, DATE_FORMAT(ts, 'yyyy-MM-dd'), DATE_FORMAT(ts, 'HH') FROM events;
            """)
        let expected = try SQLHarness.duckdb("SELECT strftime(ts, '%Y-%m-%d'), strftime(ts, '%H'), COUNT(*), SUM(value) FROM events GROUP BY ALL")
        let back = try SQLHarness.rows("""
            CREATE TABLE back (color STRING, `value` INT, dt STRING, hr STRING) PARTITIONED BY (dt, hr)
            WITH ('connector' = 'filesystem', 'path' = '\(dir)', 'format' = 'json');
            SELECT dt, hr, COUNT(*), SUM(`value`) FROM back GROUP BY dt, hr;
            """)
        Self.expectSame(back, expected, "the README example read back")
        for row in expected {
            let f = row.split(separator: "|")
            #expect(FileManager.default.fileExists(atPath: "\(dir)/dt=\(f[0])/hr=\(f[1])/_SUCCESS"), "\(row)")
        }
    }
}
