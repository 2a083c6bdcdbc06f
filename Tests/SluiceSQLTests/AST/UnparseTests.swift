import Testing
import SluiceColumnar
@testable import SluiceSQL

@Suite("Unparse")
struct UnparseTests {
    @Test("expressions print with parentheses only where precedence needs them")
    func minimalParentheses() throws {
        #expect(try expr("a OR b AND NOT c = d + e * f").description == "a OR b AND NOT c = d + e * f")
        #expect(try expr("(a OR b) AND c").description == "(a OR b) AND c")
        #expect(try expr("a - (b - c)").description == "a - (b - c)")
        #expect(try expr("(a - b) - c").description == "a - b - c")
        #expect(try expr("-(a + b)").description == "-(a + b)")
        #expect(try expr("- -a").description == "-(-a)")
        #expect(try expr("x BETWEEN a AND (b AND c)").description == "x BETWEEN a AND (b AND c)")
    }

    @Test("names are backquoted only when needed; strings double their quotes")
    func quoting() throws {
        #expect(try expr("`value` + `my col` + `we``ird` + plain + `from`").description
                == "`value` + `my col` + `we``ird` + plain + `from`")
        #expect(try expr("'it''s'").description == "'it''s'")
        #expect(try expr("`CURRENT_DATE`").description == "`CURRENT_DATE`")
        #expect(try expr("CURRENT_DATE").description == "CURRENT_DATE")
    }

    @Test("statements print as Flink SQL")
    func statements() throws {
        #expect(try statement("select a from t where b is not null").description == "SELECT a FROM t WHERE b IS NOT NULL")
        #expect(try statement("create table t (a int not null, ts timestamp(3), watermark for ts as ts) with ('k'='v')").description
                == "CREATE TABLE t (\n  a INT NOT NULL,\n  ts TIMESTAMP(3),\n  WATERMARK FOR ts AS ts\n) WITH (\n  'k' = 'v'\n)")
        #expect(try statement("SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(ts), INTERVAL '10' SECOND)) w").description
                == "SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(ts), INTERVAL '10' SECOND)) AS w")
        #expect(try statement("set 'a' = 'b'").description == "SET 'a' = 'b'")
    }

    @Test("round trip: every statement kind", arguments: [
        "CREATE TEMPORARY TABLE IF NOT EXISTS c.d.t (id BIGINT NOT NULL COMMENT 'x', r ROW<a INT, `b c` ROW(x STRING NOT NULL)>, v AS id + 1, ts TIMESTAMP_LTZ(3), d DECIMAL(23, 3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND, PRIMARY KEY (id) NOT ENFORCED) COMMENT 'c' PARTITIONED BY (id) WITH ('connector' = 'x', 'q' = 'it''s')",
        "CREATE VIEW IF NOT EXISTS v (a, b) AS SELECT 1, 2",
        "CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS f AS 'a.B' LANGUAGE PYTHON",
        "DROP TEMPORARY TABLE IF EXISTS t; DROP VIEW v; DROP FUNCTION f",
        "INSERT OVERWRITE t (a) SELECT a FROM s; INSERT INTO t VALUES (1), (2)",
        "SET 'k' = 'v'; SET; RESET 'k'; RESET; SHOW TABLES; SHOW VIEWS; DESCRIBE t",
        "EXPLAIN PLAN FOR SELECT 1; EXPLAIN CHANGELOG_MODE SELECT 2",
    ])
    func statementKinds(sql: String) throws {
        try expectRoundTrip(sql)
    }

    @Test("round trip: queries and expressions", arguments: [
        "SELECT DISTINCT a, b AS `x y`, t.* FROM t AS u (p, q) WHERE a IN (1, 2) AND b NOT IN (SELECT c FROM s) GROUP BY a, b HAVING COUNT(*) > 1 ORDER BY a DESC NULLS LAST LIMIT 5 OFFSET 2",
        "WITH w (x) AS (SELECT 1) SELECT x FROM w UNION ALL (SELECT 2 UNION SELECT 3) EXCEPT SELECT 4 INTERSECT ALL SELECT 5",
        "SELECT 1 UNION ALL (SELECT 2 ORDER BY 1 LIMIT 1)",
        "SELECT * FROM a, b JOIN c ON b.k = c.k LEFT JOIN (d CROSS JOIN e) ON TRUE FULL JOIN f USING (k, l)",
        "SELECT * FROM (a, b) RIGHT OUTER JOIN c ON a.x = c.x",
        "SELECT * FROM (SELECT 1) JOIN s FOR SYSTEM_TIME AS OF p.t AS q ON TRUE",
        "SELECT * FROM TABLE(SESSION(TABLE b PARTITION BY k, l, DESCRIPTOR(ts), INTERVAL '5' MINUTE)) AS w",
        "SELECT * FROM TABLE(CUMULATE(TABLE b, DESCRIPTOR(ts), INTERVAL '1' HOUR, INTERVAL '1' DAY, INTERVAL '1' MINUTE))",
        "SELECT CASE WHEN a IS NULL THEN -1 WHEN a IS NOT TRUE THEN +2 ELSE a END, CASE k WHEN 1 THEN 'x' END FROM t",
        "SELECT CAST(a AS DECIMAL(10, 2)), TRY_CAST(b AS TIMESTAMP(3) WITH LOCAL TIME ZONE), CAST(c AS ROW<x INT NOT NULL>) FROM t",
        "SELECT EXTRACT(YEAR FROM d), TRIM(BOTH 'x' FROM s), TRIM(s), TRIM(TRAILING FROM s), POSITION('a' IN s), SUBSTRING(s FROM 1 FOR 2)",
        "SELECT INTERVAL '2-3' YEAR TO MONTH, DATE '2024-01-01', TIME '10:00:00', TIMESTAMP '2024-01-01 00:00:00', TRUE, FALSE, NULL, 1.5E3, .5",
        "SELECT s LIKE 'a%' ESCAPE '!', s NOT LIKE 'b' || c, x NOT BETWEEN 1 AND 2 + 3, (a = b) IS NULL, a = (b IS NULL), NOT (a AND b) OR c",
        "SELECT COUNT(DISTINCT a) FILTER (WHERE b > 0), ROW_NUMBER() OVER (PARTITION BY a ORDER BY b DESC, c ASC), SUM(x) OVER (ORDER BY t RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW), MAX(y) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND 2 FOLLOWING), COUNT(*) OVER ()",
        "SELECT EXISTS (SELECT 1), (SELECT MAX(a) FROM t) * 2, a - -b, -(-c), - - d, 2 * (3 % 4) / 5",
        "SELECT LEFT(s, 1), RIGHT(s, 2), CURRENT_TIMESTAMP, `CURRENT_DATE`, `select`, `a.b`.c, TUMBLE_START(ts, INTERVAL '1' SECOND) FROM t GROUP BY TUMBLE(ts, INTERVAL '1' SECOND)",
        "VALUES (1, 'a'), (2, 'b')",
        "SELECT TIMESTAMPADD(MINUTE, 5, ts), TIMESTAMPDIFF(SECOND, a, b), FLOOR(ts TO HOUR), CEILING(ts TO MINUTE), FLOOR(1.5), `HOUR` FROM t",
    ])
    func queries(sql: String) throws {
        try expectRoundTrip(sql)
    }
}
