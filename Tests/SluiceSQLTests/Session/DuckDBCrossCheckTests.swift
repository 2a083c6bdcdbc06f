import Testing
import SluiceColumnar
@testable import SluiceSQL

/// Bounded query results checked against DuckDB run on the same CSV file.
@Suite("SQL results match DuckDB")
struct DuckDBCrossCheckTests {
    /// Each case: the Sluice query and, when the dialects differ, DuckDB's spelling of it.
    static let cases: [(sluice: String, duck: String?)] = [
        ("SELECT color, COUNT(*) FROM events WHERE color <> 'orange' GROUP BY color", nil),
        ("SELECT shape, COUNT(DISTINCT color), SUM(`value`), MIN(price), MAX(price), COUNT(`value`) FROM events GROUP BY shape",
         "SELECT shape, COUNT(DISTINCT color), SUM(value), MIN(price), MAX(price), COUNT(value) FROM events GROUP BY shape"),
        ("SELECT color, COUNT(*) FILTER (WHERE price > 250) AS hi, COUNT(*) FROM events GROUP BY color HAVING COUNT(*) > 800", nil),
        ("SELECT color, shape, price * 2 AS p2, `value` + 1 FROM events WHERE price BETWEEN 10 AND 12 AND shape IN ('star', 'circle')",
         "SELECT color, shape, price * 2 AS p2, value + 1 FROM events WHERE price BETWEEN 10 AND 12 AND shape IN ('star', 'circle')"),
        ("SELECT UPPER(color), CASE WHEN price > 100 THEN 'big' ELSE 'small' END AS size, COUNT(*) FROM events GROUP BY UPPER(color), CASE WHEN price > 100 THEN 'big' ELSE 'small' END", nil),
        ("WITH cheap AS (SELECT color, price FROM events WHERE price < 50) SELECT color, COUNT(*) FROM (SELECT * FROM cheap UNION ALL SELECT color, price FROM events WHERE shape = 'star') AS u GROUP BY color", nil),
        ("SELECT DISTINCT shape, color FROM events WHERE color LIKE 'b%'", nil),
        ("SELECT COUNT(*), SUM(price), MIN(ts), MAX(ts) FROM events", nil),
        ("SELECT c, n FROM (SELECT color AS c, COUNT(*) AS n FROM events GROUP BY color) AS t WHERE c <> 'red'", nil),
        ("SELECT color, `value` FROM events WHERE `value` IS NULL AND shape = 'triangle'",
         "SELECT color, value FROM events WHERE value IS NULL AND shape = 'triangle'"),
        ("SELECT window_start, window_end, color, COUNT(*), SUM(price) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' MINUTE)) GROUP BY window_start, window_end, color",
         "SELECT time_bucket(INTERVAL '10 minutes', ts) AS s, time_bucket(INTERVAL '10 minutes', ts) + INTERVAL '10 minutes', color, COUNT(*), SUM(price) FROM events GROUP BY s, color"),
        ("SELECT window_start, window_end, color, COUNT(*), SUM(price), MIN(`value`) FROM TABLE(SESSION(TABLE events PARTITION BY color, DESCRIPTOR(ts), INTERVAL '3' SECOND)) GROUP BY window_start, window_end, color",
         DuckDBSessions.query(gap: "3 seconds", keys: ["color"], aggregates: "COUNT(*), SUM(price), MIN(value)")),
        ("SELECT color, shape, window_start, window_end, COUNT(*) FROM TABLE(SESSION(TABLE events PARTITION BY (color, shape), DESCRIPTOR(ts), INTERVAL '20' SECOND)) GROUP BY color, shape, window_start, window_end",
         DuckDBSessions.query(gap: "20 seconds", keys: ["color", "shape"], aggregates: "COUNT(*)", keysFirst: true)),
        ("SELECT SESSION_START(ts, INTERVAL '1' SECOND), SESSION_END(ts, INTERVAL '1' SECOND), COUNT(*), MAX(price) FROM events GROUP BY SESSION(ts, INTERVAL '1' SECOND)",
         DuckDBSessions.query(gap: "1 second", keys: [], aggregates: "COUNT(*), MAX(price)")),
    ]

    @Test("every bounded query returns DuckDB's rows", arguments: 0..<cases.count)
    func matchesDuckDB(_ index: Int) throws {
        let (sluice, duck) = Self.cases[index]
        let expected = try SQLHarness.duckdb(duck ?? sluice)
        for parallelism in [1, 2] {
            let actual = try SQLHarness.rows(sluice, parallelism: parallelism)
            #expect(actual.count == expected.count, "\(sluice) at parallelism \(parallelism): \(actual.count) rows, DuckDB \(expected.count)")
            for (a, e) in zip(actual, expected) where !SQLHarness.same(a, e) {
                Issue.record("\(sluice) at parallelism \(parallelism): row \(a) but DuckDB has \(e)")
                break
            }
        }
    }

    @Test("ORDER BY and LIMIT return DuckDB's first rows in order")
    func orderAndLimit() throws {
        let q = "SELECT color, COUNT(*) AS n FROM events GROUP BY color ORDER BY n DESC, color LIMIT 3"
        let results = try SQLHarness.session().execute(script: q)
        let actual = results.last!.rows.map { $0.map(\.description).joined(separator: "|") }
        let duck = try SQLHarness.duckdb(q)
        let expected = try duck.sorted { a, b in
            let x = Int(a.split(separator: "|")[1])!, y = Int(b.split(separator: "|")[1])!
            return x != y ? x > y : a < b
        }
        #expect(actual == Array(expected.prefix(3)))
        _ = try #require(actual.count == 3 ? actual : nil)
    }

    @Test("VALUES returns its rows")
    func values() throws {
        #expect(try SQLHarness.rows("VALUES (1, 'a'), (2, 'b'), (3, CAST(NULL AS STRING))") == ["1|a", "2|b", "3|NULL"])
    }
}
