/// The reference generator's string recipes, drawing from the split's random stream in the same
/// order: random words (`nextString`), exact-length strings (`nextExactString`) and the size of
/// `extra` padding (`nextExtra`).
enum NexmarkStrings {
    static let minStringLength: Int32 = 3

    /// `nextString(maxLength, special)` written into `out` (room for `maxLength` bytes): length
    /// `3 + U[0, maxLength − 3)`, each byte `special` with probability 1/13 else `a`…`z`, then Java's
    /// `trim()` (only spaces can be trimmed). Returns the range of `out` that holds the string.
    @inline(__always)
    static func randomString(_ r: inout JavaSplittableRandom, maxLength: Int32, special: UInt8,
                             into out: UnsafeMutablePointer<UInt8>) -> Range<Int> {
        let length = Int(minStringLength + r.nextInt(maxLength - minStringLength))
        for i in 0..<length {
            out[i] = r.nextInt(13) == 0 ? special : UInt8(truncatingIfNeeded: 97 + r.nextInt(26))
        }
        var start = 0, end = length
        while start < end && out[start] <= 32 { start += 1 }
        while end > start && out[end - 1] <= 32 { end -= 1 }
        return start..<end
    }

    /// `randomString` as an array (for building tables, not the hot loop).
    static func randomString(_ r: inout JavaSplittableRandom, maxLength: Int32, special: UInt8) -> [UInt8] {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(maxLength)) { buffer in
            let range = randomString(&r, maxLength: maxLength, special: special, into: buffer.baseAddress!)
            return Array(buffer[range])
        }
    }

    /// `nextExactString(length)`: six characters per `nextInt()`, `'a' + rnd % 26` with Java's
    /// truncating remainder (negative draws give `H`…`` ` ``), then `rnd /= 26`.
    static func exactString(_ r: inout JavaSplittableRandom, length: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        var rnd: Int32 = 0, left = 0
        for i in 0..<length {
            if left == 0 {
                rnd = r.nextInt()
                left = 6
            }
            out[i] = UInt8(truncatingIfNeeded: 97 + rnd % 26)
            rnd /= 26
            left -= 1
        }
        return out
    }

    /// `nextExtra(currentSize, averageSize)`: where in the pool the padding starts and how long it is
    /// (a length uniform within ±20 % of `averageSize − currentSize`, then a uniform start).
    @inline(__always)
    static func extra(_ r: inout JavaSplittableRandom, currentSize: Int, averageSize: Int) -> (start: Int, count: Int) {
        if currentSize > averageSize { return (0, 0) }
        let desired = averageSize - currentSize
        let delta = Int((Double(desired) * 0.2).rounded(.toNearestOrAwayFromZero))
        let size = desired - delta + (delta == 0 ? 0 : Int(r.nextInt(Int32(2 * delta))))
        let start = Int(r.nextInt(Int32(NexmarkTables.poolSize - size)))
        return (start, size)
    }

    /// `extra` for a kind whose other fields have a fixed size (bids): the same draws as
    /// `extra(_:currentSize:averageSize:)` with both bounds precomputed.
    @inline(__always)
    static func extra(_ r: inout JavaSplittableRandom, _ plan: NexmarkExtraPlan) -> (start: Int, count: Int) {
        guard plan.padded else { return (0, 0) }
        var pick = 0
        if let spread = plan.spread { pick = Int(r.nextInt(spread)) }
        let start = Int(r.nextInt(plan.poolBounds[pick]))
        return (start, plan.minSize + pick)
    }

    /// The draw of `PriceGenerator.nextPrice` (`round(10^(U·6) · 100)`, log-uniform 100 … 10⁸): its
    /// argument `U·6`, which the column writers turn into the price after the loop (see `NexmarkPrice`).
    @inline(__always)
    static func priceArgument(_ r: inout JavaSplittableRandom) -> Double { r.nextDouble() * 6.0 }
}

/// Precomputed bounds of `extra` for a fixed `currentSize`: the size spread and, per size, the bound
/// of the start in the pool.
struct NexmarkExtraPlan: Sendable {
    /// False when the fields alone exceed the average: no padding and no draws.
    let padded: Bool
    let minSize: Int
    /// `2·delta`, or nil when delta is 0 (the size is fixed and not drawn).
    let spread: JavaBound?
    let poolBounds: [JavaBound]

    init(currentSize: Int, averageSize: Int) {
        guard currentSize <= averageSize else {
            (padded, minSize, spread, poolBounds) = (false, 0, nil, [])
            return
        }
        padded = true
        let desired = averageSize - currentSize
        let delta = Int((Double(desired) * 0.2).rounded(.toNearestOrAwayFromZero))
        minSize = desired - delta
        spread = delta == 0 ? nil : JavaBound(Int32(2 * delta))
        poolBounds = (0..<max(2 * delta, 1)).map { JavaBound(Int32(NexmarkTables.poolSize - (desired - delta) - $0)) }
    }
}
