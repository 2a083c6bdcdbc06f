#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Dictionary-encodes a STRING/BYTES column of one tokenized CSV batch: each distinct field value gets
/// an Int32 code in order of first appearance, and the column becomes `.dictionary(codes:dictionary:)`.
///
/// Why: low-cardinality string columns (colors, countries, status codes) are the common case in
/// events. Codes make `=`/`<>` with a literal an Int32 compare, and grouping a gather through a dense
/// array, instead of hashing and comparing bytes per row downstream.
///
/// Design: an open-addressing table with linear probing, sized for the batch's distinct limit. A slot
/// holds the value's first 8 bytes (zero-padded), its length and its code, so values of up to 8 bytes
/// (most categorical values) are found without touching the dictionary bytes:
///
///     slot: [ prefix: UInt64 | length: UInt32 | code + 1: UInt32 ]   (code + 1 == 0: empty)
///
/// The encoder gives up (returns nil, the caller decodes plain offsets + bytes) as soon as the distinct
/// count passes `min(maxDistinct, rows / 8)`, so a high-cardinality column costs at most the hashing of
/// the rows read before that point. After a batch gives up, the next batches of that column skip the
/// attempt (1, 2, 4, … up to 64 batches) and then try again, so the choice adapts per batch.
///
/// Nulls follow `UnsafeCSVColumnDecoder.stringField`; a null row gets code 0 and a cleared validity
/// bit. A batch whose rows are all NULL is left plain (an empty dictionary has no code to point at).
///
/// SAFETY: fields read through the fast path lie in the input buffer, which has at least 8 initialized
/// bytes past every field (`UnsafeCSVReadBuffer`'s slack), so an 8-byte load at any position inside a
/// field stays in the allocation; fields unquoted into the scratch buffer take the careful loads.
final class UnsafeCSVDictionaryEncoder {
    /// The most distinct values a dictionary may hold.
    static let maxDistinct = 4096
    /// A dictionary is kept only while it has at most one distinct value per `rowsPerValue` rows.
    static let rowsPerValue = 8
    static let maxSkip = 64

    struct Slot {
        var prefix: UInt64 = 0
        var length: UInt32 = 0
        var code: UInt32 = 0
    }

    private var slots: UnsafeMutablePointer<Slot>
    private var slotCapacity: Int
    /// Per code: its slot (to clear it afterwards), and the entries' offsets into `bytes`.
    private var slotOfCode: UnsafeMutablePointer<Int32>
    private var offsets: UnsafeMutablePointer<Int32>
    private var bytes: UnsafeMutablePointer<UInt8>
    private var byteCapacity: Int
    /// Per schema column: consecutive batches that gave up, and batches still to skip.
    private var misses: [Int]
    private var skip: [Int]

    init(columns: Int) {
        slotCapacity = 2 * UnsafeCSVDictionaryEncoder.maxDistinct
        slots = .allocate(capacity: slotCapacity)
        slots.initialize(repeating: Slot(), count: slotCapacity)
        slotOfCode = .allocate(capacity: UnsafeCSVDictionaryEncoder.maxDistinct + 1)
        offsets = .allocate(capacity: UnsafeCSVDictionaryEncoder.maxDistinct + 2)
        byteCapacity = 4096
        bytes = .allocate(capacity: byteCapacity + 8)
        misses = [Int](repeating: 0, count: columns)
        skip = [Int](repeating: 0, count: columns)
    }

    deinit {
        slots.deallocate()
        slotOfCode.deallocate()
        offsets.deallocate()
        bytes.deallocate()
    }

    /// The distinct limit for a batch of `rows` rows (0: do not try).
    static func limit(rows: Int) -> Int { min(maxDistinct, rows / rowsPerValue) }

    /// Whether to try encoding `column` in this batch (counts down the skips after a give-up).
    func shouldTry(column: Int, rows: Int) -> Bool {
        guard UnsafeCSVDictionaryEncoder.limit(rows: rows) > 0 else { return false }
        if skip[column] > 0 {
            skip[column] -= 1
            return false
        }
        return true
    }

