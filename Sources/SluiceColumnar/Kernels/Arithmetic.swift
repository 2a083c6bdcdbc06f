/// Binary arithmetic and negation over whole columns, with Flink's result types and checked overflow.
///
/// Strategy: decide the result type once (`resultType`), bring both operands to the computation type
/// with a cast, then run one tight loop per operator over raw pointers. Overflow and division by zero
/// are accumulated into a flag without branching; only when the flag is set does a slow scan find the
/// first offending valid row and name it in the error. Values under nulls are computed through and
/// ignored by that scan. NULL in → NULL out.
public enum Arithmetic {
    public static func evaluate(_ op: ArithmeticOperator, _ lhs: Column, _ rhs: Column) throws(SluiceError) -> Column {
        guard lhs.count == rhs.count else {
            throw .internalError("arithmetic \(op.rawValue) on columns of \(lhs.count) and \(rhs.count) rows")
        }
        let type = try resultType(op, lhs.type, rhs.type)
        if lhs.type.isNumeric && rhs.type.isNumeric {
            if lhs.type.isInteger && rhs.type.isInteger {
                let wide = widerInteger(lhs.type, rhs.type)
                let result = try integer(op, try Cast.cast(lhs, to: wide), try Cast.cast(rhs, to: wide))
                return type == wide ? result : try Cast.cast(result, to: type)
            }
            if type.isFloatingPoint {
                return try floating(op, try Cast.cast(lhs, to: type), try Cast.cast(rhs, to: type))
            }
            return try DecimalArithmetic.evaluate(op, lhs, rhs, resultType: type)
        }
        return try TemporalArithmetic.evaluate(op, lhs, rhs, resultType: type)
    }

    /// Unary minus; negating the smallest integer of a type is an overflow error.
    public static func negate(_ c: Column) throws(SluiceError) -> Column {
        switch c.type {
        case .int8: return try negateInteger(c, Int8.self)
        case .int16: return try negateInteger(c, Int16.self)
        case .int32, .intervalYearMonth: return try negateInteger(c, Int32.self)
        case .int64, .intervalDayTime: return try negateInteger(c, Int64.self)
        case .float32: return c.withValues(Float.self) { v in mapFixed(c, v) { -$0 } }
        case .float64: return c.withValues(Double.self) { v in mapFixed(c, v) { -$0 } }
        case .decimal(let p, _) where p <= DataType.maxInt64DecimalPrecision:
            return c.withValues(Int64.self) { v in mapFixed(c, v) { 0 &- $0 } }
        case .decimal:
            return c.withValues(Int128.self) { v in mapFixed(c, v) { 0 &- $0 } }
        default:
            throw SluiceError(.plan, "cannot negate a value of type \(c.type); unary minus needs a number or an interval")
        }
    }

    // MARK: - Integers

    static func integer(_ op: ArithmeticOperator, _ a: Column, _ b: Column) throws(SluiceError) -> Column {
        switch a.type {
        case .int8: return try integer(op, a, b, Int8.self)
        case .int16: return try integer(op, a, b, Int16.self)
        case .int32, .intervalYearMonth: return try integer(op, a, b, Int32.self)
        default: return try integer(op, a, b, Int64.self)
        }
    }

    static func integer<T: FixedWidthInteger & SignedInteger>(
        _ op: ArithmeticOperator, _ a: Column, _ b: Column, _: T.Type
    ) throws(SluiceError) -> Column {
        let validity = NullPropagation.intersect([a, b])
        var flag = false
        let result = a.withValues(T.self) { x in
            b.withValues(T.self) { y in
                KernelOutput.fixed(a.type, count: a.count, validity: validity) { (out: UnsafeMutableBufferPointer<T>) in
                    flag = integerLoop(op, x, y, out)
                }
            }
        }
        guard flag else { return result }
        let xs = a.withValues(T.self) { Array($0) }
        let ys = b.withValues(T.self) { Array($0) }
        let zeroRow = NullPropagation.firstBadRow(count: a.count, validity: validity) { r in
            (op == .divide || op == .modulo) && ys[r] == 0
        }
        let overflowRow = NullPropagation.firstBadRow(count: a.count, validity: validity) { r in
            switch op {
            case .add: return xs[r].addingReportingOverflow(ys[r]).overflow
            case .subtract: return xs[r].subtractingReportingOverflow(ys[r]).overflow
            case .multiply: return xs[r].multipliedReportingOverflow(by: ys[r]).overflow
            case .divide: return ys[r] != 0 && xs[r].dividedReportingOverflow(by: ys[r]).overflow
            case .modulo: return false
            }
        }
        if let row = zeroRow, row <= (overflowRow ?? row) {
            throw .execution("division by zero in \(xs[row]) \(op.rawValue) \(ys[row]) (\(a.type)) at row \(row)")
        }
        if let row = overflowRow {
            throw .execution("integer overflow in \(xs[row]) \(op.rawValue) \(ys[row]) (\(a.type)); "
                + "cast to DECIMAL(38, 0) or DOUBLE for larger values")
        }
        return result
    }

