/// `count_char(s, c)`: how many bytes of each `s` equal one byte (the first byte of `c`), as the Nexmark
/// suite's character-count function; a NULL `s` counts 0. Result BIGINT, never NULL.
public enum CountCharKernel {
    public static func count(_ s: Column, byte: UInt8) throws(SluiceError) -> Column {
        try StringKernel.checkString(s, "COUNT_CHAR")
        var out = MutableBuffer(zeroedCount: s.count, of: Int64.self)
        out.withUnsafeMutableBufferPointer(as: Int64.self) { o in
            StringKernel.forEachRow(s) { row, bytes in
                guard !s.isNull(row) else { return }
                o[row] = countByte(bytes, byte)
            }
        }
        return Column(type: .int64, count: s.count, storage: .fixed(out.freeze()), validity: nil)
    }

    /// The lane loop: a branch-free count of equal bytes.
    @inline(never)
    static func countByte(_ bytes: UnsafeBufferPointer<UInt8>, _ byte: UInt8) -> Int64 {
        var n: Int64 = 0
        for b in bytes { n &+= Int64(flagBit(b == byte)) }
        return n
    }
}
