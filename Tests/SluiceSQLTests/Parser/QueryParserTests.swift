import Testing
import SluiceColumnar
@testable import SluiceSQL

@Suite("Query parser")
struct QueryParserTests {
    @Test("SELECT DISTINCT with WHERE, GROUP BY, HAVING, ORDER BY and LIMIT")
    func selectClauses() throws {
        let q = try query("""
            SELECT DISTINCT color, COUNT(*) AS n FROM events WHERE color <> 'orange'
            GROUP BY color HAVING COUNT(*) > 1 ORDER BY n DESC NULLS FIRST, color LIMIT 10
            """)
        guard case .select(let s) = q.body else { Issue.record("not a SELECT"); return }
        #expect(s.distinct)
        #expect(s.items == [SelectItem(col("color")),
                            SelectItem(.function(FunctionCall(name: ["COUNT"], arguments: [.star(qualifier: [])])), alias: "n")])
        #expect(s.from == .table(name: ["events"], alias: nil, systemTimeAsOf: nil))
        #expect(s.whereClause == .binary(.notEqual, col("color"), str("orange")))
        #expect(s.groupBy == [col("color")])
        #expect(s.having != nil)
        #expect(q.orderBy == [OrderItem(col("n"), ascending: false, nullsFirst: true), OrderItem(col("color"))])
        #expect(q.limit == num("10"))
    }

    @Test("aliases with and without AS, on items and tables; t.* items")
    func aliases() throws {
        let s = try select("SELECT a x, b AS y, t.* FROM bid B, auction AS A (i, j)")
        #expect(s.items.map(\.alias) == ["x", "y", nil])
        #expect(s.items[2].expression == .star(qualifier: ["t"]))
        #expect(s.from == .join(.comma,
                                .table(name: ["bid"], alias: TableAlias("B"), systemTimeAsOf: nil),
                                .table(name: ["auction"], alias: TableAlias("A", columns: ["i", "j"]), systemTimeAsOf: nil),
                                nil))
    }

    @Test("join kinds, ON and USING, left to right")
    func joins() throws {
        let s = try select("""
            SELECT * FROM a JOIN b ON a.k = b.k LEFT OUTER JOIN c USING (k) RIGHT JOIN d ON TRUE
            FULL OUTER JOIN e ON FALSE CROSS JOIN f INNER JOIN g ON 1 = 1
            """)
        func t(_ n: String) -> TableReference { .table(name: [n], alias: nil, systemTimeAsOf: nil) }
        var expected: TableReference = .join(.inner, t("a"), t("b"), .on(.binary(.equal, col("a", "k"), col("b", "k"))))
        expected = .join(.left, expected, t("c"), .using(["k"]))
        expected = .join(.right, expected, t("d"), .on(.literal(.boolean(true))))
        expected = .join(.full, expected, t("e"), .on(.literal(.boolean(false))))
        expected = .join(.cross, expected, t("f"), nil)
        expected = .join(.inner, expected, t("g"), .on(.binary(.equal, num("1"), num("1"))))
        #expect(s.from == expected)
    }

    @Test("subqueries in FROM, with or without alias; temporal join FOR SYSTEM_TIME AS OF")
    func fromSubqueries() throws {
        let s = try select("SELECT * FROM (SELECT a FROM t) WHERE a > 1")
        #expect(s.from == .subquery(try query("SELECT a FROM t"), alias: nil))
        let j = try select("SELECT * FROM (SELECT * FROM bid) B JOIN side FOR SYSTEM_TIME AS OF B.p AS S ON B.k = S.k")
        guard case .join(.inner, _, let right, _) = j.from else { Issue.record("not a join"); return }
        #expect(right == .table(name: ["side"], alias: TableAlias("S"), systemTimeAsOf: col("B", "p")))
    }

    @Test("UNION ALL, UNION, nested set operations, WITH and VALUES")
    func setOperations() throws {
        let q = try query("WITH w AS (SELECT 1 AS x), v (y) AS (VALUES (2)) SELECT x FROM w UNION ALL SELECT y FROM v UNION SELECT 3")
        #expect(q.with.map(\.name) == ["w", "v"])
        #expect(q.with[1].columns == ["y"])
        guard case .setOperation(.union, all: false, let left, _) = q.body,
              case .setOperation(.union, all: true, _, _) = left else {
            Issue.record("expected (… UNION ALL …) UNION …: \(q.body)"); return
        }
        let nested = try query("SELECT 1 UNION ALL (SELECT 2 ORDER BY 1 LIMIT 1)")
        guard case .setOperation(_, _, _, .nested(let inner)) = nested.body else { Issue.record("not nested"); return }
        #expect(inner.limit == num("1"))
    }

    @Test("window TVFs: TUMBLE, HOP, CUMULATE, SESSION with PARTITION BY, offsets and aliases")
    func windowTableFunctions() throws {
        func window(_ sql: String) throws -> (WindowTableFunction, TableAlias?) {
            guard case .windowFunction(let f, let alias)? = try select(sql).from else {
                Issue.record("not a window TVF: \(sql)")
                return (WindowTableFunction(.tumble(size: num("0")), table: [], timeColumn: ""), nil)
            }
            return (f, alias)
        }
        let (tumble, _) = try window("SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))")
        #expect(tumble == WindowTableFunction(.tumble(size: seconds("10")), table: ["bid"], timeColumn: "dateTime"))
        let (offset, alias) = try window("SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' SECOND)) AS w")
        #expect(offset.offset == seconds("1"))
        #expect(alias == TableAlias("w"))
        let (hop, _) = try window("SELECT * FROM TABLE(HOP(TABLE bid, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND))")
        #expect(hop.kind == .hop(slide: seconds("2"), size: seconds("10")))
        let (cumulate, _) = try window("SELECT * FROM TABLE(CUMULATE(TABLE bid, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND, INTERVAL '1' SECOND))")
        #expect(cumulate.kind == .cumulate(step: seconds("2"), size: seconds("10")))
        #expect(cumulate.offset == seconds("1"))
        let (session, _) = try window("SELECT * FROM TABLE(SESSION(TABLE bid PARTITION BY bidder, DESCRIPTOR(ts), INTERVAL '5' MINUTES))")
        #expect(session == WindowTableFunction(.session(gap: .literal(.interval("5", IntervalQualifier(.minute)))),
                                               table: ["bid"], partitionBy: [col("bidder")], timeColumn: "ts"))
    }

    @Test("top-N: ROW_NUMBER() OVER in a subquery filtered outside")
    func topN() throws {
        let s = try select("""
            SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) AS rn FROM bid)
            WHERE rn <= 10
            """)
        guard case .subquery(let inner, nil)? = s.from, case .select(let innerSelect) = inner.body,
              case .function(let f) = innerSelect.items[1].expression else {
            Issue.record("unexpected shape"); return
        }
        #expect(f.upperName == "ROW_NUMBER")
        #expect(f.over?.partitionBy == [col("auction")])
        #expect(s.whereClause == .binary(.lessOrEqual, col("rn"), num("10")))
    }

    @Test("words that are keywords elsewhere work as names: key, final, value, day")
    func nonReservedNames() throws {
        let s = try select("SELECT key, final, Q.final, `value`, `day` FROM side AS S")
        #expect(s.items.map(\.expression) == [col("key"), col("final"), col("Q", "final"), col("value"), col("day")])
    }
}
