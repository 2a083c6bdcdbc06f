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

/// SplitMix64, enough randomness to pick tree shapes reproducibly.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

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
