import CShims

/// The fast path of the tokenizer: runs of plain records, found through a structural index.
///
/// 64 bytes at a time are classified into bitmasks (bit `i` = byte `i` of the block) of delimiters and
/// LFs (the structural positions), LFs alone, and quotes; then the set bits are walked with
/// `trailingZeroBitCount`, one per field, so the per-field work has no byte loop and few branches:
///
///     bytes:      r e d , 1 2 \n b l u e , 7 \n …
///     structural: 0 0 0 1 0 0 1  0 0 0 0 1 0 1  …
///     lf:         0 0 0 0 0 0 1  0 0 0 0 0 0 1  …
///
/// A record is plain when it ends with an LF inside the window, contains no quote, is not an empty
/// line and has the expected field count. The walk stops (without consuming it) at the first record
/// that is not plain, at the split limit, at `maxRows`, or when the next block would pass the end of
/// the data; the caller then runs the careful `scan` on that record, which decides everything the
/// fast path does not (quotes, errors, refills, the end of the input), and comes back. A CR just
/// before the LF is dropped from the last field, as `scan` does; any other CR is an ordinary byte.
///
/// Classification is `sluice_csv_classify64` in CShims: SSE2 compares and `movemask` (16 bytes per
/// instruction). On the baseline x86-64 target neither a plain Swift byte loop into `UInt64` masks
/// nor SWAR words classified well (LLVM turned the SWAR multiplies into slow vector `pmuludq`
/// sequences, and Swift has no movemask), and classification is most of the tokenizer's time.
///
/// SAFETY: as `scan`: `p` is valid for `count` bytes (blocks are classified only when all 64 of
/// their bytes lie below `count`), `spans` for `2 * fieldCount * maxRows` Int32s.
extension UnsafeCSVTokenizer {
    typealias Block = sluice_csv_block

    @inline(__always)
    func classify(_ p: UnsafePointer<UInt8>, _ at: Int) -> Block {
        sluice_csv_classify64(p + at, delimiter, quote)
    }

    /// Tokenizes plain records from `start` (a record start); returns how many and where the next
    /// record starts. Record `r`'s spans go to `spans + r * 2 * fieldCount`.
    @inline(never)
    func plainRecords(_ p: UnsafePointer<UInt8>, from start: Int, count n: Int, limit: Int, maxRows: Int,
                      spans: UnsafeMutablePointer<Int32>, spanBase: Int) -> (rows: Int, next: Int) {
        var blockStart = start
        guard maxRows > 0, start < limit, blockStart &+ 64 <= n else { return (0, start) }
        var block = classify(p, blockStart)
        var bits = block.structural
        // Quotes at or after the current record's start; `dirty` remembers them from earlier blocks.
        var quotes = block.quote
        var dirty = false
        var rows = 0
        var recordStart = start
        var fieldStart = start
        var field = 0
        var out = spans
        let stride = 2 &* fieldCount
        while true {
            while bits == 0 {
                dirty = dirty || quotes != 0
                blockStart &+= 64
                guard blockStart &+ 64 <= n else { return (rows, recordStart) }
                block = classify(p, blockStart)
                bits = block.structural
                quotes = block.quote
            }
            let t = bits.trailingZeroBitCount
            let at = blockStart &+ t
            bits &= bits &- 1
            let isLF = (block.lf &>> UInt64(t)) & 1 != 0
            var end = at
            if isLF && end > fieldStart && p[end &- 1] == UnsafeCSVTokenizer.cr { end &-= 1 }
            if field < fieldCount {
                out[2 &* field] = Int32(truncatingIfNeeded: fieldStart &- spanBase)
                out[2 &* field &+ 1] = Int32(truncatingIfNeeded: end &- spanBase)
            }
            field &+= 1
            fieldStart = at &+ 1
            guard isLF else { continue }
            let upToHere = (2 &<< UInt64(t)) &- 1
            let quoted = dirty || quotes & upToHere != 0
            quotes &= ~upToHere
            dirty = false
            // Not plain: quotes, the wrong field count, or an empty line (only a CR, or nothing).
            if quoted || field != fieldCount || (field == 1 && end == recordStart) { return (rows, recordStart) }
            rows &+= 1
            out += stride
            recordStart = fieldStart
            field = 0
            if rows == maxRows || recordStart >= limit { return (rows, recordStart) }
        }
    }
}