    /// Records whether the attempt for `column` kept its dictionary.
    func record(column: Int, kept: Bool) {
        if kept {
            misses[column] = 0
        } else {
            misses[column] = min(misses[column] + 1, 7)
            skip[column] = min(1 << (misses[column] - 1), UnsafeCSVDictionaryEncoder.maxSkip)
        }
    }

    /// The dictionary-encoded column `column` of the batch, or nil when it has too many distinct values.
    func encode(_ d: UnsafeCSVColumnDecoder, column: Int, type: DataType) -> Column? {
        let rows = d.rows
        let limit = UnsafeCSVDictionaryEncoder.limit(rows: rows)
        var table = Table(slots: slots, mask: slotCapacity - 1, shift: UInt64(64 - slotCapacity.trailingZeroBitCount),
                          slotOfCode: slotOfCode, offsets: offsets, bytes: bytes, byteCapacity: byteCapacity, limit: limit)
        offsets[0] = 0
        var codes = MutableBuffer(uninitializedCount: rows, of: Int32.self)
        var validity: MutableBuffer?
        let complete = codes.withUnsafeMutableBufferPointer(as: Int32.self) { out in
            table.run(d, column: column, out: out.baseAddress!, validity: &validity)
        }
        // The table may have grown its byte store; keep it for the next batch.
        bytes = table.bytes
        byteCapacity = table.byteCapacity
        let distinct = table.count
        table.clear()
        guard complete, distinct > 0 else { return nil }
        let dictionary = DictionaryValues(
            offsets: Buffer(copying: UnsafeBufferPointer(start: offsets, count: distinct + 1)),
            bytes: Buffer(copying: UnsafeBufferPointer(start: bytes, count: Int(offsets[distinct]))),
            count: distinct)
        let bitmap = validity.map { Bitmap(words: $0.freeze(), count: rows) }
        return Column(type: type, count: rows, storage: .dictionary(codes: codes.freeze(), dictionary: dictionary),
                      validity: bitmap)
    }
}

extension UnsafeCSVDictionaryEncoder {
    /// The per-batch probing state, in locals so that the row loop keeps it in registers.
    struct Table {
        let slots: UnsafeMutablePointer<Slot>
        let mask: Int
        let shift: UInt64
        let slotOfCode: UnsafeMutablePointer<Int32>
        let offsets: UnsafeMutablePointer<Int32>
        var bytes: UnsafeMutablePointer<UInt8>
        var byteCapacity: Int
        let limit: Int
        var count = 0

        static let k0: UInt64 = 0x9E37_79B9_7F4A_7C15
        static let k1: UInt64 = 0xC2B2_AE3D_27D4_EB4F

        /// Codes every row into `out`; false when the distinct count passed the limit.
        @inline(never)
        mutating func run(_ d: UnsafeCSVColumnDecoder, column: Int, out: UnsafeMutablePointer<Int32>,
                          validity: inout MutableBuffer?) -> Bool {
            let p = d.p, spans = d.spans, quote = d.quote, nullCount = d.nullCount
            let stride = d.fieldCount &* 2
            var k = column &* 2
            for r in 0..<d.rows {
                let s = Int(spans[k]), e = Int(spans[k &+ 1])
                k &+= stride
                let length = e &- s
                if length == 0 || p[s] == quote || length == nullCount {
                    // Empty, quoted or possibly the null literal: the careful path.
                    guard let field = d.stringField(r, column) else {
                        out[r] = 0
                        UnsafeCSVDictionaryEncoder.clearBit(r, rows: d.rows, in: &validity)
                        continue
                    }
                    guard let code = find(field.baseAddress ?? p, field.count, inInput: false) else { return false }
                    out[r] = code
                    continue
                }
                guard let code = find(p + s, length, inInput: true) else { return false }
                out[r] = code
            }
            return true
        }

