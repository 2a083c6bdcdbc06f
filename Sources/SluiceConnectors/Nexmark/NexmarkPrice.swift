#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reference `PriceGenerator.nextPrice`, `Math.round(Math.pow(10, U·6) · 100)`, without a `pow`
/// call in the common case and with the same result in every case.
///
/// Why: `pow` was a fifth of the generator's time. The result is an integer, so an approximation of
/// `100·10^x + 0.5` good to ~1e-14 (relative) decides the rounding unless the value lies within a
/// tiny margin of an integer; only then (about 2 draws in 10,000) is the reference expression itself
/// evaluated, so the output is bit-identical whatever `pow`'s last-bit behaviour.
///
/// Method: `10^x = 2^t` with `t = x·log2(10)` (error ≤ 4e-15 absolute, t < 20); `t = e + j/256 + r`
/// with `|r| ≤ 1/512` exactly (a multiple of 1/256 subtracted from t is exact); `2^(j/256)·100`
/// from a 256-entry table; `2^r` by a degree-4 Taylor polynomial (remainder < 4e-17); `2^e` by
/// building the exponent bits. Total relative error < 1e-14, against a decision margin of 2⁻³⁶ ≈ 1.5e-11
/// relative, which also covers `pow`'s own error (< 1 ulp) and the reference's two roundings
/// (`· 100` and `+ 0.5`, each ≤ 1/2 ulp).
enum NexmarkPrice {
    /// `100 · 2^(j/256)` for j in 0..<256.
    static let scaleTable: [Double] = (0..<256).map { 100 * exp2(Double($0) / 256) }

    static let log2Of10 = 3.321928094887362
    static let ln2 = 0.6931471805599453

    /// The reference expression, evaluated as the reference does; `x` is `nextDouble() · 6`.
    @inline(never)
    static func exact(_ x: Double) -> Int64 {
        // Java's Math.round is floor(x + 0.5); below 2^52 the sum is exact, and x ≥ 100 here, so a
        // truncating conversion is that floor without a libm call.
        Int64(pow(10.0, x) * 100.0 + 0.5)
    }

    /// `exact(x)` for `x` in [0, 6), computed through `scale` (`scaleTable`'s entries).
    @inline(__always)
    static func price(_ x: Double, scale: UnsafePointer<Double>) -> Int64 {
        let t = x * log2Of10
        // t ≥ 0, so truncation rounds to nearest here (no SSE4.1 `roundsd` in the baseline target).
        let k = Int(t * 256 + 0.5)
        let r = t - Double(k) * (1.0 / 256)
        let y = r * ln2, y2 = y * y
        let p = (1 + y) + y2 * ((0.5 + y * (1.0 / 6)) + y2 * (1.0 / 24))
        let twoToE = Double(bitPattern: UInt64(1023 &+ (k &>> 8)) &<< 52)
        let v = scale[k & 255] * twoToE * p + 0.5
        let margin = v * 0x1p-36
        let low = Int64(v - margin), high = Int64(v + margin)
        return low == high ? low : exact(x)
    }
}
