import CShims
import SluiceColumnar

/// Appends strings of one column as offsets + bytes straight from byte ranges, with no `String`,
/// no allocation per row and no call into another module per row: the generator's hot loop writes
/// every VARCHAR field through it.
///
/// Copies move 16-byte chunks (no libc call for these short strings), so every source must be
/// readable for `slack` bytes past its end (the tables and the scratch buffer are padded) and the
/// destination keeps `slack` spare bytes.
///
/// Layout while writing: `offsets` holds `rows + 1` Int32 slots (rows is a hard upper bound given
/// at init), `bytes` is a buffer whose first `used` bytes are reserved; it doubles when full. The
/// pointer overloads are the fence: callers pass pointers into buffers they own (a scratch buffer
/// or a table's byte array) with a length that stays inside them. Values cut from the large shared
/// tables go through `UnsafeNexmarkStringRefWriter` instead.
struct UnsafeNexmarkStringWriter {
    private var offsets: MutableBuffer
    private var bytes: MutableBuffer
    private let offsetBase: UnsafeMutablePointer<Int32>
    private var byteBase: UnsafeMutableRawPointer
    private let rows: Int
    private(set) var count = 0
    private var used = 0
    /// Bytes a chunked copy may read past a source's end and write past a value's end.
    static let slack = 16

    init(rows: Int, bytesPerRow: Int) {
        self.rows = rows
        offsets = MutableBuffer(uninitializedCount: rows + 1, of: Int32.self)
        bytes = MutableBuffer(uninitializedCount: max(64, rows * bytesPerRow), of: UInt8.self)
        // SAFETY: both storages are 64-byte aligned, owned by this value and never reallocated
        // except by `grow`, which refreshes `byteBase`.
        offsetBase = offsets.storage.pointer.assumingMemoryBound(to: Int32.self)
        byteBase = bytes.storage.pointer
        offsetBase[0] = 0
    }

    /// Appends `length` bytes at `start`.
    @inline(__always)
    mutating func append(_ start: UnsafePointer<UInt8>, _ length: Int) {
        precondition(count < rows, "more strings than the writer was sized for")
        if used + length + Self.slack > bytes.byteCount { grow(used + length + Self.slack) }
        // SAFETY: callers guarantee `start ..< start + length + slack` lies inside one live buffer;
        // the destination has room after `grow`.
        Self.copyChunks(byteBase + used, start, length)
        used += length
        count += 1
        offsetBase[count] = Int32(truncatingIfNeeded: used)
    }

    /// Appends string `i` of `strings`, whose bytes are at `base`.
    @inline(__always)
    mutating func append(_ strings: UnsafePointer<Int32>, _ base: UnsafePointer<UInt8>, _ i: Int) {
        // SAFETY: `strings` has count + 1 offsets into `base`, and `i` is below count.
        let start = Int(strings[i])
        append(base + start, Int(strings[i + 1]) - start)
    }

    /// Copies `length` bytes in 16-byte chunks, reading and writing up to `slack - 1` bytes more.
    @inline(__always)
    static func copyChunks(_ dst: UnsafeMutableRawPointer, _ src: UnsafePointer<UInt8>, _ length: Int) {
        let from = UnsafeRawPointer(src)
        var i = 0
        while i < length {
            dst.storeBytes(of: from.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self), toByteOffset: i,
                           as: SIMD16<UInt8>.self)
            i &+= 16
        }
    }

    @inline(never)
    private mutating func grow(_ needed: Int) {
        precondition(needed <= Int(Int32.max), "string column exceeds 2 GiB; use smaller batches")
        bytes.resize(byteCount: max(needed, bytes.byteCount * 2))
        byteBase = bytes.storage.pointer
    }

    consuming func finish() -> Column {
        let n = count
        offsets.resize(byteCount: (n + 1) * 4)
        bytes.resize(byteCount: used)
        return Column(type: .string, count: n, storage: .variable(offsets: offsets.freeze(), bytes: bytes.freeze()))
    }
}

/// Records each row of a string column as a reference into a shared table, either a slice of a
/// source (the `extra` pool) or the index of a flat table's string (a bid's channel, which picks
/// both its name and its URL), and builds the column after the event loop: one store per row in the
/// generator's loop, and the copies, whose sources miss the cache, back to back in one tight loop
/// where their loads overlap.
struct UnsafeNexmarkStringRefWriter {
    /// Per row `start << 32 | length`, or the index.
    private var refs: MutableBuffer
    private let base: UnsafeMutablePointer<UInt64>
    private let rows: Int
    private(set) var count = 0

    init(rows: Int) {
        self.rows = rows
        refs = MutableBuffer(uninitializedCount: max(rows, 1), of: UInt64.self)
        // SAFETY: 64-byte aligned, owned by this value, never reallocated.
        base = refs.storage.pointer.bindMemory(to: UInt64.self, capacity: max(rows, 1))
    }

    @inline(__always)
    mutating func append(start: Int, length: Int) {
        append(UInt64(truncatingIfNeeded: start) << 32 | UInt64(truncatingIfNeeded: length))
    }

    @inline(__always)
    mutating func append(index: Int) { append(UInt64(truncatingIfNeeded: index)) }

