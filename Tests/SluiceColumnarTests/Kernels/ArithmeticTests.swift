import Testing
@testable import SluiceColumnar

@Suite("Arithmetic")
struct ArithmeticTests {
    typealias F = KernelFixtures

    static func reference(_ op: ArithmeticOperator, _ a: Value, _ b: Value) -> Value {
        guard case .int(let x) = a, case .int(let y) = b else { return .null }
        switch op {
        case .add: return .int(x + y)
        case .subtract: return .int(x - y)
        case .multiply: return .int(x * y)
        case .divide: return .int(x / y)
        case .modulo: return .int(x % y)
        }
    }

    @Test("integer + - * / % match a scalar reference", arguments: F.lengths)
    func integerOps(length: Int) throws {
        var g = F.Generator(seed: UInt64(length))
        let xs: [Value] = (0..<length).map { _ in .int(g.int(-1000...1000)) }
        let ys: [Value] = (0..<length).map { _ in
            let v = g.int(-50...50)
            return .int(v == 0 ? 3 : v)
        }
        for op in [ArithmeticOperator.add, .subtract, .multiply, .divide, .modulo] {
            try F.shapes { rate, sliced in
                let a = F.withNulls(xs, rate: rate, seed: 1)
                let b = F.withNulls(ys, rate: rate, seed: 2)
                for (lt, rt) in [(DataType.int64, DataType.int64), (.int32, .int32), (.int16, .int64), (.int32, .int16)] {
                    let result = try Arithmetic.evaluate(op, F.column(lt, a, sliced: sliced), F.column(rt, b, sliced: sliced))
                    #expect(result.type == (op == .modulo ? rt : Arithmetic.widerInteger(lt, rt)))
                    #expect(result.values() == zip(a, b).map { Self.reference(op, $0, $1) }, "\(op) \(lt) \(rt) \(rate)% sliced \(sliced)")
                }
            }
        }
    }

    @Test("integer overflow names the operation and operands for every width")
    func integerOverflow() {
        let cases: [(DataType, Int64, Int64)] = [(.int8, 127, -128), (.int16, 32767, -32768),
                                                 (.int32, 2_147_483_647, -2_147_483_648),
                                                 (.int64, Int64.max, Int64.min)]
        for (type, max, min) in cases {
            let big = try! ColumnBuilder.column(type, [.int(1), .int(max)])
            let small = try! ColumnBuilder.column(type, [.int(1), .int(min)])
            let one = try! ColumnBuilder.column(type, [.int(1), .int(1)])
            let two = try! ColumnBuilder.column(type, [.int(1), .int(2)])
            let suffix = "(\(type)); cast to DECIMAL(38, 0) or DOUBLE for larger values"
            let add = F.error { () throws(SluiceError) in try Arithmetic.evaluate(.add, big, one) }
            #expect(add == SluiceError(.execution, "integer overflow in \(max) + 1 \(suffix)"))
            let sub = F.error { () throws(SluiceError) in try Arithmetic.evaluate(.subtract, small, one) }
            #expect(sub == SluiceError(.execution, "integer overflow in \(min) - 1 \(suffix)"))
            let mul = F.error { () throws(SluiceError) in try Arithmetic.evaluate(.multiply, big, two) }
            #expect(mul == SluiceError(.execution, "integer overflow in \(max) * 2 \(suffix)"))
            let neg = F.error { () throws(SluiceError) in try Arithmetic.negate(small) }
            #expect(neg?.message == "integer overflow in -(\(min)) \(suffix) (row 1)")
            let minusOne = try! ColumnBuilder.column(type, [.int(1), .int(-1)])
            let div = F.error { () throws(SluiceError) in try Arithmetic.evaluate(.divide, small, minusOne) }
            #expect(div?.message == "integer overflow in \(min) / -1 \(suffix)")
            #expect(try! Arithmetic.evaluate(.modulo, small, minusOne).values() == [.int(0), .int(0)])
        }
    }

    @Test("the example message for BIGINT overflow")
    func bigintMessage() {
        let e = F.error { () throws(SluiceError) in try Arithmetic.evaluate(.add, .int64([Int64.max]), .int64([1])) }
        #expect(e?.description == "execution: integer overflow in 9223372036854775807 + 1 (BIGINT); cast to DECIMAL(38, 0) or DOUBLE for larger values")
    }

    @Test("overflow and division by zero under a NULL are ignored")
    func nullsHideErrors() throws {
        let a = Column.int64([Int64.max, 5, 7])
        let b = Column.int64([nil, 0, 2]).withValidity(Bitmap([false, false, true]))
        #expect(try Arithmetic.evaluate(.add, a, b).values() == [.null, .null, .int(9)])
        #expect(try Arithmetic.evaluate(.divide, a, b).values() == [.null, .null, .int(3)])
        #expect(try Arithmetic.negate(Column.int64([Int64.min, 4]).withValidity(Bitmap([false, true]))).values() == [.null, .int(-4)])
    }

