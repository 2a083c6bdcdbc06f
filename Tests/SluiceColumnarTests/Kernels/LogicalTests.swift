import Testing
@testable import SluiceColumnar

/// Three-valued reference logic over optionals (nil = NULL).
enum ThreeValued {
    static func and(_ a: Bool?, _ b: Bool?) -> Bool? {
        if a == false || b == false { return false }
        if a == nil || b == nil { return nil }
        return true
    }

    static func or(_ a: Bool?, _ b: Bool?) -> Bool? {
        if a == true || b == true { return true }
        if a == nil || b == nil { return nil }
        return false
    }

    static func not(_ a: Bool?) -> Bool? { a.map { !$0 } }
}

@Suite("Logical")
struct LogicalTests {
    static let a: [Bool?] = [true, true, true, false, false, false, nil, nil, nil]
    static let b: [Bool?] = [true, false, nil, true, false, nil, true, false, nil]

    @Test("AND truth table: FALSE AND NULL is FALSE")
    func andTruthTable() throws {
        let result = try Logical.and(Column.boolean(Self.a), Column.boolean(Self.b))
        #expect(result.booleans == [true, false, nil, false, false, false, nil, false, nil])
    }

    @Test("OR truth table: TRUE OR NULL is TRUE")
    func orTruthTable() throws {
        let result = try Logical.or(Column.boolean(Self.a), Column.boolean(Self.b))
        #expect(result.booleans == [true, true, true, true, false, nil, true, nil, nil])
    }

    @Test("NOT truth table: NOT NULL is NULL")
    func notTruthTable() throws {
        #expect(try Logical.not(Column.boolean(Self.a)).booleans == [false, false, false, true, true, true, nil, nil, nil])
    }

    @Test("AND, OR and NOT match the reference over sizes, nulls and slices")
    func reference() throws {
        for n in Fixture.sizes {
            for nulls in Fixture.nullPercents {
                let x = Fixture.column(.boolean, Fixture.values(.boolean, count: n, nullPercent: nulls, seed: 11), .sliced)
                let y = Fixture.column(.boolean, Fixture.values(.boolean, count: n, nullPercent: 100 - nulls / 2, seed: 12), .plain)
                let (a, b) = (x.booleans, y.booleans)
                #expect(try Logical.and(x, y).booleans == zip(a, b).map(ThreeValued.and), "AND n=\(n) nulls=\(nulls)%")
                #expect(try Logical.or(x, y).booleans == zip(a, b).map(ThreeValued.or), "OR n=\(n) nulls=\(nulls)%")
                #expect(try Logical.not(x).booleans == a.map(ThreeValued.not), "NOT n=\(n) nulls=\(nulls)%")
                #expect(try Logical.and(y, x).booleans == zip(b, a).map(ThreeValued.and), "AND swapped n=\(n)")
            }
        }
    }

    @Test("inputs without nulls give a result without a validity bitmap")
    func noNulls() throws {
        let result = try Logical.or(Column.boolean([true, false]), Column.boolean([false, false]))
        #expect(!result.hasNulls)
        #expect(result.booleans == [true, false])
    }

    @Test("non-BOOLEAN operands and length mismatches are rejected")
    func errors() {
        let error = #expect(throws: SluiceError.self) { try Logical.and(Column.int32([1]), Column.boolean([true])) }
        #expect(error?.message == "AND expects BOOLEAN operands, found INT; compare the value first, e.g. `x <> 0`")
        let not = #expect(throws: SluiceError.self) { try Logical.not(Column.string(["true"])) }
        #expect(not?.message == "NOT expects BOOLEAN operands, found STRING; compare the value first, e.g. `x <> 0`")
        let length = #expect(throws: SluiceError.self) { try Logical.or(Column.boolean([true]), Column.boolean([true, false])) }
        #expect(length?.message == "OR needs columns of equal length, got 1 and 2 rows")
    }
}
