import Testing
@testable import SluiceColumnar

@Suite("Predicates")
struct PredicatesTests {
    static let layouts: [(DataType, Fixture.Layout)] = [
        (.int64, .plain), (.int32, .sliced), (.string, .plain), (.string, .dictionary), (.decimal(precision: 30, scale: 4), .sliced),
    ]

    @Test("IS NULL and IS NOT NULL are never NULL")
    func nullTests() {
        for (type, layout) in Self.layouts {
            for n in Fixture.sizes {
                for nulls in Fixture.nullPercents {
                    let c = Fixture.column(type, Fixture.values(type, count: n, nullPercent: nulls, seed: 21), layout)
                    let expected = c.values().map { $0.isNull }
                    let isNull = Predicates.isNull(c)
                    let isNotNull = Predicates.isNotNull(c)
                    #expect(!isNull.hasNulls && !isNotNull.hasNulls)
                    #expect(isNull.booleans == expected, "\(type) \(layout) n=\(n) nulls=\(nulls)%")
                    #expect(isNotNull.booleans == expected.map { !$0 }, "\(type) \(layout) n=\(n) nulls=\(nulls)%")
                }
            }
        }
    }

    static let bounds: [(DataType, Value, Value)] = [
        (.int64, .int(-10), .int(10)), (.int32, .float(-2.5), .decimal(75, scale: 1)), (.int32, .null, .int(3)),
        (.int64, .int(5), .null), (.int64, .int(10), .int(-10)), (.string, .string("ab"), .string("é")),
        (.decimal(precision: 30, scale: 4), .int(-5), .decimal(50_000, scale: 4)),
    ]

    @Test("BETWEEN and NOT BETWEEN follow three-valued logic, also with NULL bounds")
    func between() throws {
        for (type, low, high) in Self.bounds {
            for layout in Fixture.Layout.allCases {
                for n in Fixture.sizes {
                    for nulls in Fixture.nullPercents {
                        let c = Fixture.column(type, Fixture.values(type, count: n, nullPercent: nulls, seed: 22), layout)
                        let expected = c.values().map {
                            ThreeValued.and(Reference.compare($0, .greaterOrEqual, low), Reference.compare($0, .lessOrEqual, high))
                        }
                        let label = "\(type) \(layout) n=\(n) nulls=\(nulls)% [\(low), \(high)]"
                        #expect(try Predicates.between(c, low, high).booleans == expected, "\(label)")
                        #expect(try Predicates.between(c, low, high, negated: true).booleans == expected.map(ThreeValued.not), "\(label)")
                    }
                }
            }
        }
    }

    static let lists: [(DataType, [Value])] = [
        (.int64, [.int(1), .int(5), .float(2.0)]), (.int64, [.int(3), .null]), (.int32, []), (.int64, [.null]),
        (.string, [.string("a"), .string("é"), .string("missing")]), (.string, [.string(""), .null, .string("日本")]),
        (.decimal(precision: 10, scale: 2), [.int(5), .decimal(-1050, scale: 3), .decimal(1250, scale: 2)]),
    ]

    @Test("IN and NOT IN: TRUE on a match, else FALSE, or NULL when the list holds a NULL")
    func inList() throws {
        for (type, list) in Self.lists {
            let literals = list.filter { !$0.isNull }
            let listHasNull = literals.count != list.count
            for layout in Fixture.Layout.allCases {
                for n in Fixture.sizes {
                    for nulls in Fixture.nullPercents {
                        let c = Fixture.column(type, Fixture.values(type, count: n, nullPercent: nulls, seed: 23), layout)
                        let expected = c.values().map { x -> Bool? in
                            if x.isNull { return nil }
                            if literals.contains(where: { Reference.compare(x, .equal, $0) == true }) { return true }
                            return listHasNull ? nil : false
                        }
                        let label = "\(type) \(layout) n=\(n) nulls=\(nulls)% \(list)"
                        #expect(try Predicates.inList(c, list).booleans == expected, "\(label)")
                        #expect(try Predicates.inList(c, list, negated: true).booleans == expected.map(ThreeValued.not), "\(label)")
                    }
                }
            }
        }
    }

    @Test("IN with an incomparable value names both types")
    func inListError() {
        let plain = #expect(throws: SluiceError.self) { try Predicates.inList(Column.string(["a"]), [.string("a"), .int(1)]) }
        #expect(plain?.message == "cannot compare STRING with INT; cast one side (CAST(x AS INT))")
        let dictionary = Fixture.dictionaryColumn(.string, [.string("a")])
        let coded = #expect(throws: SluiceError.self) { try Predicates.inList(dictionary, [.float(1)]) }
        #expect(coded?.message == "cannot compare STRING with DOUBLE; cast one side (CAST(x AS DOUBLE))")
        let between = #expect(throws: SluiceError.self) { try Predicates.between(Column.int64([1]), .int(0), .string("9")) }
        #expect(between?.message == "cannot compare BIGINT with STRING; cast one side (CAST(x AS STRING))")
    }
}
