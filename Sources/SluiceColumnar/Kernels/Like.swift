/// SQL `[NOT] LIKE` over a STRING column with a constant pattern (see `LikePattern` for the rules).
///
/// The pattern is compiled once per call; plain columns test each row's bytes, dictionary columns
/// test each dictionary entry once and map the codes. NULL rows stay NULL, also for NOT LIKE.
public enum Like {
    public static func like(_ c: Column, pattern: String, escape: Character? = nil,
                            negated: Bool = false) throws(SluiceError) -> Column {
        guard c.type == .string else {
            throw .invalidInput("LIKE expects a STRING operand, found \(c.type); cast it first (CAST(x AS STRING))")
        }
        let compiled = try LikePattern(pattern, escape: escape)
        var words: MutableBuffer
        switch c.storage {
        case .variable(let offsets, let bytes):
            words = rows(offsets, bytes, c.count, compiled)
        case .dictionary(let codes, let dictionary):
            words = DictionaryMask.map(codes, count: c.count, entries(dictionary, compiled))
        default:
            preconditionFailure("STRING column without offsets or dictionary storage")
        }
        if negated { BitmapWords.invert(&words, count: c.count) }
        return BitmapWords.booleanColumn(words, count: c.count, validity: c.validity)
    }

    @inline(never)
    private static func rows(_ offsets: Buffer, _ bytes: Buffer, _ n: Int, _ pattern: LikePattern) -> MutableBuffer {
        var out = MutableBuffer(zeroedCount: Bitmap.wordCount(n), of: UInt64.self)
        offsets.withUnsafeBufferPointer(as: Int32.self) { off in
            bytes.withUnsafeBufferPointer(as: UInt8.self) { data in
                out.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                    pattern.withMatcher { matcher in
                        let base = data.baseAddress!
                        for i in 0..<n {
                            let start = Int(off[i])
                            let hit = matcher.matches(base + start, Int(off[i + 1]) - start)
                            w[i >> 6] |= UInt64(unsafeBitCast(hit, to: UInt8.self)) << UInt64(i & 63)
                        }
                    }
                }
            }
        }
        return out
    }

    private static func entries(_ dictionary: DictionaryValues, _ pattern: LikePattern) -> [UInt8] {
        dictionary.offsets.withUnsafeBufferPointer(as: Int32.self) { off in
            dictionary.bytes.withUnsafeBufferPointer(as: UInt8.self) { data in
                pattern.withMatcher { matcher in
                    (0..<dictionary.count).map { code in
                        let start = Int(off[code])
                        return matcher.matches(data.baseAddress! + start, Int(off[code + 1]) - start) ? 1 : 0
                    }
                }
            }
        }
    }
}
