/// Java's `java.util.SplittableRandom` (SplitMix64), bit for bit: the reference Nexmark generator
/// draws every value from it, so reproducing its events needs the same stream and the same bounded
/// algorithms, not merely the same distribution.
///
/// Only the methods the generator calls exist: `nextInt()`, `nextLong()`, `nextInt(bound)` (Java's
/// rejection loop on the upper 31 bits), `nextDouble()` (53 high bits) and the reference's
/// `LongGenerator.nextLong(n)` (which uses `nextInt` below `Int32.max` and a skewed modulo above).
/// A value type with one word of state: no allocation, no reference counting, inlinable.
public struct JavaSplittableRandom: Sendable {
    /// Java's `GOLDEN_GAMMA`, the increment of a root generator.
    @usableFromInline static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15
    @usableFromInline var seed: UInt64

    /// `new SplittableRandom(seed)`.
    @inlinable @inline(__always)
    public init(seed: Int64) { self.seed = UInt64(bitPattern: seed) }

    @inlinable @inline(__always)
    mutating func nextSeed() -> UInt64 {
        seed &+= JavaSplittableRandom.gamma
        return seed
    }

    @inlinable @inline(__always)
    static func mix64(_ x: UInt64) -> UInt64 {
        var z = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inlinable @inline(__always)
    static func mix32(_ x: UInt64) -> Int32 {
        let z = (x ^ (x >> 33)) &* 0x62A9_D9ED_7997_05F5
        return Int32(truncatingIfNeeded: ((z ^ (z >> 28)) &* 0xCB24_D0A5_C88C_35B3) >> 32)
    }

    /// `nextInt()`: a uniform 32-bit value.
    @inlinable @inline(__always)
    public mutating func nextInt() -> Int32 { JavaSplittableRandom.mix32(nextSeed()) }

    /// `nextLong()`: a uniform 64-bit value.
    @inlinable @inline(__always)
    public mutating func nextLong() -> Int64 { Int64(bitPattern: JavaSplittableRandom.mix64(nextSeed())) }

    /// `nextDouble()`: uniform in [0, 1) from the top 53 bits.
    @inlinable @inline(__always)
    public mutating func nextDouble() -> Double {
        Double(JavaSplittableRandom.mix64(nextSeed()) >> 11) * 0x1.0p-53
    }

    /// `nextInt(bound)` for `bound > 0`: Java's algorithm, so the rare rejected draws are the same too.
    @inlinable @inline(__always)
    public mutating func nextInt(_ bound: Int32) -> Int32 {
        var r = nextInt()
        let m = bound &- 1
        if bound & m == 0 { return r & m }
        var u = Int32(bitPattern: UInt32(bitPattern: r) >> 1)
        while true {
            r = u % bound
            // Java: `u + m - r < 0` with 32-bit wrap-around rejects the biased top of the range.
            if u &+ m &- r >= 0 { return r }
            u = Int32(bitPattern: UInt32(bitPattern: nextInt()) >> 1)
        }
    }

    /// `nextInt(bound.value)` with the remainder taken by multiplication (see `JavaBound`): the same
    /// values, without a division.
    @inlinable @inline(__always)
    public mutating func nextInt(_ bound: JavaBound) -> Int32 {
        var r = nextInt()
        let m = bound.value &- 1
        if bound.value & m == 0 { return r & m }
        var u = UInt32(bitPattern: r) >> 1
        while true {
            r = Int32(bitPattern: bound.remainder(u))
            if Int32(bitPattern: u) &+ m &- r >= 0 { return r }
            u = UInt32(bitPattern: nextInt()) >> 1
        }
    }

    /// The raw `nextInt()` that is `k` draws ahead (k ≥ 1), without advancing. SplitMix64's k-th next
    /// state is `seed + k·gamma`, so a draw that follows a conditional one can be computed before the
    /// condition is known; `advance(by:)` then moves past the draws actually used. This turns the
    /// generator's unpredictable 50 % branches into selects.
    @inlinable @inline(__always)
    public func peekInt(_ k: UInt64) -> Int32 { JavaSplittableRandom.mix32(seed &+ JavaSplittableRandom.gamma &* k) }

    /// Moves past `k` draws.
    @inlinable @inline(__always)
    public mutating func advance(by k: UInt64) { seed &+= JavaSplittableRandom.gamma &* k }

    /// `nextInt(bound.value)` had its first draw been `r`: the value, and whether Java accepts it (when
    /// it does not, Java draws again, which the caller must then do the slow way; the chance is below
    /// `bound / 2^31`).
    @inlinable @inline(__always)
    public static func bounded(_ r: Int32, _ bound: JavaBound) -> (value: Int32, accepted: Bool) {
        let m = bound.value &- 1
        if bound.value & m == 0 { return (r & m, true) }
        let u = UInt32(bitPattern: r) >> 1
        let v = Int32(bitPattern: bound.remainder(u))
        return (v, Int32(bitPattern: u) &+ m &- v >= 0)
    }

    /// The reference `LongGenerator.nextLong(random, n)`: `nextInt(n)` when `n < Int32.max`, else
    /// `abs(nextLong() % n)` (skewed, kept for fidelity).
    @inlinable @inline(__always)
    public mutating func nextLong(below n: Int64) -> Int64 {
        if n < Int64(Int32.max) { return Int64(nextInt(Int32(truncatingIfNeeded: n))) }
        let v = nextLong() % n
        return v < 0 ? 0 &- v : v
    }
}

/// A positive bound for `nextInt` with a precomputed multiplier, so `u % bound` is two multiplies
/// (Lemire's "fastmod": exact for every 32-bit `u`) instead of a division; for bounds fixed per run.
public struct JavaBound: Sendable, Equatable {
    public let value: Int32
    @usableFromInline let multiplier: UInt64

    public init(_ value: Int32) {
        precondition(value > 0, "a random bound must be positive")
        self.value = value
        multiplier = UInt64.max / UInt64(value) &+ 1
    }

    /// `u % value`.
    @inlinable @inline(__always)
    public func remainder(_ u: UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: (multiplier &* UInt64(u)).multipliedFullWidth(by: UInt64(value)).high)
    }
}
