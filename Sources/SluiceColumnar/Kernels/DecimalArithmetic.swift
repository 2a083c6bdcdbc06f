/// Decimal + - * / % with Flink's result precision and scale, HALF_UP rounding and checked overflow.
///
/// Operands are read as Int128 whatever their storage (Int64 up to precision 18). When Flink's rules
/// did not have to shrink the result scale, + - * run in plain Int128 (the bounds of the operands prove
/// the intermediates fit); otherwise, and for / and %, the row goes through `WideDecimal` (256 bits), so
/// an intermediate beyond Int128 is computed exactly instead of wrapping. Each row yields a status
/// (0 ok, 1 result does not fit, 2 division by zero) that is OR-ed into a flag; errors are raised after
/// the loop, naming the first offending valid row.
enum DecimalArithmetic {
    struct Spec {
        let op: ArithmeticOperator
        let s1: Int, s2: Int
        /// Result precision and scale.
        let p: Int, s: Int
        /// Plain Int128 arithmetic is exact for this operation (see the type's doc comment).
        let fast: Bool
        let f1: Int128, f2: Int128
        let limit: Int128

        init(_ op: ArithmeticOperator, _ p1: Int, _ s1: Int, _ p2: Int, _ s2: Int, _ p: Int, _ s: Int) {
            self.op = op
            self.s1 = s1
            self.s2 = s2
            self.p = p
            self.s = s
            let aligned = max(s1, s2)
            switch op {
            case .add, .subtract: fast = s == aligned && max(p1 - s1, p2 - s2) + aligned + 1 <= DataType.maxDecimalPrecision
            case .multiply: fast = s == s1 + s2 && p1 + p2 <= DataType.maxDecimalPrecision
            case .divide, .modulo: fast = false
            }
            f1 = DecimalFormat.powersOfTen[max(0, aligned - s1)]
            f2 = DecimalFormat.powersOfTen[max(0, aligned - s2)]
            limit = DecimalFormat.powersOfTen[p]
        }

        @inline(__always)
        func apply(_ x: Int128, _ y: Int128) -> (Int128, UInt8) {
            if fast {
                let r: Int128
                switch op {
                case .add: r = x &* f1 &+ y &* f2
                case .subtract: r = x &* f1 &- y &* f2
                default: r = x &* y
                }
                return (r, flagBit(r.magnitude >= limit.magnitude))
            }
            return wide(x, y)
        }

        func wide(_ x: Int128, _ y: Int128) -> (Int128, UInt8) {
            let a = WideDecimal(x)
            var b = WideDecimal(y)
            let result: WideDecimal?
            switch op {
            case .add, .subtract:
                if op == .subtract { b.negative.toggle() }
                let aligned = max(s1, s2)
                guard let am = a.magnitude.scaledUp(by: aligned - s1), let bm = b.magnitude.scaledUp(by: aligned - s2),
                      let sum = WideDecimal.sum(WideDecimal(negative: a.negative, magnitude: am),
                                                WideDecimal(negative: b.negative, magnitude: bm)),
                      let m = sum.magnitude.scaledDownRoundingHalfUp(by: aligned - s)
                else { return (0, 1) }
                result = WideDecimal(negative: sum.negative, magnitude: m)
            case .multiply:
                let product = WideMagnitude.product(a.magnitude.low, b.magnitude.low)
                result = product.scaledDownRoundingHalfUp(by: s1 + s2 - s)
                    .map { WideDecimal(negative: a.negative != b.negative, magnitude: $0) }
            case .divide:
                if y == 0 { return (0, 2) }
                // Result scale s: x·10^(s - s1 + s2) / y; Flink's rules keep that exponent ≥ 0.
                result = a.magnitude.scaledUp(by: s - s1 + s2)
                    .flatMap { $0.dividedRoundingHalfUp(by: b.magnitude.low) }
                    .map { WideDecimal(negative: a.negative != b.negative, magnitude: $0) }
            case .modulo:
                if y == 0 { return (0, 2) }
                guard let am = a.magnitude.scaledUp(by: s - s1) else { return (0, 1) }
                // A divisor past 128 bits exceeds every 38-digit dividend: the remainder is the dividend.
                let rest = b.magnitude.scaledUp(by: s - s2)?.narrow.map { am.divided(by: $0).remainder } ?? am.low
                result = WideDecimal(negative: a.negative, magnitude: WideMagnitude(low: rest))
            }
            guard let r = result?.fitting(precision: p) else { return (0, 1) }
            return (r, 0)
        }
    }

