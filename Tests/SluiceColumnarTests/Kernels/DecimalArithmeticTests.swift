import Testing
@testable import SluiceColumnar

@Suite("Decimal arithmetic")
struct DecimalArithmeticTests {
    typealias F = KernelFixtures

    static func dec(_ p: Int, _ s: Int) -> DataType { .decimal(precision: p, scale: s) }

    static func column(_ type: DataType, _ texts: [String?]) -> Column {
        let (p, s) = type.decimalParameters!
        return try! ColumnBuilder.column(type, texts.map { t in
            t.map { .decimal(DecimalText.parse($0, precision: p, scale: s)!, scale: s) } ?? .null
        })
    }

    static func texts(_ c: Column) -> [String?] { (0..<c.count).map { c.isNull($0) ? nil : c.formatted(at: $0) } }

    @Test("result types follow Flink's LogicalTypeMerging, including the adjustment past 38 digits")
    func resultTypes() throws {
        let cases: [(ArithmeticOperator, DataType, DataType, DataType)] = [
            (.add, Self.dec(10, 2), Self.dec(5, 3), Self.dec(12, 3)),
            (.subtract, Self.dec(38, 10), Self.dec(38, 10), Self.dec(38, 9)),
            (.multiply, Self.dec(10, 2), Self.dec(5, 3), Self.dec(16, 5)),
            (.multiply, Self.dec(38, 10), Self.dec(38, 10), Self.dec(38, 6)),
            (.multiply, Self.dec(38, 0), Self.dec(10, 0), Self.dec(38, 0)),
            (.multiply, Self.dec(20, 2), Self.dec(20, 2), Self.dec(38, 4)),
            (.divide, Self.dec(10, 2), Self.dec(5, 3), Self.dec(19, 8)),
            (.divide, Self.dec(10, 0), Self.dec(10, 0), Self.dec(21, 11)),
            (.divide, Self.dec(38, 10), Self.dec(38, 10), Self.dec(38, 6)),
            (.divide, Self.dec(38, 0), Self.dec(38, 38), Self.dec(38, 6)),
            (.modulo, Self.dec(10, 2), Self.dec(5, 3), Self.dec(5, 3)),
            (.add, .int32, Self.dec(5, 2), Self.dec(13, 2)),
            (.multiply, .int64, Self.dec(10, 2), Self.dec(30, 2)),
            (.divide, .int8, Self.dec(3, 1), Self.dec(10, 6)),
            (.add, Self.dec(10, 2), .float64, .float64),
        ]
        for (op, l, r, want) in cases {
            #expect(try Arithmetic.resultType(op, l, r) == want, "\(l) \(op.rawValue) \(r)")
        }
    }

    /// An independent scalar reference for small operands, in plain Int128 arithmetic.
    static func reference(_ op: ArithmeticOperator, _ x: Int128, _ s1: Int, _ y: Int128, _ s2: Int, _ s: Int) -> Int128 {
        func pow(_ k: Int) -> Int128 { (0..<k).reduce(1) { r, _ in r * 10 } }
        func roundDiv(_ n: Int128, _ d: Int128) -> Int128 {
            let q = n / d, r = n % d
            return 2 * abs(r) >= abs(d) ? q + ((n < 0) != (d < 0) ? -1 : 1) : q
        }
        switch op {
        case .add: return x * pow(s - s1) + y * pow(s - s2)
        case .subtract: return x * pow(s - s1) - y * pow(s - s2)
        case .multiply: return roundDiv(x * y, pow(s1 + s2 - s))
        case .divide: return roundDiv(x * pow(s - s1 + s2), y)
        case .modulo: return (x * pow(s - s1)) % (y * pow(s - s2))
        }
    }

    @Test("+ - * / % match a scalar reference over Int64 and Int128 storage", arguments: F.lengths)
    func matchesReference(length: Int) throws {
        var g = F.Generator(seed: UInt64(length) + 11)
        let xs: [Int128] = (0..<length).map { _ in Int128(g.int(-999_999...999_999)) }
        let ys: [Int128] = (0..<length).map { _ in let v = g.int(-9_999...9_999); return Int128(v == 0 ? 7 : v) }
        for (lt, rt) in [(Self.dec(10, 2), Self.dec(6, 3)), (Self.dec(30, 4), Self.dec(7, 1)), (Self.dec(12, 0), Self.dec(25, 2))] {
            let (_, s1) = lt.decimalParameters!
            let (_, s2) = rt.decimalParameters!
            for op in [ArithmeticOperator.add, .subtract, .multiply, .divide, .modulo] {
                let type = try Arithmetic.resultType(op, lt, rt)
                let s = type.decimalParameters!.scale
                try F.shapes { rate, sliced in
                    let a = F.withNulls(xs.map { .decimal($0, scale: s1) }, rate: rate, seed: 5)
                    let b = F.withNulls(ys.map { .decimal($0, scale: s2) }, rate: rate, seed: 6)
                    let got = try Arithmetic.evaluate(op, F.column(lt, a, sliced: sliced), F.column(rt, b, sliced: sliced))
                    #expect(got.type == type)
                    let want: [Value] = zip(a, b).map { p, q in
                        guard case .decimal(let x, _) = p, case .decimal(let y, _) = q else { return .null }
                        return .decimal(Self.reference(op, x, s1, y, s2, s), scale: s)
                    }
                    #expect(got.values() == want, "\(lt) \(op.rawValue) \(rt) \(rate)% sliced \(sliced)")
                }
            }
        }
    }

