import Testing
@testable import SluiceColumnar

@Suite("Conditional")
struct ConditionalTests {
    typealias F = KernelFixtures

    static func sample(_ type: DataType, _ i: Int, _ salt: Int) -> Value {
        switch type {
        case .boolean: return .boolean((i + salt) % 3 == 0)
        case .string: return .string(String(repeating: "s", count: (i + salt) % 5) + "\(i)")
        case .decimal(_, let s): return .decimal(Int128(i * 1_000_003 - salt), scale: s)
        case .int16: return .int(Int64((i * 7 + salt) % 30_000))
        default: return .int(Int64(i * 31 - salt))
        }
    }

    @Test("IF/CASE picks THEN where the condition is TRUE and ELSE where it is FALSE or NULL", arguments: F.lengths)
    func select(length: Int) throws {
        let conditions: [Value] = (0..<length).map { .boolean($0 % 3 != 1) }
        for type in [DataType.int64, .int16, .boolean, .string, .decimal(precision: 30, scale: 2), .decimal(precision: 9, scale: 1)] {
            let a: [Value] = (0..<length).map { Self.sample(type, $0, 1) }
            let b: [Value] = (0..<length).map { Self.sample(type, $0, 2) }
            try F.shapes { rate, sliced in
                let c = F.withNulls(conditions, rate: rate, seed: 1)
                let x = F.withNulls(a, rate: rate, seed: 2)
                let y = F.withNulls(b, rate: rate, seed: 3)
                let got = try Conditional.select(condition: F.column(.boolean, c, sliced: sliced),
                                                 then: F.column(type, x, sliced: !sliced), else: F.column(type, y, sliced: sliced))
                #expect(got.type == type)
                #expect(got.values() == (0..<length).map { c[$0] == .boolean(true) ? x[$0] : y[$0] }, "\(type) \(rate)% sliced \(sliced)")
            }
        }
    }

    @Test("COALESCE takes the first non-NULL argument per row", arguments: F.lengths)
    func coalesce(length: Int) throws {
        let columns: [[Value]] = (0..<3).map { k in F.withNulls((0..<length).map { .int(Int64($0 * 10 + k)) }, rate: 50, seed: UInt64(k + 10)) }
        for sliced in [false, true] {
            let got = try Conditional.coalesce(columns.map { F.column(.int32, $0, sliced: sliced) })
            #expect(got.values() == (0..<length).map { row in columns.first { !$0[row].isNull }?[row] ?? .null })
        }
        #expect(try Conditional.coalesce([.string([nil, "a", nil]), .string(["b", "c", nil])]).values() == [.string("b"), .string("a"), .null])
    }

    @Test("mismatched types and non-boolean conditions are plan errors")
    func errors() {
        #expect(throws: SluiceError(.plan, "IF/CASE branches have different types INT and BIGINT; cast them to one type")) {
            try Conditional.select(condition: .boolean([true]), then: .int32([1]), else: .int64([1]))
        }
        #expect(throws: SluiceError(.plan, "IF/CASE condition must be BOOLEAN, found INT")) {
            try Conditional.select(condition: .int32([1]), then: .int32([1]), else: .int32([1]))
        }
        #expect(throws: SluiceError(.plan, "COALESCE arguments have different types STRING and INT; cast them to one type")) {
            try Conditional.coalesce([.string([nil]), .int32([1])])
        }
        #expect(throws: SluiceError(.plan, "COALESCE needs at least one argument")) { try Conditional.coalesce([]) }
    }
}
