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
/// or a table's byte array) with a length that stays inside them.
///
/// Deferred copies: values cut from large random-access tables (the 1 MiB `extra` pool, the channel
/// URLs) miss the cache on every row. `appendDeferred` reserves the destination and prefetches the
/// source now, and copies `pendingLimit` rows later, so the misses overlap the generation of the
/// rows in between. `flushDeferred` must run while the sources are still valid (the generator calls
/// it inside its table-pointer scope), and before `finish`.
struct UnsafeNexmarkStringWriter {
    private var offsets: MutableBuffer
    private var bytes: MutableBuffer
    private let offsetBase: UnsafeMutablePointer<Int32>
    private var byteBase: UnsafeMutableRawPointer
    private let rows: Int
    private(set) var count = 0
    private var used = 0
    /// Copies not yet made: (source, destination offset, length) per row.
    private var pending: MutableBuffer
    private let pendingBase: UnsafeMutablePointer<PendingCopy>
    private var pendingCount = 0
    static let pendingLimit = 32
    /// Bytes a chunked copy may read past a source's end and write past a value's end.
    static let slack = 16

    struct PendingCopy {
        var source: UnsafePointer<UInt8>
        var offset: Int
        var length: Int
    }

    init(rows: Int, bytesPerRow: Int) {
        self.rows = rows
        offsets = MutableBuffer(uninitializedCount: rows + 1, of: Int32.self)
        bytes = MutableBuffer(uninitializedCount: max(64, rows * bytesPerRow), of: UInt8.self)
        // SAFETY: both storages are 64-byte aligned, owned by this value and never reallocated
        // except by `grow`, which refreshes `byteBase`.
        offsetBase = offsets.storage.pointer.assumingMemoryBound(to: Int32.self)
        byteBase = bytes.storage.pointer
        offsetBase[0] = 0
        pending = MutableBuffer(uninitializedCount: Self.pendingLimit, of: PendingCopy.self)
        // SAFETY: 64-byte aligned, owned by this value, never reallocated.
        pendingBase = pending.storage.pointer.bindMemory(to: PendingCopy.self, capacity: Self.pendingLimit)
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

    /// Appends `length` bytes at `start`, copied later (see the type's notes); `start` must stay valid
    /// until `flushDeferred`.
    @inline(__always)
    mutating func appendDeferred(_ start: UnsafePointer<UInt8>, _ length: Int) {
        precondition(count < rows, "more strings than the writer was sized for")
        if used + length + Self.slack > bytes.byteCount { grow(used + length + Self.slack) }
        sluice_prefetch(start)
        sluice_prefetch(start + max(length - 1, 0))
        pendingBase[pendingCount] = PendingCopy(source: start, offset: used, length: length)
        pendingCount += 1
        used += length
        count += 1
        offsetBase[count] = Int32(truncatingIfNeeded: used)
        if pendingCount == Self.pendingLimit { copyPending() }
    }

    /// Appends string `i` of `strings`, whose bytes are at `base`, copied later.
    @inline(__always)
    mutating func appendDeferred(_ strings: UnsafePointer<Int32>, _ base: UnsafePointer<UInt8>, _ i: Int) {
        let start = Int(strings[i])
        appendDeferred(base + start, Int(strings[i + 1]) - start)
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

    /// Makes the deferred copies now.
    mutating func flushDeferred() { copyPending() }

    @inline(never)
    private mutating func copyPending() {
        for k in 0..<pendingCount {
            let p = pendingBase[k]
            // SAFETY: the destination range was reserved by `appendDeferred` and `bytes` only grows.
            Self.copyChunks(byteBase + p.offset, p.source, p.length)
        }
        pendingCount = 0
    }

    @inline(never)
    private mutating func grow(_ needed: Int) {
        precondition(needed <= Int(Int32.max), "string column exceeds 2 GiB; use smaller batches")
        bytes.resize(byteCount: max(needed, bytes.byteCount * 2))
        byteBase = bytes.storage.pointer
    }

    consuming func finish() -> Column {
        precondition(pendingCount == 0, "deferred copies not flushed before finish")
        let n = count
        offsets.resize(byteCount: (n + 1) * 4)
        bytes.resize(byteCount: used)
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
