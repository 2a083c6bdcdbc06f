import Testing
@testable import SluiceColumnar

@Suite("Slice assigner")
struct SliceAssignerTests {
    static let second: Int64 = 1_000_000

    static let assigners: [SliceAssigner] = [
        try! .tumble(size: 10 * second),
        try! .tumble(size: 10 * second, offset: 3 * second),
        try! .hop(size: 10 * second, slide: 2 * second),
        try! .hop(size: 10 * second, slide: 4 * second),        // slice = gcd = 2 s
        try! .hop(size: 9 * second, slide: 6 * second, offset: -second),
        try! .cumulate(size: 10 * second, step: 2 * second),
        try! .cumulate(size: 12 * second, step: 4 * second, offset: 5 * second),
    ]

    @Test("slices: tumble = size, hop = gcd(size, slide), cumulate = step")
    func sliceSizes() {
        #expect(Self.assigners.map { $0.sliceSize / Self.second } == [10, 10, 2, 2, 3, 2, 4])
    }

    @Test("the windows holding a timestamp are exactly the windows of its slice")
    func windowsOfSlices() {
        var g = KernelFixtures.Generator(seed: 17)
        for assigner in Self.assigners {
            for _ in 0..<500 {
                let ts = g.int(-100 * Self.second...100 * Self.second)
                let reference = assigner.windows(containing: ts)
                let sliceEnd = assigner.sliceEnd(of: ts)
                let viaSlice = assigner.windowEnds(ofSliceEnding: sliceEnd).map { (assigner.windowStart(ofWindowEnding: $0), $0) }
                #expect(viaSlice.map(\.0) == reference.map(\.start), "\(assigner) ts \(ts)")
                #expect(viaSlice.map(\.1) == reference.map(\.end), "\(assigner) ts \(ts)")
                #expect(assigner.lastWindowEnd(ofSliceEnding: sliceEnd) == reference.last!.end)
                for w in reference {
                    #expect(w.start <= ts && ts < w.end)
                    #expect(assigner.sliceEnds(ofWindowEnding: w.end).contains(sliceEnd))
                    #expect(Array(assigner.sliceEnds(ofWindowEnding: w.end)).count == Int((w.end - w.start) / assigner.sliceSize))
                }
            }
        }
    }

    @Test("hop 10 s / 2 s: five windows per row; cumulate 10 s / 2 s: windows grow from the same start")
    func knownWindows() throws {
        let hop = try SliceAssigner.hop(size: 10 * Self.second, slide: 2 * Self.second)
        #expect(hop.windows(containing: 3 * Self.second).map { $0.start / Self.second } == [-6, -4, -2, 0, 2])
        let cumulate = try SliceAssigner.cumulate(size: 10 * Self.second, step: 2 * Self.second)
        #expect(cumulate.windows(containing: 13 * Self.second).map { [$0.start / Self.second, $0.end / Self.second] }
                == [[10, 14], [10, 16], [10, 18], [10, 20]])
    }

    @Test("invalid window sizes are rejected with the rule")
    func errors() {
        #expect(throws: SluiceError.invalidInput("TUMBLE size must be positive, found 0 µs")) { _ = try SliceAssigner.tumble(size: 0) }
        #expect(throws: SluiceError.invalidInput("HOP slide must be positive, found -1 µs")) { _ = try SliceAssigner.hop(size: 10, slide: -1) }
        #expect(throws: SluiceError.invalidInput("HOP size must be positive, found 0 µs")) { _ = try SliceAssigner.hop(size: 0, slide: 1) }
        #expect(throws: SluiceError.invalidInput("HOP slide (20 µs) must not be larger than its size (10 µs); rows between windows would belong to none")) {
            _ = try SliceAssigner.hop(size: 10, slide: 20)
        }
        #expect(throws: SluiceError.invalidInput("CUMULATE max size (10 µs) must be a whole multiple of its step (3 µs)")) {
            _ = try SliceAssigner.cumulate(size: 10, step: 3)
        }
        #expect(throws: SluiceError.invalidInput("CUMULATE step must be positive, found 0 µs")) { _ = try SliceAssigner.cumulate(size: 10, step: 0) }
        #expect(throws: SluiceError.invalidInput("CUMULATE max size must be positive, found 0 µs")) { _ = try SliceAssigner.cumulate(size: 0, step: 2) }
    }
}