    /// Returns true when any row overflowed or divided by zero (valid or not; the caller rescans).
    @inline(never)
    static func integerLoop<T: FixedWidthInteger & SignedInteger>(
        _ op: ArithmeticOperator, _ x: UnsafeBufferPointer<T>, _ y: UnsafeBufferPointer<T>,
        _ out: UnsafeMutableBufferPointer<T>
    ) -> Bool {
        var flags: UInt8 = 0
        switch op {
        case .add:
            for i in 0..<out.count { let (r, o) = x[i].addingReportingOverflow(y[i]); out[i] = r; flags |= flagBit(o) }
        case .subtract:
            for i in 0..<out.count { let (r, o) = x[i].subtractingReportingOverflow(y[i]); out[i] = r; flags |= flagBit(o) }
        case .multiply:
            for i in 0..<out.count { let (r, o) = x[i].multipliedReportingOverflow(by: y[i]); out[i] = r; flags |= flagBit(o) }
        case .divide:
            // dividedReportingOverflow never traps: it reports a zero divisor and MIN / -1 as overflow.
            for i in 0..<out.count { let (r, o) = x[i].dividedReportingOverflow(by: y[i]); out[i] = r; flags |= flagBit(o) }
        case .modulo:
            // Swift's remainder has the sign of the dividend, like Java; MIN % -1 is 0 as in Java.
            for i in 0..<out.count {
                let (r, o) = x[i].remainderReportingOverflow(dividingBy: y[i])
                out[i] = o ? 0 : r
                flags |= flagBit(y[i] == 0)
            }
        }
        return flags != 0
    }

    static func negateInteger<T: FixedWidthInteger & SignedInteger>(_ c: Column, _: T.Type) throws(SluiceError) -> Column {
        var flags: UInt8 = 0
        let result = c.withValues(T.self) { x in
            KernelOutput.fixed(c.type, count: c.count, validity: c.validity) { (out: UnsafeMutableBufferPointer<T>) in
                for i in 0..<out.count {
                    let (r, o) = T.zero.subtractingReportingOverflow(x[i])
                    out[i] = r
                    flags |= flagBit(o)
                }
            }
        }
        guard flags != 0 else { return result }
        if let row = NullPropagation.firstBadRow(count: c.count, validity: c.validity, { r in
            c.withValues(T.self) { $0[r] == T.min }
        }) {
            throw .execution("integer overflow in -(\(T.min)) (\(c.type)); cast to DECIMAL(38, 0) or DOUBLE for larger values (row \(row))")
        }
        return result
    }

    // MARK: - Floating point (IEEE, as Java: x / 0 is ±Infinity or NaN, % is fmod)

    static func floating(_ op: ArithmeticOperator, _ a: Column, _ b: Column) throws(SluiceError) -> Column {
        if a.type == .float32 { return floating(op, a, b, Float.self) }
        return floating(op, a, b, Double.self)
    }

    static func floating<T: BinaryFloatingPoint>(_ op: ArithmeticOperator, _ a: Column, _ b: Column, _: T.Type) -> Column {
        let validity = NullPropagation.intersect([a, b])
        return a.withValues(T.self) { x in
            b.withValues(T.self) { y in
                KernelOutput.fixed(a.type, count: a.count, validity: validity) { (out: UnsafeMutableBufferPointer<T>) in
                    floatingLoop(op, x, y, out)
                }
            }
        }
    }

    @inline(never)
    static func floatingLoop<T: BinaryFloatingPoint>(
        _ op: ArithmeticOperator, _ x: UnsafeBufferPointer<T>, _ y: UnsafeBufferPointer<T>,
        _ out: UnsafeMutableBufferPointer<T>
    ) {
        switch op {
        case .add: for i in 0..<out.count { out[i] = x[i] + y[i] }
        case .subtract: for i in 0..<out.count { out[i] = x[i] - y[i] }
        case .multiply: for i in 0..<out.count { out[i] = x[i] * y[i] }
        case .divide: for i in 0..<out.count { out[i] = x[i] / y[i] }
        case .modulo: for i in 0..<out.count { out[i] = x[i].truncatingRemainder(dividingBy: y[i]) }
        }
    }

    /// A same-type, same-validity map over fixed-width values.
    static func mapFixed<T>(_ c: Column, _ v: UnsafeBufferPointer<T>, _ f: (T) -> T) -> Column {
        KernelOutput.fixed(c.type, count: c.count, validity: c.validity) { (out: UnsafeMutableBufferPointer<T>) in
            for i in 0..<out.count { out[i] = f(v[i]) }
        }
    }
}
