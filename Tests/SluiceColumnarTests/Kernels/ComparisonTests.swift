import Testing
@testable import SluiceColumnar

/// One column type with the literals it is compared against.
struct ComparisonCase: CustomStringConvertible, Sendable {
    let type: DataType
    let literals: [Value]
    var description: String { type.description }
}

@Suite("Comparison")
struct ComparisonTests {
    static let cases: [ComparisonCase] = [
        ComparisonCase(type: .int8, literals: [.int(0), .int(-128), .int(127), .int(1000), .int(-1000), .float(2.5), .float(-2.5),
                                               .float(.nan), .float(.infinity), .decimal(250, scale: 2), .decimal(255, scale: 2)]),
        ComparisonCase(type: .int16, literals: [.int(7), .int(40_000), .float(7.0), .decimal(-35, scale: 1)]),
        ComparisonCase(type: .int32, literals: [.int(-3), .int(Int64(Int32.max) + 1), .float(-0.5), .decimal(10, scale: 0)]),
        ComparisonCase(type: .int64, literals: [.int(5), .int(Int64.min), .float(1e30), .float(-1e30), .decimal(Int128(1) << 100, scale: 0),
                                                .decimal(-7, scale: 38)]),
        ComparisonCase(type: .float32, literals: [.float(0.0), .float(-0.0), .float(.nan), .float(0.1), .float(2.5), .float(1e300),
                                                  .float(-.infinity), .int(3), .decimal(15, scale: 1)]),
        ComparisonCase(type: .float64, literals: [.float(0.0), .float(.nan), .float(.infinity), .float(0.1), .int(-2), .decimal(-25, scale: 1)]),
        ComparisonCase(type: .decimal(precision: 10, scale: 2),
                       literals: [.int(5), .int(-20), .decimal(500, scale: 2), .decimal(5001, scale: 3), .decimal(12345, scale: 4),
                                  .decimal(-3, scale: 0), .decimal(Int128(10).power(35), scale: 0), .float(1.25), .float(.nan)]),
        ComparisonCase(type: .decimal(precision: 30, scale: 4),
                       literals: [.int(5), .decimal(500, scale: 2), .decimal(-123_456, scale: 6), .decimal(7, scale: 0),
                                  .decimal(Int128(10).power(36), scale: 0), .float(-0.25)]),
        ComparisonCase(type: .decimal(precision: 38, scale: 38), literals: [.int(0), .int(1), .decimal(1, scale: 38)]),
        ComparisonCase(type: .boolean, literals: [.boolean(true), .boolean(false)]),
        ComparisonCase(type: .date, literals: [.date(19005), .date(0)]),
        ComparisonCase(type: .time(precision: 3), literals: [.time(5000)]),
        ComparisonCase(type: .timestamp(precision: 3), literals: [.timestamp(3_000_000)]),
        ComparisonCase(type: .timestampLTZ(precision: 6), literals: [.timestamp(7_000_000)]),
        ComparisonCase(type: .intervalDayTime, literals: [.intervalDayTime(0)]),
        ComparisonCase(type: .intervalYearMonth, literals: [.intervalYearMonth(2)]),
        ComparisonCase(type: .string, literals: [.string(""), .string("a"), .string("ab"), .string("é"), .string("日本"), .string("zzz"),
                                                 .string("z\u{0}z")]),
        ComparisonCase(type: .binary, literals: [.binary([]), .binary([0x61]), .binary(Array("ab".utf8) + [0xFF]), .binary([0xFF])]),
    ]

    @Test("column vs literal matches the scalar reference (sizes, nulls, slices, dictionaries, selections)",
          arguments: cases)
    func columnVersusLiteral(_ testCase: ComparisonCase) throws {
        for layout in Fixture.Layout.allCases where layout != .dictionary || testCase.type.isVariableWidth {
            for n in Fixture.sizes {
                for nulls in Fixture.nullPercents {
                    let column = Fixture.column(testCase.type, Fixture.values(testCase.type, count: n, nullPercent: nulls, seed: 1), layout)
                    let rows = column.values()
                    for literal in testCase.literals {
                        for op in ComparisonOperator.allCases {
                            try check(column, rows, op, literal, "\(testCase.type) \(layout) n=\(n) nulls=\(nulls)% \(op.rawValue) \(literal)")
                        }
                    }
                }
            }
        }
    }

    private func check(_ column: Column, _ rows: [Value], _ op: ComparisonOperator, _ literal: Value, _ label: String) throws {
        let expected = rows.map { Reference.compare($0, op, literal) }
        let result = try Comparison.compare(column, op, literal)
        #expect(result.type == .boolean)
        #expect(result.booleans == expected, "\(label)")
        let mask = try Comparison.bitmask(column, op, literal)
        #expect(mask.toArray() == expected.map { $0 == true }, "\(label)")
        let all = try Comparison.selection(column, op, literal)
        #expect(all.toArray() == expected.indices.filter { expected[$0] == true }, "\(label)")
        let within = Fixture.within(rows.count)
        let subset = try Comparison.selection(column, op, literal, within: within)
        #expect(subset.toArray() == within.toArray().filter { expected[$0] == true }, "\(label) within")
    }

