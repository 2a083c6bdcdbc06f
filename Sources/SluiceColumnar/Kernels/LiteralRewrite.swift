/// A literal turned into the column's physical representation, or the result it implies for every row.
enum ScalarPlan<T> {
    /// Every (valid) row gives this result, e.g. `tinyint_col < 1000` or `int_col = 2.5`.
    case constant(Bool)
    /// Compare each value with `c` using `op` (possibly a different operator than asked, see below).
    case compare(ComparisonOperator, T)
}

/// Converts numeric literals to a column's integer or float representation exactly, once per call.
///
/// The idea: a literal `c` between two representable values `q < c < q + 1` turns `x < c` into
/// `x <= q` and `x = c` into FALSE, so the lane loop always runs on the column's own type with no
/// per-row widening and no overflow. Decimal columns are integers in units of 10^-scale, so an
/// INT or DECIMAL literal of any scale is rescaled into those units the same way.
enum LiteralRewrite {
    /// The literal `unscaled / 10^literalScale` against an integer column holding units of
    /// 10^-columnScale (plain integers have scale 0).
    static func exact<T: FixedWidthInteger>(
        _ unscaled: Int128, scale literalScale: Int, into _: T.Type, columnScale: Int, _ op: ComparisonOperator
    ) -> ScalarPlan<T> {
        let powers = DecimalFormat.powersOfTen
        if columnScale >= literalScale {
            let d = columnScale - literalScale
            if unscaled == 0 { return integral(0, op) }
            guard d < powers.count else { return outOfRange(op, literalAbove: unscaled > 0) }
            let (t, overflow) = unscaled.multipliedReportingOverflow(by: powers[d])
            if overflow { return outOfRange(op, literalAbove: unscaled > 0) }
            return integral(t, op)
        }
        let d = literalScale - columnScale
        var q: Int128, r: Int128
        if d >= powers.count {
            // |unscaled| < 2^127 < 10^39 <= 10^d, so the quotient is 0 or -1.
            (q, r) = unscaled < 0 ? (-1, 1) : (0, unscaled)
        } else {
            (q, r) = unscaled.quotientAndRemainder(dividingBy: powers[d])
            if r < 0 { q -= 1; r += powers[d] }
        }
        return r == 0 ? integral(q, op) : between(floor: q, op)
    }

    /// A DOUBLE literal against an integer column, compared exactly (Java widens the integer to double
    /// instead; the two differ only for BIGINT values beyond 2^53, where exact is the correct answer).
    static func double<T: FixedWidthInteger>(_ d: Double, into _: T.Type, _ op: ComparisonOperator) -> ScalarPlan<T> {
        if d.isNaN { return .constant(op == .notEqual) }
        let limit = 0x1p127
        if d >= limit || d < -limit { return outOfRange(op, literalAbove: d > 0) }
        let f = d.rounded(.down)
        let q = Int128(f)
        return f == d ? integral(q, op) : between(floor: q, op)
    }

    /// A DOUBLE literal against a FLOAT column: Java widens the float to double, so `x op d` is
    /// rewritten to the neighbouring floats of `d` when `d` is not itself a float.
    static func float(_ d: Double, _ op: ComparisonOperator) -> ScalarPlan<Float> {
        if d.isNaN { return .constant(op == .notEqual) }
        let f = Float(d)
        if Double(f) == d { return .compare(op, f) }
        let below = Double(f) < d ? f : f.nextDown      // largest float < d
        let above = below.nextUp                        // smallest float > d
        switch op {
        case .equal: return .constant(false)
        case .notEqual: return .constant(true)
        case .less, .lessOrEqual: return .compare(.lessOrEqual, below)
        case .greater, .greaterOrEqual: return .compare(.greaterOrEqual, above)
        }
    }

    /// `x op t` for an integral `t`, or a constant when `t` is outside T's range.
    static func integral<T: FixedWidthInteger>(_ t: Int128, _ op: ComparisonOperator) -> ScalarPlan<T> {
        if t > Int128(T.max) { return outOfRange(op, literalAbove: true) }
        if t < Int128(T.min) { return outOfRange(op, literalAbove: false) }
        return .compare(op, T(truncatingIfNeeded: t))
    }

    /// `x op c` for `q < c < q + 1`: no integer equals `c`.
    static func between<T: FixedWidthInteger>(floor q: Int128, _ op: ComparisonOperator) -> ScalarPlan<T> {
        switch op {
        case .equal: return .constant(false)
        case .notEqual: return .constant(true)
        case .less, .lessOrEqual: return integral(q, .lessOrEqual)
        case .greater, .greaterOrEqual: return integral(q, .greater)
        }
    }

    /// The result for a literal above (or below) every value the column can hold.
    static func outOfRange<T>(_ op: ComparisonOperator, literalAbove: Bool) -> ScalarPlan<T> {
        switch op {
        case .equal: return .constant(false)
        case .notEqual: return .constant(true)
        case .less, .lessOrEqual: return .constant(literalAbove)
        case .greater, .greaterOrEqual: return .constant(!literalAbove)
        }
    }

    /// A DECIMAL or INT literal as a double (for FLOAT and DOUBLE columns).
    static func doubleValue(_ literal: Value) -> Double? {
        switch literal {
        case .int(let v): return Double(v)
        case .float(let d): return d
        case .decimal(let u, let s): return Double(u) / pow10(s)
        default: return nil
        }
    }

    static func pow10(_ s: Int) -> Double {
        var p = 1.0
        for _ in 0..<max(0, s) { p *= 10 }
        return p
    }
}