    @inline(__always)
    private mutating func append(_ ref: UInt64) {
        precondition(count < rows, "more strings than the writer was sized for")
        base[count] = ref
        count += 1
    }

    /// The column of the recorded slices of `source`; each slice plus `slack` bytes must lie inside it.
    func finish(slicesOf source: UnsafePointer<UInt8>) -> Column {
        let b = base
        return UnsafeNexmarkStringColumns.build(count: count, source) { i in
            (Int(truncatingIfNeeded: b[i] >> 32), Int(truncatingIfNeeded: b[i] & 0xFFFF_FFFF))
        }
    }

    /// The column of the recorded strings of a flat table (`starts` has one more entry than the
    /// table has strings, every recorded index is below that count, and `bytes` is padded by `slack`).
    func finish(indexesInto starts: UnsafePointer<Int32>, bytes: UnsafePointer<UInt8>) -> Column {
        let b = base
        return UnsafeNexmarkStringColumns.build(count: count, bytes) { i in
            let k = Int(truncatingIfNeeded: b[i]), start = Int(starts[k])
            return (start, Int(starts[k + 1]) - start)
        }
    }
}

/// Builds a string column from slices of one source in two tight passes: the total size (one
/// allocation, no growth checks), then offsets and 16-byte chunk copies with a prefetch a few rows
/// ahead.
enum UnsafeNexmarkStringColumns {
    static let prefetchDistance = 8

    @inline(__always)
    static func build(count n: Int, _ source: UnsafePointer<UInt8>, _ slice: (Int) -> (start: Int, length: Int)) -> Column {
        var total = 0
        for i in 0..<n { total &+= slice(i).length }
        precondition(total <= Int(Int32.max), "string column exceeds 2 GiB; use smaller batches")
        let offsets = MutableBuffer(uninitializedCount: n + 1, of: Int32.self)
        var bytes = MutableBuffer(uninitializedCount: total + UnsafeNexmarkStringWriter.slack, of: UInt8.self)
        // SAFETY: both storages are 64-byte aligned and owned here; `bytes` has `slack` spare bytes
        // for the chunked copies, and the sources are padded by `slack` (the callers' contract).
        let o = offsets.storage.pointer.bindMemory(to: Int32.self, capacity: n + 1)
        let out = bytes.storage.pointer
        o[0] = 0
        var used = 0
        for i in 0..<n {
            if i &+ prefetchDistance < n { sluice_prefetch(source + slice(i &+ prefetchDistance).start) }
            let (start, length) = slice(i)
            UnsafeNexmarkStringWriter.copyChunks(out + used, source + start, length)
            used &+= length
            o[i &+ 1] = Int32(truncatingIfNeeded: used)
        }
        bytes.resize(byteCount: total)
        return Column(type: .string, count: n, storage: .variable(offsets: offsets.freeze(), bytes: bytes.freeze()))
    }
}

/// Appends Int64 values (ids, prices, timestamps in µs) to a column sized for a hard upper bound of
/// rows, through a pointer: one store per value, no call into another module per row.
struct UnsafeNexmarkInt64Writer {
    private var values: MutableBuffer
    private let base: UnsafeMutablePointer<Int64>
    private let rows: Int
    private(set) var count = 0
    let type: DataType

    init(_ type: DataType = .int64, rows: Int) {
        self.type = type
        self.rows = rows
        values = MutableBuffer(uninitializedCount: max(rows, 1), of: Int64.self)
        // SAFETY: the storage is 64-byte aligned, owned by this value and never reallocated (the
        // buffer only shrinks in `finish`).
        base = values.storage.pointer.assumingMemoryBound(to: Int64.self)
    }

    @inline(__always)
    mutating func append(_ v: Int64) {
        precondition(count < rows, "more values than the writer was sized for")
        base[count] = v
        count += 1
    }

    /// Appends a price's argument (`nextDouble() · 6`), held as its bits until `resolvePrices`.
    @inline(__always)
    mutating func appendPriceArgument(_ x: Double) { append(Int64(bitPattern: x.bitPattern)) }

    /// Replaces every value, a price argument, with its price (`NexmarkPrice`): one tight loop after
    /// the events are drawn, so the arithmetic's latency stays out of the generator's loop.
    @inline(never)
    mutating func resolvePrices(_ scale: UnsafePointer<Double>) {
        for i in 0..<count { base[i] = NexmarkPrice.price(Double(bitPattern: UInt64(bitPattern: base[i])), scale: scale) }
    }

    /// `resolvePrices`, then adds the values of `other` (of the same count) row by row.
    @inline(never)
    mutating func resolvePrices(_ scale: UnsafePointer<Double>, adding other: borrowing UnsafeNexmarkInt64Writer) {
        precondition(other.count == count, "price columns of different lengths")
        let add = other.base
        // SAFETY: both writers hold `count` initialized values.
        for i in 0..<count {
            base[i] = NexmarkPrice.price(Double(bitPattern: UInt64(bitPattern: base[i])), scale: scale) &+ add[i]
        }
    }

    consuming func finish() -> Column {
        let n = count
        values.resize(byteCount: n * 8)
        return Column(type: type, count: n, storage: .fixed(values.freeze()))
    }
}
