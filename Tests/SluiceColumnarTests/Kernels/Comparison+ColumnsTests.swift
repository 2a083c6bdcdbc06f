import Testing
@testable import SluiceColumnar

struct TypePair: CustomStringConvertible, Sendable {
    let lhs: DataType
    let rhs: DataType
    var lhsLayout: Fixture.Layout = .sliced
    var rhsLayout: Fixture.Layout = .plain
    var description: String { "\(lhs) \(lhsLayout) vs \(rhs) \(rhsLayout)" }
}

@Suite("Comparison of two columns")
struct ComparisonColumnsTests {
    static let pairs: [TypePair] = [
        TypePair(lhs: .int8, rhs: .int8), TypePair(lhs: .int32, rhs: .int32), TypePair(lhs: .int64, rhs: .int64),
        TypePair(lhs: .float32, rhs: .float32), TypePair(lhs: .float64, rhs: .float64),
        TypePair(lhs: .decimal(precision: 10, scale: 2), rhs: .decimal(precision: 10, scale: 2)),
        TypePair(lhs: .decimal(precision: 30, scale: 4), rhs: .decimal(precision: 30, scale: 4)),
        TypePair(lhs: .boolean, rhs: .boolean), TypePair(lhs: .date, rhs: .date), TypePair(lhs: .time(precision: 0), rhs: .time(precision: 3)),
        TypePair(lhs: .timestamp(precision: 3), rhs: .timestamp(precision: 6)), TypePair(lhs: .intervalDayTime, rhs: .intervalDayTime),
        TypePair(lhs: .intervalYearMonth, rhs: .intervalYearMonth),
        TypePair(lhs: .string, rhs: .string), TypePair(lhs: .binary, rhs: .binary),
        TypePair(lhs: .string, rhs: .string, lhsLayout: .dictionary, rhsLayout: .plain),
        TypePair(lhs: .string, rhs: .string, lhsLayout: .dictionary, rhsLayout: .dictionary),
        // Mixed numeric types: coerced to a common type.
        TypePair(lhs: .int8, rhs: .int64), TypePair(lhs: .int16, rhs: .int32), TypePair(lhs: .int32, rhs: .float64),
        TypePair(lhs: .float32, rhs: .float64), TypePair(lhs: .float64, rhs: .int8),
        TypePair(lhs: .int64, rhs: .decimal(precision: 10, scale: 2)),
        TypePair(lhs: .decimal(precision: 10, scale: 2), rhs: .decimal(precision: 30, scale: 5)),
        TypePair(lhs: .decimal(precision: 30, scale: 5), rhs: .decimal(precision: 12, scale: 2)),
        TypePair(lhs: .decimal(precision: 12, scale: 2), rhs: .decimal(precision: 18, scale: 2)),
        TypePair(lhs: .decimal(precision: 12, scale: 2), rhs: .decimal(precision: 28, scale: 2)),
        TypePair(lhs: .int64, rhs: .decimal(precision: 38, scale: 20)),
        TypePair(lhs: .decimal(precision: 38, scale: 25), rhs: .decimal(precision: 18, scale: 0)),
        TypePair(lhs: .decimal(precision: 30, scale: 4), rhs: .float64),
    ]

    @Test("column vs column matches the scalar reference", arguments: pairs)
    func columnVersusColumn(_ pair: TypePair) throws {
        for n in Fixture.sizes {
            for nulls in Fixture.nullPercents {
                let lhs = Fixture.column(pair.lhs, Fixture.values(pair.lhs, count: n, nullPercent: nulls, seed: 3), pair.lhsLayout)
                let rhs = Fixture.column(pair.rhs, Fixture.values(pair.rhs, count: n, nullPercent: nulls / 2, seed: 4), pair.rhsLayout)
                let (a, b) = (lhs.values(), rhs.values())
                for op in ComparisonOperator.allCases {
                    let expected = zip(a, b).map { Reference.compare($0, op, $1) }
                    let result = try Comparison.compare(lhs, op, rhs)
                    #expect(result.booleans == expected, "\(pair) n=\(n) nulls=\(nulls)% \(op.rawValue)")
                }
            }
        }
    }

    @Test("equal values compare equal across decimal scales beyond Int128 multiplication")
    func splitDecimalKeys() throws {
        let small = try ColumnBuilder.column(.decimal(precision: 18, scale: 0), [.decimal(3, scale: 0), .decimal(-1, scale: 0)])
        let wide = try ColumnBuilder.column(.decimal(precision: 38, scale: 25),
                                            [.decimal(3 * Int128(10).power(25), scale: 25), .decimal(-Int128(10).power(25) + 1, scale: 25)])
        #expect(try Comparison.compare(small, .equal, wide).booleans == [true, false])
        #expect(try Comparison.compare(small, .less, wide).booleans == [false, true])
        #expect(try Comparison.compare(wide, .greater, small).booleans == [false, true])
    }

    @Test("two columns sharing one dictionary compare codes, also when sliced")
    func sharedDictionary() throws {
        let dictionary = DictionaryValues(["x", "y", "z"])
        func column(_ codes: [Int32], _ valid: [Bool]? = nil) -> Column {
            Column(type: .string, count: codes.count, storage: .dictionary(codes: Buffer(codes), dictionary: dictionary),
                   validity: valid.map(Bitmap.init))
        }
        let a = column([0, 1, 2, 0, 1])
        let b = column([9, 0, 2, 2, 2, 1], [false, true, true, true, true, true]).slice(1, 5)
        // a = x y z x y, b = x z z z y
        #expect(try Comparison.compare(a, .equal, b).booleans == [true, false, true, false, true])
        #expect(try Comparison.compare(a, .notEqual, b).booleans == [false, true, false, true, false])
        #expect(try Comparison.compare(a, .less, b).booleans == [false, true, false, true, false])
        let withNull = column([0, 5], [true, false])
        #expect(try Comparison.compare(withNull, .equal, column([0, 0])).booleans == [true, nil])
    }

    @Test("incomparable column types name both types")
    func incomparableColumns() {
        let error = #expect(throws: SluiceError.self) { try Comparison.compare(Column.string(["a"]), .equal, Column.int32([1])) }
        #expect(error?.message == "cannot compare STRING with INT; cast one side (CAST(x AS INT))")
        let ltz = #expect(throws: SluiceError.self) {
            try Comparison.compare(try ColumnBuilder.column(.timestamp(precision: 3), [.timestamp(1)]), .less,
                                   try ColumnBuilder.column(.timestampLTZ(precision: 3), [.timestamp(1)]))
        }
        #expect(ltz?.message == "cannot compare TIMESTAMP(3) with TIMESTAMP_LTZ(3); cast one side (CAST(x AS TIMESTAMP_LTZ(3)))")
    }

    @Test("columns of different lengths are rejected")
    func lengthMismatch() {
        let error = #expect(throws: SluiceError.self) { try Comparison.compare(Column.int64([1, 2]), .equal, Column.int64([1, 2, 3])) }
        #expect(error?.message == "comparison needs columns of equal length, got 2 and 3 rows")
    }
}
