/// An immutable packed bit vector: validity (1 = valid) and boolean values share this layout.
///
/// Bit `i` lives in word `(bitOffset + i) / 64` at bit `(bitOffset + i) % 64` (LSB first, as in
/// Arrow). Slicing moves `bitOffset`; kernels that work on whole words call `withAlignedWords`,
/// which hands out words that start at bit 0 (copying only when the offset is not a multiple of 64).
/// Bits past `count` in the last word are unspecified; `withAlignedWords` clears them.
public struct Bitmap: Sendable {
    public let words: Buffer
    public let bitOffset: Int
    public let count: Int

    public init(words: Buffer, bitOffset: Int = 0, count: Int) {
        precondition(bitOffset >= 0 && count >= 0, "negative bitmap range")
        precondition((bitOffset + count + 63) / 64 <= words.count(of: UInt64.self), "bitmap shorter than its count")
        self.words = words
        self.bitOffset = bitOffset
        self.count = count
    }

    /// The number of 64-bit words needed for `bits` bits.
    @inlinable
    public static func wordCount(_ bits: Int) -> Int { (bits + 63) >> 6 }

    /// A bitmap with every bit set (all valid / all true) or clear.
    public init(repeating value: Bool, count: Int) {
        var buffer = MutableBuffer(zeroedCount: Bitmap.wordCount(count), of: UInt64.self)
        if value {
            buffer.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                for i in 0..<w.count { w[i] = ~0 }
            }
        }
        self.init(words: buffer.freeze(), count: count)
    }

    /// A bitmap from booleans (tests and builders; not for hot paths).
    public init(_ bits: [Bool]) {
        var buffer = MutableBuffer(zeroedCount: Bitmap.wordCount(bits.count), of: UInt64.self)
        buffer.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
            for (i, bit) in bits.enumerated() where bit { w[i >> 6] |= 1 << UInt64(i & 63) }
        }
        self.init(words: buffer.freeze(), count: bits.count)
    }

    @inlinable
    public subscript(i: Int) -> Bool {
        precondition(i >= 0 && i < count, "bit \(i) out of range 0..<\(count)")
        let bit = bitOffset + i
        return (words.load(UInt64.self, at: bit >> 6) >> UInt64(bit & 63)) & 1 == 1
    }

    /// Bits `start ..< start + length` as a bitmap sharing the words.
    public func slice(_ start: Int, _ length: Int) -> Bitmap {
        precondition(start >= 0 && length >= 0 && start + length <= count, "bitmap slice out of range")
        let bit = bitOffset + start
        let firstWord = bit >> 6
        let wordsNeeded = Bitmap.wordCount((bit & 63) + length)
        return Bitmap(words: words.slice(UInt64.self, from: firstWord, count: wordsNeeded),
                      bitOffset: bit & 63, count: length)
    }

    /// Runs `body` on `wordCount(count)` words holding bits 0..<count at bit 0, trailing bits cleared.
    public func withAlignedWords<R, E: Error>(_ body: (UnsafeBufferPointer<UInt64>) throws(E) -> R) throws(E) -> R {
        let n = Bitmap.wordCount(count)
        let aligned: Buffer
        if bitOffset == 0 && count & 63 == 0 {
            aligned = words
        } else {
            aligned = realigned()
        }
        return try aligned.withUnsafeBufferPointer(as: UInt64.self) { (w: UnsafeBufferPointer<UInt64>) throws(E) -> R in
            try body(UnsafeBufferPointer(rebasing: w[0..<n]))
        }
    }

    /// A copy whose bits start at bit 0 of the first word, with bits past `count` cleared.
    public func realigned() -> Buffer {
        let n = Bitmap.wordCount(count)
        var out = MutableBuffer(zeroedCount: n, of: UInt64.self)
        let shift = UInt64(bitOffset & 63)
        let first = bitOffset >> 6
        words.withUnsafeBufferPointer(as: UInt64.self) { src in
            out.withUnsafeMutableBufferPointer(as: UInt64.self) { dst in
                for i in 0..<n {
                    let lo = src[first + i] >> shift
                    let hiIndex = first + i + 1
                    let hi: UInt64 = (shift != 0 && hiIndex < src.count) ? src[hiIndex] << (64 - shift) : 0
                    dst[i] = lo | hi
                }
                let tail = count & 63
                if tail != 0 { dst[n - 1] &= (UInt64(1) << UInt64(tail)) - 1 }
            }
        }
        return out.freeze()
    }

    /// How many bits are set.
    public func nonzeroCount() -> Int {
        withAlignedWords { w in
            var total = 0
            for word in w { total &+= word.nonzeroBitCount }
            return total
        }
    }

    public var allSet: Bool { nonzeroCount() == count }

    /// The bits as booleans (tests and printing).
    public func toArray() -> [Bool] { (0..<count).map { self[$0] } }
}
