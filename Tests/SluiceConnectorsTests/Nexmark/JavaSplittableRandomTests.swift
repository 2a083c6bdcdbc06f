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
}