    static func evaluate(_ op: ArithmeticOperator, _ lhs: Column, _ rhs: Column,
                         resultType: DataType) throws(SluiceError) -> Column {
        let (p1, s1) = Arithmetic.decimalView(lhs.type)
        let (p2, s2) = Arithmetic.decimalView(rhs.type)
        let a = try Cast.cast(lhs, to: .decimal(precision: p1, scale: s1))
        let b = try Cast.cast(rhs, to: .decimal(precision: p2, scale: s2))
        guard let (p, s) = resultType.decimalParameters else { throw .internalError("decimal result type \(resultType)") }
        let spec = Spec(op, p1, s1, p2, s2, p, s)
        let validity = NullPropagation.intersect([a, b])
        let wide = { (q: Int) in q > DataType.maxInt64DecimalPrecision }
        let (result, flags): (Column, UInt8)
        switch (wide(p1), wide(p2), wide(p)) {
        case (false, false, false): (result, flags) = run(spec, a, b, resultType, validity, Int64.self, Int64.self, Int64.self)
        case (false, false, true): (result, flags) = run(spec, a, b, resultType, validity, Int64.self, Int64.self, Int128.self)
        case (false, true, false): (result, flags) = run(spec, a, b, resultType, validity, Int64.self, Int128.self, Int64.self)
        case (false, true, true): (result, flags) = run(spec, a, b, resultType, validity, Int64.self, Int128.self, Int128.self)
        case (true, false, false): (result, flags) = run(spec, a, b, resultType, validity, Int128.self, Int64.self, Int64.self)
        case (true, false, true): (result, flags) = run(spec, a, b, resultType, validity, Int128.self, Int64.self, Int128.self)
        case (true, true, false): (result, flags) = run(spec, a, b, resultType, validity, Int128.self, Int128.self, Int64.self)
        case (true, true, true): (result, flags) = run(spec, a, b, resultType, validity, Int128.self, Int128.self, Int128.self)
        }
        if flags != 0 { try report(spec, a, b, validity, resultType) }
        return result
    }

    static func run<A: FixedWidthInteger & SignedInteger, B: FixedWidthInteger & SignedInteger,
                    O: FixedWidthInteger & SignedInteger>(
        _ spec: Spec, _ a: Column, _ b: Column, _ type: DataType, _ validity: Bitmap?, _: A.Type, _: B.Type, _: O.Type
    ) -> (Column, UInt8) {
        var flags: UInt8 = 0
        let column = a.withValues(A.self) { x in
            b.withValues(B.self) { y in
                KernelOutput.fixed(type, count: a.count, validity: validity) { (out: UnsafeMutableBufferPointer<O>) in
                    flags = loop(spec, x, y, out)
                }
            }
        }
        return (column, flags)
    }

    @inline(never)
    static func loop<A: FixedWidthInteger & SignedInteger, B: FixedWidthInteger & SignedInteger,
                     O: FixedWidthInteger & SignedInteger>(
        _ spec: Spec, _ x: UnsafeBufferPointer<A>, _ y: UnsafeBufferPointer<B>, _ out: UnsafeMutableBufferPointer<O>
    ) -> UInt8 {
        var flags: UInt8 = 0
        for i in 0..<out.count {
            let (r, status) = spec.apply(Int128(truncatingIfNeeded: x[i]), Int128(truncatingIfNeeded: y[i]))
            out[i] = O(truncatingIfNeeded: r)
            flags |= status
        }
        return flags
    }

    /// The slow path after a flagged loop: finds the first valid row with a bad status and throws.
    static func report(_ spec: Spec, _ a: Column, _ b: Column, _ validity: Bitmap?, _ type: DataType) throws(SluiceError) {
        let xs = unscaled(a)
        let ys = unscaled(b)
        guard let row = NullPropagation.firstBadRow(count: a.count, validity: validity, { spec.apply(xs[$0], ys[$0]).1 != 0 })
        else { return }
        let x = DecimalFormat.string(unscaled: xs[row], scale: spec.s1)
        let y = DecimalFormat.string(unscaled: ys[row], scale: spec.s2)
        if spec.apply(xs[row], ys[row]).1 == 2 {
            throw .execution("division by zero in \(x) \(spec.op.rawValue) \(y) at row \(row)")
        }
        throw .execution("decimal overflow in \(x) \(spec.op.rawValue) \(y) at row \(row): the result does not fit \(type); "
            + "cast the operands to DOUBLE for larger values")
    }

    static func unscaled(_ c: Column) -> [Int128] {
        if c.type.fixedWidth == 8 { return c.withValues(Int64.self) { $0.map { Int128($0) } } }
        return c.withValues(Int128.self) { Array($0) }
    }
}
