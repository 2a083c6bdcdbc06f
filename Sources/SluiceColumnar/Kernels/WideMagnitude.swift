/// An unsigned 256-bit integer for the decimal intermediates that do not fit an Int128.
///
/// Decimals hold at most 38 digits (< 2^127), so the product of two, or a value scaled by 10^38, fits
/// 256 bits (10^76 < 2^256). Every operation reports overflow by returning nil; nothing wraps.
/// Used per row only on the slow decimal paths (results whose precision Flink had to adjust).
struct WideMagnitude: Equatable, Comparable {
    var high: UInt128
    var low: UInt128

    init(high: UInt128 = 0, low: UInt128) {
        self.high = high
        self.low = low
    }

    static let powersOfTen: [UInt128] = DecimalFormat.powersOfTen.map { UInt128($0) }

    static func < (a: WideMagnitude, b: WideMagnitude) -> Bool {
        a.high != b.high ? a.high < b.high : a.low < b.low
    }

    var isZero: Bool { high == 0 && low == 0 }

    /// The value as a UInt128, or nil when it needs more bits.
    var narrow: UInt128? { high == 0 ? low : nil }

    static func product(_ a: UInt128, _ b: UInt128) -> WideMagnitude {
        let p = a.multipliedFullWidth(by: b)
        return WideMagnitude(high: p.high, low: p.low)
    }

    func multiplied(by m: UInt128) -> WideMagnitude? {
        let lo = low.multipliedFullWidth(by: m)
        let hi = high.multipliedFullWidth(by: m)
        guard hi.high == 0 else { return nil }
        let (h, o) = hi.low.addingReportingOverflow(lo.high)
        return o ? nil : WideMagnitude(high: h, low: lo.low)
    }

    /// self * 10^k for any k ≥ 0, or nil on overflow.
    func scaledUp(by k: Int) -> WideMagnitude? {
        var v = self
        var k = k
        while k > 0 {
            let step = min(k, 38)
            guard let next = v.multiplied(by: WideMagnitude.powersOfTen[step]) else { return isZero ? self : nil }
            v = next
            k -= step
        }
        return v
    }

    func adding(_ o: WideMagnitude) -> WideMagnitude? {
        let (l, c) = low.addingReportingOverflow(o.low)
        let (h1, o1) = high.addingReportingOverflow(o.high)
        let (h2, o2) = h1.addingReportingOverflow(c ? 1 : 0)
        return o1 || o2 ? nil : WideMagnitude(high: h2, low: l)
    }

    /// self - o; requires o <= self.
    func subtracting(_ o: WideMagnitude) -> WideMagnitude {
        let (l, b) = low.subtractingReportingOverflow(o.low)
        return WideMagnitude(high: high &- o.high &- (b ? 1 : 0), low: l)
    }

    /// Quotient and remainder of a division by a non-zero 128-bit divisor.
    func divided(by d: UInt128) -> (quotient: WideMagnitude, remainder: UInt128) {
        precondition(d != 0, "division by zero in WideMagnitude")
        let qh = high / d
        let rh = high % d
        // rh < d, so the full-width division cannot overflow.
        let (ql, r) = d.dividingFullWidth((high: rh, low: low))
        return (WideMagnitude(high: qh, low: ql), r)
    }

    /// self / d rounded half up (away from zero for the magnitude), or nil when rounding up overflows.
    func dividedRoundingHalfUp(by d: UInt128) -> WideMagnitude? {
        let (q, r) = divided(by: d)
        // r < d < 2^127 for decimal divisors, so 2r does not overflow.
        return r >= d - r ? q.adding(WideMagnitude(low: 1)) : q
    }

    /// self / 10^k rounded half up, for any k ≥ 0. Truncating the low digits first is exact for
    /// HALF_UP, because the half-way point 5·10^(k-1) is a multiple of every 10^j with j < k.
    func scaledDownRoundingHalfUp(by k: Int) -> WideMagnitude? {
        var v = self
        var k = k
        while k > 38 {
            let step = min(k - 38, 38)
            v = v.divided(by: WideMagnitude.powersOfTen[step]).quotient
            k -= step
        }
        return k == 0 ? v : v.dividedRoundingHalfUp(by: WideMagnitude.powersOfTen[k])
    }
}

/// A signed decimal intermediate: sign and 256-bit magnitude.
struct WideDecimal {
    var negative: Bool
    var magnitude: WideMagnitude

    init(_ v: Int128) {
        negative = v < 0
        magnitude = WideMagnitude(low: v.magnitude)
    }

    init(negative: Bool, magnitude: WideMagnitude) {
        self.negative = negative
        self.magnitude = magnitude
    }

    /// a + b (exact), or nil on overflow of 256 bits.
    static func sum(_ a: WideDecimal, _ b: WideDecimal) -> WideDecimal? {
        if a.negative == b.negative {
            return a.magnitude.adding(b.magnitude).map { WideDecimal(negative: a.negative, magnitude: $0) }
        }
        if a.magnitude < b.magnitude {
            return WideDecimal(negative: b.negative, magnitude: b.magnitude.subtracting(a.magnitude))
        }
        return WideDecimal(negative: a.negative, magnitude: a.magnitude.subtracting(b.magnitude))
    }

    /// The value as an Int128 when its magnitude is below 10^precision.
    func fitting(precision: Int) -> Int128? {
        guard let m = magnitude.narrow, m < WideMagnitude.powersOfTen[precision] else { return nil }
        let v = Int128(m)
        return negative ? -v : v
    }
}
