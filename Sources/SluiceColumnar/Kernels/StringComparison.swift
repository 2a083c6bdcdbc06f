#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Comparisons of STRING and BYTES columns: unsigned byte-wise lexicographic order, as Flink's
/// `BinaryStringData.compareTo` (for UTF-8 this is code point order).
///
/// Plain columns compare each row's bytes with the literal's; dictionary columns look the literal up
/// once (`=`, `<>` then compare Int32 codes in the vectorized lane loop) or, for ordering operators,
/// compare each dictionary entry once and map codes through that table.
enum StringComparison {
    static func run<S: ComparisonSink>(_ column: Column, _ op: ComparisonOperator, _ literal: Value,
                                       _ sink: S) throws(SluiceError) -> S.Result {
        let bytes: [UInt8]
        switch (column.type, literal) {
        case (.string, .string(let s)): bytes = Array(s.utf8)
        case (.binary, .binary(let b)): bytes = b
        default: throw Comparison.incomparable(column.type, literal)
        }
        let n = column.count
        switch column.storage {
        case .variable(let offsets, let data):
            return sink.run(mask: words(offsets, data, n, op, bytes))
        case .dictionary(let codes, let dictionary):
            if op == .equal || op == .notEqual {
                guard let code = lookup(dictionary, bytes) else {
                    return sink.run(mask: BitmapWords.constant(op == .notEqual, count: n))
                }
                return codes.withUnsafeBufferPointer(as: Int32.self) { c in
                    sink.run(UnsafeBufferPointer(rebasing: c[0..<n]), op, Int32(code))
                }
            }
            let table = entryResults(dictionary, op, bytes)
            return sink.run(mask: DictionaryMask.map(codes, count: n, table))
        default:
            preconditionFailure("\(column.type) column without offsets or dictionary storage")
        }
    }

    /// -1, 0 or 1 as `a` sorts before, equal to or after `b`.
    @inline(__always)
    static func order(_ a: UnsafeRawPointer, _ aCount: Int, _ b: UnsafeRawPointer, _ bCount: Int) -> Int32 {
        let common = min(aCount, bCount)
        if common > 0 {
            let r = memcmp(a, b, common)
            if r != 0 { return r < 0 ? -1 : 1 }
        }
        return aCount < bCount ? -1 : (aCount > bCount ? 1 : 0)
    }

    /// Each row of a plain column against `literal`.
    static func words(_ offsets: Buffer, _ data: Buffer, _ n: Int, _ op: ComparisonOperator,
                      _ literal: [UInt8]) -> MutableBuffer {
        var out = MutableBuffer(zeroedCount: Bitmap.wordCount(n), of: UInt64.self)
        offsets.withUnsafeBufferPointer(as: Int32.self) { off in
            data.withUnsafeBytes { bytes in
                literal.withUnsafeBytes { lit in
                    out.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                        let litBase = lit.baseAddress ?? bytes.baseAddress!
                        switch op {
                        case .equal: rows(off, bytes.baseAddress!, n, litBase, lit.count, EqualOp.self, w)
                        case .notEqual: rows(off, bytes.baseAddress!, n, litBase, lit.count, NotEqualOp.self, w)
                        case .less: rows(off, bytes.baseAddress!, n, litBase, lit.count, LessOp.self, w)
                        case .lessOrEqual: rows(off, bytes.baseAddress!, n, litBase, lit.count, LessOrEqualOp.self, w)
                        case .greater: rows(off, bytes.baseAddress!, n, litBase, lit.count, GreaterOp.self, w)
                        case .greaterOrEqual: rows(off, bytes.baseAddress!, n, litBase, lit.count, GreaterOrEqualOp.self, w)
                        }
                    }
                }
            }
        }
        return out
    }

    @inline(never)
    private static func rows<Op: ComparisonLaneOp>(
        _ off: UnsafeBufferPointer<Int32>, _ data: UnsafeRawPointer, _ n: Int,
        _ lit: UnsafeRawPointer, _ litCount: Int, _: Op.Type, _ w: UnsafeMutableBufferPointer<UInt64>
    ) {
        for i in 0..<n {
            let start = Int(off[i])
            let c = order(data + start, Int(off[i + 1]) - start, lit, litCount)
            w[i >> 6] |= UInt64(unsafeBitCast(Op.test(c, 0), to: UInt8.self)) << UInt64(i & 63)
        }
    }

    /// The code of `value` in the dictionary, or nil.
    static func lookup(_ dictionary: DictionaryValues, _ value: [UInt8]) -> Int? {
        dictionary.offsets.withUnsafeBufferPointer(as: Int32.self) { off in
            dictionary.bytes.withUnsafeBytes { bytes in
                value.withUnsafeBytes { v in
                    for code in 0..<dictionary.count {
                        let start = Int(off[code])
                        let length = Int(off[code + 1]) - start
                        if length == v.count && (length == 0 || memcmp(bytes.baseAddress! + start, v.baseAddress!, length) == 0) {
                            return code
                        }
                    }
                    return nil
                }
            }
        }
    }

    /// `entry op literal` for every dictionary entry, as 0/1 bytes indexed by code.
    static func entryResults(_ dictionary: DictionaryValues, _ op: ComparisonOperator, _ literal: [UInt8]) -> [UInt8] {
        dictionary.offsets.withUnsafeBufferPointer(as: Int32.self) { off in
            dictionary.bytes.withUnsafeBytes { bytes in
                literal.withUnsafeBytes { lit in
                    let litBase = lit.baseAddress ?? bytes.baseAddress!
                    return (0..<dictionary.count).map { code in
                        let start = Int(off[code])
                        let c = order(bytes.baseAddress! + start, Int(off[code + 1]) - start, litBase, lit.count)
                        return op.evaluate(c, 0) ? 1 : 0
                    }
                }
            }
        }
    }
}

/// Maps dictionary codes to per-entry results (LIKE and ordering comparisons on dictionary columns).
enum DictionaryMask {
    /// Bit `i` = `table[codes[i]]`; codes under nulls may be anything, so out-of-range codes give 0.
    @inline(never)
    static func map(_ codes: Buffer, count n: Int, _ table: [UInt8]) -> MutableBuffer {
        var out = MutableBuffer(zeroedCount: Bitmap.wordCount(n), of: UInt64.self)
        codes.withUnsafeBufferPointer(as: UInt32.self) { c in
            table.withUnsafeBufferPointer { t in
                out.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                    for i in 0..<n {
                        let code = Int(c[i])
                        let bit: UInt8 = code < t.count ? t[code] : 0
                        w[i >> 6] |= UInt64(bit) << UInt64(i & 63)
                    }
                }
            }
        }
        return out
    }
}
