import SluiceTestSupport
import Testing
import SluiceColumnar
@testable import SluiceSQL

/// Unparses seeded random expression trees and parses them back: the trees must come back equal,
/// which checks the printer's parentheses against the parser's precedence for every pairing.
@Suite("Random round trip")
struct RandomRoundTripTests {
    @Test("500 random expression trees survive unparse and parse", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func expressions(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for _ in 0..<100 {
            let tree = random.expression(depth: 4)
            let text = tree.description
            let parsed: Expression
            do {
                parsed = try SQLParser.parse(expression: text)
            } catch {
                Issue.record("\(error)\nfor: \(text)")
                continue
            }
            #expect(parsed == tree, "text: \(text)")
        }
    }
}

extension RandomRoundTripTests {
    @Test("300 random queries survive unparse and parse", arguments: [11, 12, 13] as [UInt64])
    func queries(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for _ in 0..<100 {
            let tree = random.query(depth: 3)
            let text = tree.description
            let parsed: Query
            do {
                parsed = try SQLParser.parse(query: text)
            } catch {
                Issue.record("\(error)\nfor: \(text)")
                continue
            }
            #expect(parsed == tree, "text: \(text)")
        }
    }
}

/// Random SQL trees from the shared seeded generator.
extension SplitMix64 {
    mutating func leaf() -> Expression {
        pick([
            col("a"), col("t", "b"), col("my col"), col("select"), num("1"), num("2.5"), num(".5"),
            str("it's"), .literal(.boolean(true)), .literal(.null), seconds("10"),
            .literal(.date("2024-01-01")), .literal(.interval("2-3", IntervalQualifier(.year, to: .month))),
        ])
    }

    mutating func expression(depth: Int) -> Expression {
        if depth == 0 || below(5) == 0 { return leaf() }
        let d = depth - 1
        switch below(14) {
        case 0, 1, 2:
            return .binary(pick(BinaryOperator.allCases), expression(depth: d), expression(depth: d))
        case 3: return .unary(pick([.not, .minus, .plus]), expression(depth: d))
        case 4: return .isNull(expression(depth: d), negated: below(2) == 0)
        case 5: return .isBoolean(expression(depth: d), value: below(2) == 0, negated: below(2) == 0)
        case 6:
            return .between(expression(depth: d), low: expression(depth: d), high: expression(depth: d),
                            negated: below(2) == 0)
        case 7: return .inList(expression(depth: d), [expression(depth: d), expression(depth: d)], negated: below(2) == 0)
        case 8:
            return .like(expression(depth: d), pattern: expression(depth: d),
                         escape: below(2) == 0 ? nil : expression(depth: d), negated: below(2) == 0)
        case 9:
            return .function(FunctionCall(name: [pick(["f", "COUNT", "LEFT"])], distinct: below(3) == 0,
                                          arguments: [expression(depth: d), expression(depth: d)],
                                          filter: below(3) == 0 ? expression(depth: d) : nil))
        case 10:
            return .caseWhen(operand: below(2) == 0 ? nil : expression(depth: d),
                             branches: [CaseBranch(expression(depth: d), expression(depth: d))],
                             otherwise: below(2) == 0 ? nil : expression(depth: d))
        case 11: return .cast(expression(depth: d), TypeName(pick([.int64, .decimal(precision: 10, scale: 2), .string])), isTry: below(2) == 0)
        case 12: return .extract(unit: "HOUR", from: expression(depth: d))
        default:
            return .trim(pick([nil, .both, .leading, .trailing]), characters: below(2) == 0 ? nil : expression(depth: d),
                         from: expression(depth: d))
        }
    }
}

/// Random queries: set operations, WITH, ORDER BY/LIMIT, joins of every kind with nesting,
/// subqueries in FROM and in expressions, window TVFs.
extension SplitMix64 {
    mutating func query(depth: Int) -> Query {
        var q = Query(body: body(depth: depth))
        if depth > 0 && below(4) == 0 { q.with = [CommonTableExpression(name: "w", columns: below(2) == 0 ? [] : ["x"], query: query(depth: depth - 1))] }
        if below(3) == 0 { q.orderBy = [OrderItem(leaf(), ascending: pick([nil, true, false]), nullsFirst: pick([nil, true, false]))] }
        if below(3) == 0 {
            q.limit = num("10")
            if below(2) == 0 { q.offset = num("2") }
        }
        return q
    }

