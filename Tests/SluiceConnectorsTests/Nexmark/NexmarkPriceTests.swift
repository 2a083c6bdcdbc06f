#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import SluiceConnectors

@Suite("NexmarkPrice")
struct NexmarkPriceTests {
    static func fast(_ x: Double) -> Int64 {
        NexmarkPrice.scaleTable.withUnsafeBufferPointer { NexmarkPrice.price(x, scale: $0.baseAddress!) }
    }

    @Test("equals the reference's pow expression for a million draws and at the edges of the range")
    func matchesPow() {
        var r = JavaSplittableRandom(seed: 3)
        var mismatches = 0
        for _ in 0..<1_000_000 {
            let x = r.nextDouble() * 6.0
            if Self.fast(x) != NexmarkPrice.exact(x) { mismatches += 1 }
        }
        #expect(mismatches == 0)
        // The ends of [0, 6) and both sides of table steps (t = x·log2(10) near odd multiples of 1/512).
        var edges: [Double] = [0, 0x1p-53 * 6, 6.0.nextDown, 6 * (1 - 0x1p-53)]
        for k in 0..<10_240 {
            let x = Double(k) / 512 / NexmarkPrice.log2Of10
            edges += [x, x.nextUp, x.nextDown]
        }
        for x in edges where x >= 0 && x < 6 { #expect(Self.fast(x) == NexmarkPrice.exact(x), "x = \(x)") }
    }

    @Test("values that round at a half are decided by the reference expression")
    func halfwayValues() {
        // 100·10^x = n + 0.5 exactly in real arithmetic is impossible for most n, but x close to such
        // points lands inside the margin; each must still agree with pow.
        for n in stride(from: 100, to: 100_000_000, by: 999_983) {
            let x = log10((Double(n) + 0.5) / 100)
            for c in [x.nextDown.nextDown, x.nextDown, x, x.nextUp, x.nextUp.nextUp] {
                #expect(Self.fast(c) == NexmarkPrice.exact(c), "x = \(c)")
            }
        }
    }
}