    @Test("a NULL literal makes every row NULL and selects nothing")
    func nullLiteral() throws {
        let column = Column.int64([1, nil, 3])
        #expect(try Comparison.compare(column, .equal, .null).booleans == [nil, nil, nil])
        #expect(try Comparison.bitmask(column, .notEqual, .null).toArray() == [false, false, false])
        #expect(try Comparison.selection(column, .less, .null).count == 0)
    }

    @Test("floating point follows IEEE like Java's primitive operators")
    func floatingPointSemantics() throws {
        let column = Column.float64([.nan, -0.0, 0.0, 1.0, .infinity])
        #expect(try Comparison.compare(column, .equal, .float(.nan)).booleans == [false, false, false, false, false])
        #expect(try Comparison.compare(column, .notEqual, .float(.nan)).booleans == [true, true, true, true, true])
        #expect(try Comparison.compare(column, .equal, .float(0.0)).booleans == [false, true, true, false, false])
        #expect(try Comparison.compare(column, .greater, .float(1.0)).booleans == [false, false, false, false, true])
    }

    @Test("literals are rewritten into the column's representation exactly")
    func literalRewrites() throws {
        let ints = Column.int32([1, 2, 3])
        #expect(try Comparison.compare(ints, .less, .float(2.5)).booleans == [true, true, false])
        #expect(try Comparison.compare(ints, .equal, .decimal(200, scale: 2)).booleans == [false, true, false])
        #expect(try Comparison.compare(ints, .greaterOrEqual, .decimal(201, scale: 2)).booleans == [false, false, true])
        let prices = try ColumnBuilder.column(.decimal(precision: 10, scale: 2), [.decimal(499, scale: 2), .decimal(500, scale: 2)])
        #expect(try Comparison.compare(prices, .equal, .int(5)).booleans == [false, true])
        #expect(try Comparison.compare(prices, .less, .decimal(49_950, scale: 4)).booleans == [true, false])
        let bigints = Column.int64([Int64.max, Int64.min])
        #expect(try Comparison.compare(bigints, .less, .decimal(Int128(Int64.max) + 1, scale: 0)).booleans == [true, true])
        #expect(try Comparison.compare(bigints, .greater, .float(9.3e18)).booleans == [false, false])
        // A literal scale beyond 10^38 still rescales without overflow: -7e-40 lies in (-1, 0).
        guard case .compare(let op, let c) = LiteralRewrite.exact(-7, scale: 40, into: Int64.self, columnScale: 0, .less) else {
            Issue.record("expected a rewritten comparison"); return
        }
        #expect(op == .lessOrEqual && c == -1)
    }

    @Test("comparisons with literals of incomparable types name both types")
    func incomparableLiteral() {
        let strings = Column.string(["a"])
        let error = #expect(throws: SluiceError.self) { try Comparison.compare(strings, .equal, .int(5)) }
        #expect(error?.message == "cannot compare STRING with INT; cast one side (CAST(x AS INT))")
        #expect(error?.code == .invalidInput)
        let big = #expect(throws: SluiceError.self) { try Comparison.bitmask(Column.int64([1]), .less, .string("x")) }
        #expect(big?.message == "cannot compare BIGINT with STRING; cast one side (CAST(x AS STRING))")
        let date = #expect(throws: SluiceError.self) {
            try Comparison.selection(try ColumnBuilder.column(.date, [.date(1)]), .less, .timestamp(1))
        }
        #expect(date?.message == "cannot compare DATE with TIMESTAMP(6); cast one side (CAST(x AS TIMESTAMP(6)))")
        let bytes = #expect(throws: SluiceError.self) { try Comparison.compare(Column.string(["a"]), .equal, .binary([1])) }
        #expect(bytes?.message == "cannot compare STRING with BYTES; cast one side (CAST(x AS BYTES))")
    }

    @Test("ROW columns are not comparable")
    func rowColumns() throws {
        let type = DataType.row([Field("a", .int32)])
        let rows = try ColumnBuilder.column(type, [.row([.int(1)])])
        let error = #expect(throws: SluiceError.self) { try Comparison.compare(rows, .equal, .int(1)) }
        #expect(error?.code == .unsupported)
        #expect(error?.message == "cannot compare ROW<`a` INT> with INT; ROW values are not comparable, compare their fields one by one")
    }

    @Test("an input selection that points past the column is rejected")
    func selectionOutOfRange() {
        let error = #expect(throws: SluiceError.self) {
            try Comparison.selection(Column.int64([1, 2]), .equal, .int(1), within: SelectionVector([0, 5]))
        }
        #expect(error?.message == "selection vector of 2 rows refers to row 5 of a column of 2 rows")
    }
}

extension Int128 {
    func power(_ e: Int) -> Int128 { (0..<e).reduce(1) { acc, _ in acc * self } }
}
