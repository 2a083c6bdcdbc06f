import Testing
@testable import SluiceConnectors

@Suite("JavaSplittableRandom")
struct JavaSplittableRandomTests {
    @Test("draws the values of Java's SplittableRandom for the same seeds")
    func knownValues() {
        var r = JavaSplittableRandom(seed: 42)
        #expect([r.nextInt(), r.nextInt(), r.nextInt()] == [-491_277_234, 909_395_113, -1_877_322_334])
        r = JavaSplittableRandom(seed: -7)
        #expect([r.nextLong(), r.nextLong(), r.nextLong()]
            == [7_790_691_224_305_936_752, 8_829_294_814_793_142_954, -1_715_519_743_840_680_431])
        r = JavaSplittableRandom(seed: 1)
        #expect([r.nextDouble(), r.nextDouble()] == [0.5665615751722809, 0.7457817572627011])
        r = JavaSplittableRandom(seed: 5)
        #expect((0..<5).map { _ in r.nextInt(13) } == [2, 12, 5, 6, 10])
        #expect((0..<3).map { _ in r.nextInt(10000) } == [3386, 2630, 9020])
        #expect((0..<2).map { _ in r.nextLong(below: 3_000_000_000) } == [2_627_835_880, 1_059_403_421])
    }

    @Test("a precomputed bound gives the same remainders and draws as a division")
    func fastBound() {
        var rng = JavaSplittableRandom(seed: 11)
        for bound: Int32 in [1, 2, 3, 7, 13, 26, 27, 10_000, 1 << 20, 1_048_500, Int32.max - 1, Int32.max] {
            let fast = JavaBound(bound)
            for _ in 0..<2_000 {
                let u = UInt32(truncatingIfNeeded: rng.nextLong())
                #expect(fast.remainder(u) == u % UInt32(bound))
            }
            #expect(fast.remainder(.max) == UInt32.max % UInt32(bound))
            var a = JavaSplittableRandom(seed: Int64(bound)), b = a
            for _ in 0..<200 { #expect(a.nextInt(bound) == b.nextInt(fast)) }
        }
    }

    @Test("a bounded draw from a raw value matches nextInt and flags the draws Java rejects")
    func boundedFromRaw() {
        for bound: Int32 in [1, 4, 13, 111, 1010, 10_000, 1_000_003] {
            let b = JavaBound(bound)
            var r = JavaSplittableRandom(seed: Int64(bound))
            for _ in 0..<500 {
                var copy = r
                let (value, accepted) = JavaSplittableRandom.bounded(r.peekInt(1), b)
                #expect(accepted && value == copy.nextInt(bound))
                r.advance(by: 1)
                #expect(r.seed == copy.seed)
            }
            // The top of the 31-bit range is rejected unless the bound is a power of two.
            let top = Int32.max - Int32.max % bound
            for u in [top - 1, top, Int32.max] {
                let raw = Int32(bitPattern: UInt32(bitPattern: u) << 1)
                let (value, accepted) = JavaSplittableRandom.bounded(raw, b)
                let powerOfTwo = bound & (bound - 1) == 0
                #expect(accepted == (powerOfTwo || Int64(u) - Int64(u % bound) + Int64(bound) - 1 <= Int64(Int32.max)))
                if !powerOfTwo { #expect(value == u % bound) }
            }
        }
    }
}
