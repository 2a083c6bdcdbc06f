import Testing
@testable import SluiceColumnar

@Suite("Bitmap")
struct BitmapTests {
    @Test("slices keep bits and realign to bit 0", arguments: [0, 1, 7, 8, 9, 63, 64, 65, 1000])
    func sliceAndRealign(length: Int) {
        let bits = (0..<(length + 70)).map { ($0 * 7 + 3) % 5 < 2 }
        let bitmap = Bitmap(bits)
        for start in [0, 1, 5, 63, 64, 65] where start + length <= bits.count {
            let s = bitmap.slice(start, length)
            #expect(s.toArray() == Array(bits[start..<(start + length)]))
            #expect(s.nonzeroCount() == bits[start..<(start + length)].filter { $0 }.count)
            s.withAlignedWords { words in
                for i in 0..<length {
                    #expect(((words[i >> 6] >> UInt64(i & 63)) & 1 == 1) == bits[start + i])
                }
                if length & 63 != 0, let last = words.last {
                    #expect(last >> UInt64(length & 63) == 0, "bits past count are cleared")
                }
            }
        }
    }

    @Test("all-set and all-clear bitmaps")
    func repeating() {
        #expect(Bitmap(repeating: true, count: 130).nonzeroCount() == 130)
        #expect(Bitmap(repeating: false, count: 130).nonzeroCount() == 0)
        #expect(Bitmap(repeating: true, count: 0).allSet)
    }
}
