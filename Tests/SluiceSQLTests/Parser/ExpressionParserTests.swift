import Testing
import SluiceColumnar
@testable import SluiceSQL

@Suite("Expression parser")
struct ExpressionParserTests {
    @Test("precedence: OR < AND < NOT < comparison < + < *")
    func precedence() throws {
        let expected: Expression = .binary(
            .or, col("a"),
            .binary(.and, col("b"),
                    .unary(.not, .binary(.equal, col("c"),
                                         .binary(.add, col("d"), .binary(.multiply, col("e"), col("f")))))))
        #expect(try expr("a OR b AND NOT c = d + e * f") == expected)
    }

    @Test("binary operators are left-associative and parentheses group")
    func associativity() throws {
        #expect(try expr("a - b - c") == .binary(.subtract, .binary(.subtract, col("a"), col("b")), col("c")))
        #expect(try expr("a - (b - c)") == .binary(.subtract, col("a"), .binary(.subtract, col("b"), col("c"))))
        #expect(try expr("a / b % c") == .binary(.modulo, .binary(.divide, col("a"), col("b")), col("c")))
    }

    @Test("|| binds looser than + and tighter than comparisons")
    func concat() throws {
        #expect(try expr("a || b + c = d") == .binary(.equal, .binary(.concat, col("a"), .binary(.add, col("b"), col("c"))), col("d")))
    }

    @Test("unary minus and plus bind tightest; != is <>")
    func unary() throws {
        #expect(try expr("-a * +b") == .binary(.multiply, .unary(.minus, col("a")), .unary(.plus, col("b"))))
        #expect(try expr("a != b") == .binary(.notEqual, col("a"), col("b")))
        #expect(try expr("- -1") == .unary(.minus, .unary(.minus, num("1"))))
    }

    @Test("IS [NOT] NULL / TRUE / FALSE")
    func isPredicates() throws {
        #expect(try expr("a IS NULL") == .isNull(col("a"), negated: false))
        #expect(try expr("a + 1 IS NOT NULL") == .isNull(.binary(.add, col("a"), num("1")), negated: true))
        #expect(try expr("a IS TRUE") == .isBoolean(col("a"), value: true, negated: false))
        #expect(try expr("a IS NOT FALSE") == .isBoolean(col("a"), value: false, negated: true))
    }