        /// The code of the value at `v ..< v + n`, inserting it; nil when a new value would pass the limit.
        @inline(__always)
        mutating func find(_ v: UnsafePointer<UInt8>, _ n: Int, inInput: Bool) -> Int32? {
            let prefix = Table.load(v, n, inInput: inInput)
            var h = (prefix &+ UInt64(truncatingIfNeeded: n)) &* Table.k0
            if n > 8 { h = Table.hashTail(v, n, h, inInput: inInput) }
            var i = Int(truncatingIfNeeded: h >> shift)
            while true {
                let slot = slots[i]
                if slot.code == 0 { return insert(v, n, prefix, at: i) }
                if slot.prefix == prefix && Int(slot.length) == n
                    && (n <= 8 || memcmp(v + 8, bytes + Int(offsets[Int(slot.code &- 1)]) + 8, n &- 8) == 0) {
                    return Int32(bitPattern: slot.code &- 1)
                }
                i = (i &+ 1) & mask
            }
        }

        @inline(never)
        mutating func insert(_ v: UnsafePointer<UInt8>, _ n: Int, _ prefix: UInt64, at i: Int) -> Int32? {
            guard count < limit else { return nil }
            let start = Int(offsets[count])
            if start + n > byteCapacity { grow(to: start + n) }
            (bytes + start).update(from: v, count: n)
            offsets[count + 1] = Int32(truncatingIfNeeded: start + n)
            slotOfCode[count] = Int32(truncatingIfNeeded: i)
            count += 1
            slots[i] = Slot(prefix: prefix, length: UInt32(truncatingIfNeeded: n), code: UInt32(truncatingIfNeeded: count))
            return Int32(truncatingIfNeeded: count - 1)
        }

        mutating func grow(to needed: Int) {
            var capacity = byteCapacity * 2
            while capacity < needed { capacity *= 2 }
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + 8)
            grown.update(from: bytes, count: Int(offsets[count]))
            bytes.deallocate()
            bytes = grown
            byteCapacity = capacity
        }

        /// Empties the slots this batch used.
        func clear() {
            for c in 0..<count { slots[Int(slotOfCode[c])] = Slot() }
        }

        /// The first `min(n, 8)` bytes as a little-endian word, zero-padded.
        @inline(__always)
        static func load(_ v: UnsafePointer<UInt8>, _ n: Int, inInput: Bool) -> UInt64 {
            let keep: UInt64 = n >= 8 ? ~0 : (1 &<< UInt64(truncatingIfNeeded: n &* 8)) &- 1
            if inInput || n >= 8 {
                // SAFETY: see the type's comment; inside the input, 8 bytes past `v` are readable.
                return UInt64(littleEndian: UnsafeRawPointer(v).loadUnaligned(as: UInt64.self)) & keep
            }
            var word: UInt64 = 0
            withUnsafeMutableBytes(of: &word) { $0.baseAddress!.copyMemory(from: v, byteCount: n) }
            return UInt64(littleEndian: word)
        }

        /// Mixes the bytes after the first 8 into `h`.
        @inline(__always)
        static func hashTail(_ v: UnsafePointer<UInt8>, _ n: Int, _ seed: UInt64, inInput: Bool) -> UInt64 {
            var h = seed
            var i = 8
            while i < n {
                let w = load(v + i, n &- i, inInput: inInput)
                h = (h ^ w) &* k1
                h ^= h &>> 29
                i &+= 8
            }
            return (h ^ (h &>> 32)) &* k0
        }
    }

    /// Marks row `r` NULL in `validity`, creating an all-valid bitmap on the first NULL.
    static func clearBit(_ r: Int, rows: Int, in validity: inout MutableBuffer?) {
        if validity == nil {
            var words = MutableBuffer(uninitializedCount: Bitmap.wordCount(rows), of: UInt64.self)
            words.withUnsafeMutableBufferPointer(as: UInt64.self) { $0.update(repeating: ~0) }
            validity = words
        }
        validity!.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
            w[r >> 6] &= ~(1 &<< UInt64(r & 63))
        }
    }
}
