/// The lane loops of the comparison kernels: one tight loop per output shape, specialized per value
/// type and operator inside the module.
///
/// Every loop computes straight through nulls (values under a null are unspecified but readable);
/// callers combine validity separately, except in the selection loops, which AND the validity bit in
/// branch-free. Callers validate lengths before entering; the pointers never escape.
///
/// Measured on this toolchain (SWIFT-NOTES.md): the word-per-64-rows loop auto-vectorizes, and the
/// `k &+= Int(unsafeBitCast(cond, to: UInt8.self))` selection pattern stays branch-free.
enum UnsafeCompareLoops {
    /// `words[w]` bit `j` = `values[64w + j] op c`; bits past `values.count` are cleared.
    @inline(never)
    static func scalarBits<T: Comparable, Op: ComparisonLaneOp>(
        _ values: UnsafeBufferPointer<T>, _ c: T, _: Op.Type, into words: UnsafeMutableBufferPointer<UInt64>
    ) {
        let n = values.count
        guard n > 0, let base = values.baseAddress else { return }
        for w in 0..<(n >> 6) {
            let chunk = base + (w << 6)
            var word: UInt64 = 0
            for j in 0..<64 {
                word |= UInt64(unsafeBitCast(Op.test(chunk[j], c), to: UInt8.self)) << UInt64(j)
            }
            words[w] = word
        }
        let tail = n & 63
        if tail != 0 {
            let chunk = base + (n - tail)
            var word: UInt64 = 0
            for j in 0..<tail {
                word |= UInt64(unsafeBitCast(Op.test(chunk[j], c), to: UInt8.self)) << UInt64(j)
            }
            words[n >> 6] = word
        }
    }

    /// `words[w]` bit `j` = `a[64w + j] op b[64w + j]`; `a` and `b` have the same count.
    @inline(never)
    static func pairBits<T: Comparable, Op: ComparisonLaneOp>(
        _ a: UnsafeBufferPointer<T>, _ b: UnsafeBufferPointer<T>, _: Op.Type,
        into words: UnsafeMutableBufferPointer<UInt64>
    ) {
        let n = a.count
        guard n > 0, let pa = a.baseAddress, let pb = b.baseAddress else { return }
        for w in 0..<(n >> 6) {
            let ca = pa + (w << 6), cb = pb + (w << 6)
            var word: UInt64 = 0
            for j in 0..<64 {
                word |= UInt64(unsafeBitCast(Op.test(ca[j], cb[j]), to: UInt8.self)) << UInt64(j)
            }
            words[w] = word
        }
        let tail = n & 63
        if tail != 0 {
            let ca = pa + (n - tail), cb = pb + (n - tail)
            var word: UInt64 = 0
            for j in 0..<tail {
                word |= UInt64(unsafeBitCast(Op.test(ca[j], cb[j]), to: UInt8.self)) << UInt64(j)
            }
            words[n >> 6] = word
        }
    }

    /// Writes the ascending rows where `values[row] op c` and the row is valid; returns how many.
    /// `out` has room for `values.count` indices (every row is written, only matches are kept).
    @inline(never)
    static func scalarSelection<T: Comparable, Op: ComparisonLaneOp>(
        _ values: UnsafeBufferPointer<T>, _ c: T, _: Op.Type, validity: UnsafeBufferPointer<UInt64>?,
        into out: UnsafeMutablePointer<UInt32>
    ) -> Int {
        var k = 0
        if let v = validity {
            for i in 0..<values.count {
                out[k] = UInt32(truncatingIfNeeded: i)
                let valid = UInt8(truncatingIfNeeded: v[i >> 6] >> UInt64(i & 63)) & 1
                k &+= Int(unsafeBitCast(Op.test(values[i], c), to: UInt8.self) & valid)
            }
        } else {
            for i in 0..<values.count {
                out[k] = UInt32(truncatingIfNeeded: i)
                k &+= Int(unsafeBitCast(Op.test(values[i], c), to: UInt8.self))
            }
        }
        return k
    }

    /// Like `scalarSelection`, testing only the rows listed in `within` (ascending, in range).
    @inline(never)
    static func scalarSelection<T: Comparable, Op: ComparisonLaneOp>(
        _ values: UnsafeBufferPointer<T>, _ c: T, _: Op.Type, validity: UnsafeBufferPointer<UInt64>?,
        within: UnsafeBufferPointer<UInt32>, into out: UnsafeMutablePointer<UInt32>
    ) -> Int {
        var k = 0
        if let v = validity {
            for r in within {
                let i = Int(r)
                out[k] = r
                let valid = UInt8(truncatingIfNeeded: v[i >> 6] >> UInt64(i & 63)) & 1
                k &+= Int(unsafeBitCast(Op.test(values[i], c), to: UInt8.self) & valid)
            }
        } else {
            for r in within {
                out[k] = r
                k &+= Int(unsafeBitCast(Op.test(values[Int(r)], c), to: UInt8.self))
            }
        }
        return k
    }

    /// The rows whose bit is set in `words`, ascending, optionally only those listed in `within`.
    @inline(never)
    static func selection(fromWords words: UnsafeBufferPointer<UInt64>, within: UnsafeBufferPointer<UInt32>?,
                          into out: UnsafeMutablePointer<UInt32>) -> Int {
        var k = 0
        if let within {
            for r in within {
                let i = Int(r)
                out[k] = r
                k &+= Int(truncatingIfNeeded: (words[i >> 6] >> UInt64(i & 63)) & 1)
            }
            return k
        }
        for w in 0..<words.count {
            var word = words[w]
            let base = UInt32(truncatingIfNeeded: w << 6)
            while word != 0 {
                out[k] = base &+ UInt32(truncatingIfNeeded: word.trailingZeroBitCount)
                k &+= 1
                word &= word &- 1
            }
        }
        return k
    }
}