    @Test("[NOT] BETWEEN keeps its AND apart from the logical AND")
    func between() throws {
        #expect(try expr("x BETWEEN a AND b AND c") == .binary(
            .and, .between(col("x"), low: col("a"), high: col("b"), negated: false), col("c")))
        #expect(try expr("x NOT BETWEEN a - 1 AND b") == .between(
            col("x"), low: .binary(.subtract, col("a"), num("1")), high: col("b"), negated: true))
    }

    @Test("[NOT] IN lists and subqueries, [NOT] LIKE with ESCAPE, EXISTS")
    func setPredicates() throws {
        #expect(try expr("a IN (1, 2)") == .inList(col("a"), [num("1"), num("2")], negated: false))
        #expect(try expr("a NOT IN (SELECT b FROM t)") == .inSubquery(
            col("a"), try query("SELECT b FROM t"), negated: true))
        #expect(try expr("s NOT LIKE 'a!%%' ESCAPE '!'") == .like(
            col("s"), pattern: str("a!%%"), escape: str("!"), negated: true))
        #expect(try expr("NOT EXISTS (SELECT 1)") == .unary(.not, .exists(try query("SELECT 1"))))
        #expect(try expr("(SELECT MAX(x) FROM t) + 1") == .binary(
            .add, .scalarSubquery(try query("SELECT MAX(x) FROM t")), num("1")))
    }

    @Test("function calls: DISTINCT, *, FILTER, OVER with a frame, qualified names")
    func functionCalls() throws {
        #expect(try expr("COUNT(*)") == .function(FunctionCall(name: ["COUNT"], arguments: [.star(qualifier: [])])))
        #expect(try expr("count(DISTINCT bidder) FILTER (WHERE price < 10)") == .function(FunctionCall(
            name: ["count"], distinct: true, arguments: [col("bidder")],
            filter: .binary(.less, col("price"), num("10")))))
        let over = WindowSpecification(partitionBy: [col("a")],
                                       orderBy: [OrderItem(col("p"), ascending: false, nullsFirst: false)])
        #expect(try expr("ROW_NUMBER() OVER (PARTITION BY a ORDER BY p DESC NULLS LAST)") == .function(
            FunctionCall(name: ["ROW_NUMBER"], arguments: [], over: over)))
        let frame = WindowFrame(unit: .rows, start: .preceding(num("10")), end: .currentRow)
        #expect(try expr("AVG(x) OVER (ORDER BY t ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)") == .function(
            FunctionCall(name: ["AVG"], arguments: [col("x")],
                         over: WindowSpecification(orderBy: [OrderItem(col("t"))], frame: frame))))
        #expect(try expr("db.f(1)") == .function(FunctionCall(name: ["db", "f"], arguments: [num("1")])))
        #expect(try expr("LEFT(s, 2)") == call("LEFT", col("s"), num("2")))
        #expect(try expr("CURRENT_TIMESTAMP") == .function(FunctionCall(name: ["CURRENT_TIMESTAMP"], arguments: [])))
    }

    @Test("CASE with and without an operand")
    func caseWhen() throws {
        #expect(try expr("CASE WHEN a THEN 1 ELSE 2 END") == .caseWhen(
            operand: nil, branches: [CaseBranch(col("a"), num("1"))], otherwise: num("2")))
        #expect(try expr("CASE k WHEN 1 THEN 'x' WHEN 2 THEN 'y' END") == .caseWhen(
            operand: col("k"), branches: [CaseBranch(num("1"), str("x")), CaseBranch(num("2"), str("y"))],
            otherwise: nil))
    }

    @Test("CAST, TRY_CAST, EXTRACT, TRIM, POSITION, SUBSTRING")
    func specialForms() throws {
        #expect(try expr("CAST(x AS DECIMAL(23, 3))") == .cast(col("x"), TypeName(.decimal(precision: 23, scale: 3)), isTry: false))
        #expect(try expr("TRY_CAST(s AS INT NOT NULL)") == .cast(col("s"), TypeName(.int32, nullable: false), isTry: true))
        #expect(try expr("EXTRACT(hour FROM ts)") == .extract(unit: "HOUR", from: col("ts")))
        #expect(try expr("TRIM(s)") == .trim(nil, characters: nil, from: col("s")))
        #expect(try expr("TRIM(LEADING 'x' FROM s)") == .trim(.leading, characters: str("x"), from: col("s")))
        #expect(try expr("TRIM(BOTH FROM s)") == .trim(.both, characters: nil, from: col("s")))
        #expect(try expr("POSITION('a' IN s)") == call("POSITION", str("a"), col("s")))
        #expect(try expr("SUBSTRING(s FROM 2 FOR 3)") == call("SUBSTRING", col("s"), num("2"), num("3")))
        #expect(try expr("SUBSTRING(s, 2)") == call("SUBSTRING", col("s"), num("2")))
    }

    @Test("time-unit arguments: TIMESTAMPADD, TIMESTAMPDIFF, FLOOR/CEIL … TO unit")
    func timeUnits() throws {
        #expect(try expr("TIMESTAMPADD(HOUR, 1, ts)") == call("TIMESTAMPADD", .timeUnit("HOUR"), num("1"), col("ts")))
        #expect(try expr("TIMESTAMPDIFF(day, a, b)") == call("TIMESTAMPDIFF", .timeUnit("DAY"), col("a"), col("b")))
        #expect(try expr("FLOOR(ts TO HOUR)") == call("FLOOR", col("ts"), .timeUnit("HOUR")))
        #expect(try expr("CEIL(ts TO DAY)").description == "CEIL(ts TO DAY)")
        #expect(try expr("FLOOR(x)") == call("FLOOR", col("x")))
    }

    @Test("literals: intervals, typed temporal literals, booleans and NULL")
    func literals() throws {
        #expect(try expr("INTERVAL '10' SECOND") == seconds("10"))
        #expect(try expr("INTERVAL '5' MINUTES") == .literal(.interval("5", IntervalQualifier(.minute))))
        #expect(try expr("INTERVAL '2-3' YEAR TO MONTH") == .literal(.interval("2-3", IntervalQualifier(.year, to: .month))))
        #expect(try expr("DATE '2024-01-01'") == .literal(.date("2024-01-01")))
        #expect(try expr("TIME '12:00:00'") == .literal(.time("12:00:00")))
        #expect(try expr("TIMESTAMP '2024-01-01 00:00:00.000'") == .literal(.timestamp("2024-01-01 00:00:00.000")))
        #expect(try expr("TRUE AND FALSE OR NULL") == .binary(
            .or, .binary(.and, .literal(.boolean(true)), .literal(.boolean(false))), .literal(.null)))
        #expect(try expr("ts - INTERVAL '4' SECOND") == .binary(.subtract, col("ts"), seconds("4")))
    }

    @Test("nested fields, t.* and backquoted names")
    func names() throws {
        #expect(try expr("person.dateTime") == col("person", "dateTime"))
        #expect(try expr("a.b.c") == col("a", "b", "c"))
        #expect(try expr("t.*") == .star(qualifier: ["t"]))
        #expect(try expr("`value` + `my col`") == .binary(.add, col("value"), col("my col")))
        #expect(try expr("key") == col("key"))
    }

    @Test("legacy group windows are function calls")
    func legacyGroupWindows() throws {
        #expect(try expr("TUMBLE(ts, INTERVAL '10' SECOND)") == call("TUMBLE", col("ts"), seconds("10")))
        #expect(try expr("HOP_END(ts, INTERVAL '2' SECOND, INTERVAL '10' SECOND)")
                == call("HOP_END", col("ts"), seconds("2"), seconds("10")))
        #expect(try expr("SESSION_START(B.ts, INTERVAL '10' SECOND)") == call("SESSION_START", col("B", "ts"), seconds("10")))
    }
}