    @Test("DECIMAL(38, 10) * DECIMAL(38, 10) is exact past Int128 and rounds HALF_UP to scale 6")
    func wideMultiply() throws {
        let t = Self.dec(38, 10)
        let a = Self.column(t, ["12345678901234567890.1234567890", "0.0000005000", "-0.0000005000", "0.0000004999", nil])
        let b = Self.column(t, ["2.0000000000", "1.0000000000", "1.0000000000", "1.0000000000", "1"])
        let r = try Arithmetic.evaluate(.multiply, a, b)
        #expect(r.type == Self.dec(38, 6))
        #expect(Self.texts(r) == ["24691357802469135780.246914", "0.000001", "-0.000001", "0.000000", nil])
    }

    @Test("a result that does not fit its precision is an error naming the operands and the row")
    func overflow() {
        let big = Self.column(Self.dec(38, 10), ["1", "1000000000000000000000000000"])
        let e = F.error { () throws(SluiceError) in try Arithmetic.evaluate(.multiply, big, big) }
        #expect(e == SluiceError(.execution, "decimal overflow in 1000000000000000000000000000.0000000000 * "
            + "1000000000000000000000000000.0000000000 at row 1: the result does not fit DECIMAL(38, 6); cast the operands to DOUBLE for larger values"))
        let max = Self.column(Self.dec(38, 0), ["99999999999999999999999999999999999999"])
        let one = Self.column(Self.dec(38, 0), ["1"])
        let add = F.error { () throws(SluiceError) in try Arithmetic.evaluate(.add, max, one) }
        #expect(add?.message == "decimal overflow in 99999999999999999999999999999999999999 + 1 at row 0: the result does not fit "
            + "DECIMAL(38, 0); cast the operands to DOUBLE for larger values")
        let negative = Self.column(Self.dec(38, 0), ["-99999999999999999999999999999999999999"])
        #expect(F.error { () throws(SluiceError) in try Arithmetic.evaluate(.subtract, negative, one) } != nil)
        #expect(Self.texts(try! Arithmetic.evaluate(.add, negative, one)) == ["-99999999999999999999999999999999999998"])
    }

    @Test("division rounds HALF_UP, keeps signs and reports division by zero with the row")
    func division() throws {
        let t = Self.dec(10, 0)
        let r = try Arithmetic.evaluate(.divide, Self.column(t, ["1", "2", "-2", "7", nil]), Self.column(t, ["3", "3", "3", "-2", "0"]))
        #expect(Self.texts(r) == ["0.33333333333", "0.66666666667", "-0.66666666667", "-3.50000000000", nil])
        let e = F.error { () throws(SluiceError) in
            try Arithmetic.evaluate(.divide, Self.column(Self.dec(5, 2), ["1.50", "2.00"]), Self.column(Self.dec(5, 2), ["1.00", "0.00"]))
        }
        #expect(e == SluiceError(.execution, "division by zero in 2.00 / 0.00 at row 1"))
        let m = F.error { () throws(SluiceError) in
            try Arithmetic.evaluate(.modulo, Self.column(Self.dec(5, 2), ["1.50"]), Self.column(Self.dec(5, 2), ["0"]))
        }
        #expect(m?.message == "division by zero in 1.50 % 0.00 at row 0")
        let wide = try Arithmetic.evaluate(.divide, Self.column(Self.dec(38, 0), ["1", "-10"]), Self.column(Self.dec(38, 38), ["0.5", "0.3"]))
        #expect(Self.texts(wide) == ["2.000000", "-33.333333"])
    }

    @Test("% has the sign of the dividend and works across scales")
    func modulo() throws {
        let r = try Arithmetic.evaluate(.modulo, Self.column(Self.dec(6, 2), ["7.50", "-7.50", "7.50"]), Self.column(Self.dec(4, 1), ["2.0", "2.0", "-2.0"]))
        #expect(Self.texts(r) == ["1.50", "-1.50", "1.50"])
        let huge = try Arithmetic.evaluate(.modulo, Self.column(Self.dec(38, 38), ["0.12345"]), Self.column(Self.dec(38, 0), ["3"]))
        #expect(Self.texts(huge) == ["0.12345000000000000000000000000000000000"])
    }

    @Test("integers mix with decimals as DECIMAL(p, 0)")
    func integerOperands() throws {
        let r = try Arithmetic.evaluate(.add, .int32([1, nil, -3]), Self.column(Self.dec(5, 2), ["1.25", "1", "0.01"]))
        #expect(r.type == Self.dec(13, 2))
        #expect(Self.texts(r) == ["2.25", nil, "-2.99"])
        let m = try Arithmetic.evaluate(.multiply, Self.column(Self.dec(5, 2), ["1.25"]), .int64([Int64.max]))
        #expect(Self.texts(m) == ["11529215046068469758.75"])
    }

    @Test("adding across Int64 and Int128 storage keeps every digit")
    func storageWidths() throws {
        let r = try Arithmetic.evaluate(.add, Self.column(Self.dec(18, 0), ["999999999999999999"]), Self.column(Self.dec(18, 0), ["999999999999999999"]))
        #expect(r.type == Self.dec(19, 0))
        #expect(Self.texts(r) == ["1999999999999999998"])
        #expect(try Arithmetic.resultType(.add, Self.dec(38, 0), Self.dec(6, 6)) == Self.dec(38, 6))
        let e = F.error { () throws(SluiceError) in
            try Arithmetic.evaluate(.add, Self.column(Self.dec(38, 0), ["12345678901234567890123456789012345678"]), Self.column(Self.dec(6, 6), ["0.5"]))
        }
        #expect(e?.message == "decimal overflow in 12345678901234567890123456789012345678 + 0.500000 at row 0: the result does not fit "
            + "DECIMAL(38, 6); cast the operands to DOUBLE for larger values")
        let small = try Arithmetic.evaluate(.add, Self.column(Self.dec(38, 0), ["123"]), Self.column(Self.dec(6, 6), ["0.5"]))
        #expect(Self.texts(small) == ["123.500000"])
    }
}
