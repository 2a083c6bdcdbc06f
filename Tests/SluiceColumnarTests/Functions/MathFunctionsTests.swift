import Testing
@testable import SluiceColumnar

@Suite("Math functions")
struct MathFunctionsTests {
    typealias F = KernelFixtures

    static func texts(_ c: Column) -> [String?] { (0..<c.count).map { c.isNull($0) ? nil : c.formatted(at: $0) } }

    static func decimals(_ type: DataType, _ texts: [String?]) -> Column {
        let (p, s) = type.decimalParameters!
        return try! ColumnBuilder.column(type, texts.map { t in t.map { .decimal(DecimalText.parse($0, precision: p, scale: s)!, scale: s) } ?? .null })
    }

    @Test("ABS matches a reference and reports the smallest integer", arguments: F.lengths)
    func abs(length: Int) throws {
        var g = F.Generator(seed: 5)
        let xs: [Value] = (0..<length).map { _ in .int(g.int(-1_000_000...1_000_000)) }
        try F.shapes { rate, sliced in
            let values = F.withNulls(xs, rate: rate)
            let want: [Value] = values.map { v in if case .int(let i) = v { return .int(Swift.abs(i)) } else { return .null } }
            for type in [DataType.int32, .int64] {
                let got = try MathFunctions.abs(F.column(type, values, sliced: sliced)).values()
                #expect(got == want)
            }
        }
        #expect(throws: SluiceError(.execution, "integer overflow in ABS(-128) (TINYINT) at row 1; cast to a wider type first")) {
            try MathFunctions.abs(try ColumnBuilder.column(.int8, [.int(-5), .int(-128)]))
        }
        #expect(try MathFunctions.abs(.float64([-1.5, nil])).values() == [.float(1.5), .null])
        #expect(Self.texts(try MathFunctions.abs(Self.decimals(.decimal(precision: 30, scale: 2), ["-1.25", "3.00"]))) == ["1.25", "3.00"])
    }

    @Test("MOD keeps the dividend's sign")
    func mod() throws {
        #expect(try MathFunctions.mod(.int64([-7, 7]), .int32([3, -3])).values() == [.int(-1), .int(1)])
    }

    @Test("ROUND on doubles is HALF_UP on the decimal value, as Java's BigDecimal")
    func roundDoubles() throws {
        let c = Column.float64([1.005, -2.5, 2.5, 1234.5, -1234.5, 0.125, nil])
        #expect(try MathFunctions.round(c, digits: 2).values() == [.float(1.01), .float(-2.5), .float(2.5), .float(1234.5), .float(-1234.5), .float(0.13), .null])
        #expect(try MathFunctions.round(c).values() == [.float(1), .float(-3), .float(3), .float(1235), .float(-1235), .float(0), .null])
        #expect(try MathFunctions.round(c, digits: -2).values() == [.float(0), .float(0), .float(0), .float(1200), .float(-1200), .float(0), .null])
        #expect(try MathFunctions.round(.float64([1450, 1449.9]), digits: -2).values() == [.float(1500), .float(1400)])
    }

    @Test("ROUND on decimals follows Flink's result type and rounds HALF_UP")
    func roundDecimals() throws {
        let t = DataType.decimal(precision: 10, scale: 4)
        let c = Self.decimals(t, ["1.2345", "-1.2345", "999999.9999", "-0.0050", nil])
        let r2 = try MathFunctions.round(c, digits: 2)
        #expect(r2.type == .decimal(precision: 9, scale: 2))
        #expect(Self.texts(r2) == ["1.23", "-1.23", "1000000.00", "-0.01", nil])
        let r0 = try MathFunctions.round(c)
        #expect(r0.type == .decimal(precision: 7, scale: 0))
        #expect(Self.texts(r0) == ["1", "-1", "1000000", "0", nil])
        let rn = try MathFunctions.round(c, digits: -3)
        #expect(rn.type == .decimal(precision: 7, scale: 0))
        #expect(Self.texts(rn) == ["0", "0", "1000000", "0", nil])
        #expect(try MathFunctions.round(c, digits: 6).type == t)
        #expect(try MathFunctions.roundResultType(.decimal(precision: 38, scale: 2), digits: -1) == .decimal(precision: 37, scale: 0))
        let nines = Self.decimals(.decimal(precision: 38, scale: 0), [String(repeating: "9", count: 38)])
        #expect(throws: SluiceError(.execution, "ROUND of \(String(repeating: "9", count: 38)) to -1 digits does not fit DECIMAL(38, 0) (row 0)")) {
            try MathFunctions.round(nines, digits: -1)
        }
        #expect(throws: SluiceError(.plan, "ABS expects a numeric argument, found DATE")) {
            try MathFunctions.abs(try Cast.cast(.string(["2024-01-01"]), to: .date))
        }
    }

    @Test("ROUND on integers to negative digits rounds HALF_UP and reports overflow")
    func roundIntegers() throws {
        #expect(try MathFunctions.round(.int64([1234, -1250, 1249, nil]), digits: -2).values() == [.int(1200), .int(-1300), .int(1200), .null])
        #expect(try MathFunctions.round(.int32([7]), digits: 1).values() == [.int(7)])
        let e = F.error { () throws(SluiceError) in try MathFunctions.round(try ColumnBuilder.column(.int8, [.int(127)]), digits: -1) }
        #expect(e == SluiceError(.execution, "cannot cast 130 to TINYINT (row 0): out of range; TINYINT holds -128 to 127"))
    }

    @Test("FLOOR and CEIL on doubles and decimals")
    func floorCeil() throws {
        let d = Column.float64([1.5, -1.5, 2, nil])
        #expect(try MathFunctions.floor(d).values() == [.float(1), .float(-2), .float(2), .null])
        #expect(try MathFunctions.ceil(d).values() == [.float(2), .float(-1), .float(2), .null])
        let c = Self.decimals(.decimal(precision: 5, scale: 2), ["1.50", "-1.50", "2.00", "999.99"])
        let f = try MathFunctions.floor(c)
        #expect(f.type == .decimal(precision: 4, scale: 0))
        #expect(Self.texts(f) == ["1", "-2", "2", "999"])
        #expect(Self.texts(try MathFunctions.ceil(c)) == ["2", "-1", "2", "1000"])
        #expect(try MathFunctions.floor(.int32([3])).values() == [.int(3)])
        #expect(throws: SluiceError(.plan, "ROUND, FLOOR and CEIL expect a numeric argument, found STRING")) { try MathFunctions.floor(.string(["1"])) }
    }
}