    /// A query body; `.nested` only as a set operation's operand, the one place it is not redundant.
    mutating func body(depth: Int, operand: Bool = false) -> QueryBody {
        let d = max(depth - 1, 0)
        switch depth == 0 ? 0 : below(operand ? 6 : 5) {
        case 0, 1, 2: return .select(select(depth: d))
        case 3:
            return .setOperation(pick([.union, .intersect, .except]), all: below(2) == 0,
                                 body(depth: d, operand: true), body(depth: d, operand: true))
        case 4: return .values([[leaf(), leaf()], [leaf(), leaf()]])
        default:
            var inner = query(depth: d)
            inner.limit = num("1")
            return .nested(inner)
        }
    }

    mutating func select(depth: Int) -> Select {
        var s = Select(distinct: below(4) == 0, items: [SelectItem(queryExpression(depth: depth), alias: below(2) == 0 ? "x" : nil)])
        if below(3) == 0 { s.items.append(SelectItem(.star(qualifier: below(2) == 0 ? [] : ["t"]))) }
        if below(5) != 0 { s.from = table(depth: depth) }
        if below(2) == 0 { s.whereClause = queryExpression(depth: depth) }
        if below(3) == 0 {
            s.groupBy = [leaf(), leaf()]
            if below(2) == 0 { s.having = queryExpression(depth: depth) }
        }
        return s
    }

    /// An expression that may hold a subquery.
    mutating func queryExpression(depth: Int) -> Expression {
        guard depth > 0 else { return expression(depth: 2) }
        switch below(6) {
        case 0: return .inSubquery(leaf(), query(depth: depth - 1), negated: below(2) == 0)
        case 1: return .unary(.not, .exists(query(depth: depth - 1)))
        case 2: return .binary(.add, .scalarSubquery(query(depth: depth - 1)), leaf())
        default: return expression(depth: 2)
        }
    }

    mutating func alias() -> TableAlias? {
        pick([nil, TableAlias("s"), TableAlias("u", columns: ["a", "b"]), TableAlias("select")])
    }

    mutating func table(depth: Int) -> TableReference {
        let d = max(depth - 1, 0)
        switch depth == 0 ? below(2) : below(6) {
        case 0:
            return .table(name: pick([["bid"], ["db", "bid"], ["my table"]]), alias: alias(),
                          systemTimeAsOf: below(4) == 0 ? col("p", "t") : nil)
        case 1:
            let kind = pick([WindowTableFunction.Kind.tumble(size: seconds("10")), .hop(slide: seconds("2"), size: seconds("10")),
                             .cumulate(step: seconds("2"), size: seconds("10")), .session(gap: seconds("5"))])
            var partition: [Expression] = []
            var offset: Expression?
            if case .session = kind { partition = pick([[], [col("k")], [col("k"), col("l")]]) } else if below(2) == 0 { offset = seconds("1") }
            return .windowFunction(WindowTableFunction(kind, table: ["bid"], partitionBy: partition, timeColumn: "ts", offset: offset),
                                   alias: alias())
        case 2: return .subquery(query(depth: d), alias: alias())
        default:
            let kind = pick([JoinKind.inner, .left, .right, .full, .cross, .comma])
            let condition: JoinCondition?
            switch kind {
            case .cross, .comma: condition = nil
            default: condition = below(3) == 0 ? .using(["k"]) : .on(expression(depth: 2))
            }
            return .join(kind, table(depth: d), table(depth: d), condition)
        }
    }
}