    @Test("integer division by zero names the row; division truncates and % keeps the dividend's sign")
    func integerDivision() throws {
        let e = F.error { () throws(SluiceError) in try Arithmetic.evaluate(.divide, .int32([8, 7, 1]), .int32([2, 0, 0])) }
        #expect(e == SluiceError(.execution, "division by zero in 7 / 0 (INT) at row 1"))
        let m = F.error { () throws(SluiceError) in try Arithmetic.evaluate(.modulo, .int64([8, -7]), .int64([3, 0])) }
        #expect(m?.message == "division by zero in -7 % 0 (BIGINT) at row 1")
        #expect(try Arithmetic.evaluate(.divide, .int64([-7, 7, -7]), .int64([2, -2, -2])).values() == [.int(-3), .int(-3), .int(3)])
        #expect(try Arithmetic.evaluate(.modulo, .int64([-7, 7, -7]), .int64([2, -2, -2])).values() == [.int(-1), .int(1), .int(-1)])
    }

    @Test("doubles follow IEEE: x / 0 is ±Infinity or NaN, % is fmod", arguments: F.lengths)
    func doubles(length: Int) throws {
        var g = F.Generator(seed: 99)
        let xs: [Value] = (0..<length).map { _ in .float(Double(g.int(-10000...10000)) / 8) }
        let ys: [Value] = (0..<length).map { _ in .float(Double(g.int(-8...8)) / 4) }
        try F.shapes { rate, sliced in
            let a = F.withNulls(xs, rate: rate, seed: 3)
            let b = F.withNulls(ys, rate: rate, seed: 4)
            let ca = F.column(.float64, a, sliced: sliced)
            let cb = F.column(.float64, b, sliced: sliced)
            for (op, f) in [(ArithmeticOperator.add, { (x: Double, y: Double) in x + y }), (.subtract, { $0 - $1 }),
                            (.multiply, { $0 * $1 }), (.divide, { $0 / $1 }), (.modulo, { $0.truncatingRemainder(dividingBy: $1) })] {
                let got = try Arithmetic.evaluate(op, ca, cb).values()
                let want: [Value] = zip(a, b).map { x, y in
                    guard case .float(let p) = x, case .float(let q) = y else { return .null }
                    return .float(f(p, q))
                }
                for (g1, w) in zip(got, want) {
                    if case .float(let u) = g1, case .float(let v) = w, u.isNaN && v.isNaN { continue }
                    #expect(g1 == w)
                }
            }
        }
        let special = try Arithmetic.evaluate(.divide, .float64([1, -1, 0]), .float64([0, 0, 0])).values()
        #expect(special[0] == .float(.infinity) && special[1] == .float(-.infinity))
        if case .float(let nan) = special[2] { #expect(nan.isNaN) } else { Issue.record("expected NaN") }
    }

    @Test("int op double is DOUBLE and int op float is FLOAT")
    func mixedNumeric() throws {
        let r = try Arithmetic.evaluate(.add, .int32([1, 2]), .float64([0.5, 0.25]))
        #expect(r.type == .float64 && r.values() == [.float(1.5), .float(2.25)])
        #expect(try Arithmetic.resultType(.multiply, .float32, .int64) == .float32)
        #expect(try Arithmetic.resultType(.multiply, .float32, .float64) == .float64)
        #expect(try Arithmetic.resultType(.add, .decimal(precision: 10, scale: 2), .float32) == .float64)
    }

    @Test("negate keeps the type for every numeric kind")
    func negate() throws {
        #expect(try Arithmetic.negate(.int32([1, -2, nil])).values() == [.int(-1), .int(2), .null])
        #expect(try Arithmetic.negate(.float64([1.5])).values() == [.float(-1.5)])
        let d = try ColumnBuilder.column(.decimal(precision: 30, scale: 2), [.decimal(12345, scale: 2)])
        #expect(try Arithmetic.negate(d).values() == [.decimal(-12345, scale: 2)])
        let e = F.error { () throws(SluiceError) in try Arithmetic.negate(.string(["a"])) }
        #expect(e == SluiceError(.plan, "cannot negate a value of type STRING; unary minus needs a number or an interval"))
    }

    @Test("non-numeric operands are a plan error that says what is allowed")
    func typeErrors() {
        #expect(throws: SluiceError(.plan, "cannot apply + to STRING and INT; arithmetic needs two numbers, a date/time/timestamp "
            + "and an interval, or two intervals of the same kind")) {
            try Arithmetic.resultType(.add, .string, .int32)
        }
        #expect(throws: SluiceError.self) { try Arithmetic.resultType(.multiply, .timestamp(precision: 3), .intervalDayTime) }
    }
}
