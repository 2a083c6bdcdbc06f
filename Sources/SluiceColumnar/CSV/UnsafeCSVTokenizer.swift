/// Splits CSV records into field spans in place, without copying or allocating.
///
/// For each record it writes one `(start, end)` pair of Int32 per expected field, relative to a
/// base position chosen by the caller (the start of the batch), so a batch of records becomes a
/// `rows × fields` matrix of spans that the column decoders walk column by column:
///
///     spans: [r0.f0.start, r0.f0.end, r0.f1.start, r0.f1.end, …, r1.f0.start, …]
///
/// A quoted field's span includes its quotes (the decoder strips them and unescapes doubled quotes),
/// so the tokenizer never writes into the input. A CR before the LF that ends a record is dropped.
/// Quotes are special only at the start of a field (RFC 4180); elsewhere they are ordinary bytes.
///
/// `scan` is the careful path, one record at a time; runs of plain records (no quote, LF-terminated)
/// go through the structural-index fast path `plainRecords` (UnsafeCSVTokenizer+Plain.swift) first.
///
/// SAFETY: callers pass `p` valid for `count + 8` bytes (`count` of data, 8 of initialized slack for
/// word loads) and `spans` valid for `2 * fieldCount` Int32s.
struct UnsafeCSVTokenizer {
    let delimiter: UInt8
    let quote: UInt8
    let fieldCount: Int

    enum Status: UInt8 {
        /// A whole record: `fields` fields, the next record starts at `next`.
        case record
        /// A line with no bytes (or only CR); skip to `next`.
        case emptyLine
        /// The input ends inside this record and more bytes may follow: refill and scan again.
        case incomplete
        /// No more input at `start`.
        case end
        /// A quoted field (number `fields`, 0-based) is not closed before the end of the input; the
        /// record runs to `next`.
        case unterminatedQuote
        /// A byte other than a delimiter or line end follows the closing quote of field `fields` at
        /// `problem`; the record is skipped up to `next`.
        case junkAfterQuote
    }

    struct Scan {
        var status: Status
        var next: Int
        var fields: Int = 0
        var problem: Int = 0
    }

    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D

    /// Scans the record that starts at `start`.
    @inline(__always)
    func scan(_ p: UnsafePointer<UInt8>, from start: Int, count n: Int, atEnd: Bool,
              spans: UnsafeMutablePointer<Int32>, spanBase: Int) -> Scan {
        let lf = UnsafeCSVTokenizer.lf, cr = UnsafeCSVTokenizer.cr
        var i = start
        if i >= n { return Scan(status: atEnd ? .end : .incomplete, next: i) }
        if p[i] == lf { return Scan(status: .emptyLine, next: i + 1) }
        if p[i] == cr {
            if i + 1 < n {
                if p[i + 1] == lf { return Scan(status: .emptyLine, next: i + 2) }
            } else {
                return atEnd ? Scan(status: .emptyLine, next: n) : Scan(status: .incomplete, next: i)
            }
        }
        var field = 0
        while true {
            let fieldStart = i
            var fieldEnd: Int
            if i < n && p[i] == quote {
                var j = i + 1
                while true {
                    j = findQuote(p, from: j, count: n)
                    if j >= n {
                        return atEnd ? Scan(status: .unterminatedQuote, next: n, fields: field, problem: i)
                                     : Scan(status: .incomplete, next: start)
                    }
                    if j + 1 >= n && !atEnd { return Scan(status: .incomplete, next: start) }
                    if j + 1 < n && p[j + 1] == quote { j += 2; continue }
                    break
                }
                fieldEnd = j + 1
                i = j + 1
                if i < n && p[i] == cr {
                    if i + 1 >= n {
                        if !atEnd { return Scan(status: .incomplete, next: start) }
                        i += 1
                    } else if p[i + 1] == lf {
                        i += 1
                    }
                }
                if i < n && p[i] != delimiter && p[i] != lf {
                    return skipLine(p, problem: i, field: field, count: n, atEnd: atEnd, start: start)
                }
            } else {
                let j = findDelimiterOrLF(p, from: i, count: n)
                if j >= n && !atEnd { return Scan(status: .incomplete, next: start) }
                fieldEnd = j
                // Drop the CR of a CRLF line end (or of a CR just before the end of the input).
                if (j >= n || p[j] == lf) && j > fieldStart && p[j - 1] == cr { fieldEnd = j - 1 }
                i = j
            }
            if field < fieldCount {
                spans[2 &* field] = Int32(truncatingIfNeeded: fieldStart &- spanBase)
                spans[2 &* field &+ 1] = Int32(truncatingIfNeeded: fieldEnd &- spanBase)
            }
            field += 1
            if i < n && p[i] == delimiter {
                i += 1
                continue
            }
            return Scan(status: .record, next: i < n ? i + 1 : n, fields: field)
        }
    }

    // MARK: Word-at-a-time search
    //
    // The input buffer has 8 readable bytes past its end (`UnsafeCSVReadBuffer`), so the searches load
    // 8 bytes at a time and clamp the result to `count`. A byte equal to `c` is a zero byte of
    // `word ^ broadcast(c)`; `zeroBytes` marks the lowest such byte exactly (higher marks can be false
    // positives from the borrow, and are never used).

    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    static func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }

    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>, _ i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
    }

    /// The position of the first delimiter or LF at or after `from`, or `count` when there is none.
    @inline(__always)
    func findDelimiterOrLF(_ p: UnsafePointer<UInt8>, from: Int, count n: Int) -> Int {
        let d = UInt64(delimiter) &* UnsafeCSVTokenizer.ones
        let l = UInt64(UnsafeCSVTokenizer.lf) &* UnsafeCSVTokenizer.ones
        var j = from
        while j < n {
            let w = UnsafeCSVTokenizer.load(p, j)
            let m = UnsafeCSVTokenizer.zeroBytes(w ^ d) | UnsafeCSVTokenizer.zeroBytes(w ^ l)
            if m != 0 { return min(j &+ m.trailingZeroBitCount &>> 3, n) }
            j &+= 8
        }
        return n
    }

    /// The position of the first quote at or after `from`, or `count` when there is none.
    @inline(__always)
    func findQuote(_ p: UnsafePointer<UInt8>, from: Int, count n: Int) -> Int {
        let q = UInt64(quote) &* UnsafeCSVTokenizer.ones
        var j = from
        while j < n {
            let m = UnsafeCSVTokenizer.zeroBytes(UnsafeCSVTokenizer.load(p, j) ^ q)
            if m != 0 { return min(j &+ m.trailingZeroBitCount &>> 3, n) }
            j &+= 8
        }
        return n
    }

    /// The rest of a malformed line: from `problem` to just after the next LF.
    @inline(never)
    func skipLine(_ p: UnsafePointer<UInt8>, problem: Int, field: Int, count n: Int, atEnd: Bool, start: Int) -> Scan {
        var j = problem
        while j < n && p[j] != UnsafeCSVTokenizer.lf { j += 1 }
        if j >= n && !atEnd { return Scan(status: .incomplete, next: start) }
        return Scan(status: .junkAfterQuote, next: j < n ? j + 1 : n, fields: field, problem: problem)
    }

    /// The position just after the first LF at or after `from`, or nil when there is none before `count`.
    func lineStart(after from: Int, _ p: UnsafePointer<UInt8>, count n: Int) -> Int? {
        var j = from
        while j < n {
            if p[j] == UnsafeCSVTokenizer.lf { return j + 1 }
            j += 1
        }
        return nil
    }
}
