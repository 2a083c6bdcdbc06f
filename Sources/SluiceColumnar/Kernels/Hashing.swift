/// Stable 64-bit hashes of one or more key columns, one per row.
///
/// The hash decides key groups (see `KeyGroups`) and therefore which subtask owns which state, so it
/// is part of the checkpoint and savepoint format: it must give the same numbers on every run,
/// process and machine. **Changing any function in this file breaks restoring existing savepoints**;
/// the golden-value tests in `HashingTests` exist to catch that.
///
/// Definition (all arithmetic wrapping, all loads little-endian):
///
///     integer-like (int8…int64, date, time, timestamp, interval), boolean (0/1):
///                       fmix64(UInt64(bitPattern: Int64(value)))        widened, so INT 5 == BIGINT 5
///     float32/float64:  fmix64(Double(value).bitPattern), with -0.0 → 0.0 and every NaN → 0x7FF8…0
///     decimal(p, s):    combine(combine(fmix64(lo), fmix64(hi)), UInt64(s))  of the Int128 unscaled value
///     string/binary:    XXH64(bytes, seed 0); a dictionary column hashes each dictionary entry once
///     row:              children combined in order, like a multi-column key
///     NULL:             `Hashing.nullHash`
///     several columns:  h = hash(col0); h = combine(h, hash(colN)) for each further column, in order
///
/// `fmix64` is MurmurHash3's 64-bit finalizer; `combine(a, b) = fmix64(a ^ (b + φ + (a << 6) + (a >> 2)))`.
public enum Hashing {
    /// The hash of a NULL key value (in any column position).
    public static let nullHash: UInt64 = 0x5EED_0F_5A_1C_E0_0001

    static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15
    static let canonicalNaN: UInt64 = 0x7FF8_0000_0000_0000

    /// One hash per physical row of the columns (all with the same row count), combined in order.
    public static func hash(_ columns: [Column]) -> Buffer {
        precondition(!columns.isEmpty, "hashing needs at least one key column")
        let n = columns[0].count
        precondition(columns.allSatisfy { $0.count == n }, "key columns differ in row count")
        var out = MutableBuffer(uninitializedCount: n, of: UInt64.self)
        out.withUnsafeMutableBufferPointer(as: UInt64.self) { dst in
            hash(columns, into: dst)
        }
        return out.freeze()
    }

    /// Writes the combined hash of every row into `out` (which holds at least the row count).
    static func hash(_ columns: [Column], into out: UnsafeMutableBufferPointer<UInt64>) {
        let n = columns[0].count
        guard n > 0 else { return }
        hashColumn(columns[0], into: out)
        guard columns.count > 1 else { return }
        var scratch = MutableBuffer(uninitializedCount: n, of: UInt64.self)
        scratch.withUnsafeMutableBufferPointer(as: UInt64.self) { tmp in
            for column in columns.dropFirst() {
                hashColumn(column, into: tmp)
                combineLoop(out, tmp, n)
            }
        }
    }

    @inline(never)
    static func combineLoop(_ out: UnsafeMutableBufferPointer<UInt64>, _ tmp: UnsafeMutableBufferPointer<UInt64>, _ n: Int) {
        for i in 0..<n { out[i] = combine(out[i], tmp[i]) }
    }

    // MARK: - Scalar building blocks (public so that tests and the state backend can hash one value)

    /// MurmurHash3's 64-bit finalizer.
    @inlinable @inline(__always)
    public static func fmix64(_ value: UInt64) -> UInt64 {
        var k = value
        k ^= k >> 33
        k &*= 0xFF51_AFD7_ED55_8CCD
        k ^= k >> 33
        k &*= 0xC4CE_B9FE_1A85_EC53
        k ^= k >> 33
        return k
    }

    /// Combines the running hash of the previous key columns with the hash of the next one.
    @inlinable @inline(__always)
    public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        fmix64(a ^ (b &+ 0x9E37_79B9_7F4A_7C15 &+ (a << 6) &+ (a >> 2)))
    }

    /// The hash of an integer-like value (any width, widened to Int64 first).
    @inlinable @inline(__always)
    public static func hashInt(_ value: Int64) -> UInt64 { fmix64(UInt64(bitPattern: value)) }

    /// The hash of a floating-point value; 0.0 and -0.0 hash alike, as do all NaNs.
    @inlinable @inline(__always)
    public static func hashDouble(_ value: Double) -> UInt64 {
        let bits = value == 0 ? 0 : (value.isNaN ? 0x7FF8_0000_0000_0000 : value.bitPattern)
        return fmix64(bits)
    }

    /// The hash of a decimal's unscaled value at its scale.
    @inlinable @inline(__always)
    public static func hashDecimal(_ unscaled: Int128, scale: Int) -> UInt64 {
        let bits = UInt128(bitPattern: unscaled)
        let lo = UInt64(truncatingIfNeeded: bits)
        let hi = UInt64(truncatingIfNeeded: bits >> 64)
        return combine(combine(fmix64(lo), fmix64(hi)), UInt64(scale))
    }

    /// XXH64 of the bytes with seed 0 (the reference algorithm by Yann Collet).
    public static func hashBytes(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard let base = bytes.baseAddress else { return XXH64.hash(UnsafeRawPointer(bitPattern: 1)!, 0) }
        return XXH64.hash(base, bytes.count)
    }

    public static func hashBytes(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { hashBytes($0) }
    }

    public static func hashString(_ string: String) -> UInt64 {
        var s = string
        return s.withUTF8 { hashBytes(UnsafeRawBufferPointer($0)) }
    }
}

/// XXH64 with seed 0, little-endian loads (stable across machines).
enum XXH64 {
    static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let p3: UInt64 = 0x1656_67B1_9E37_79F9
    static let p4: UInt64 = 0x85EB_CA77_C2B2_AE63
    static let p5: UInt64 = 0x27D4_EB2F_1656_67C5

    @inline(__always) static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    @inline(__always) static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotl(acc &+ input &* p2, 31) &* p1
    }

    @inline(__always) static func mergeRound(_ acc: UInt64, _ val: UInt64) -> UInt64 {
        (acc ^ round(0, val)) &* p1 &+ p4
    }

    @inline(__always) static func load64(_ p: UnsafeRawPointer, _ at: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: at, as: UInt64.self))
    }

    @inline(__always) static func load32(_ p: UnsafeRawPointer, _ at: Int) -> UInt64 {
        UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
    }

    static func hash(_ p: UnsafeRawPointer, _ length: Int) -> UInt64 {
        var i = 0
        var h: UInt64
        if length >= 32 {
            var v1 = p1 &+ p2, v2 = p2, v3: UInt64 = 0, v4: UInt64 = 0 &- p1
            while i + 32 <= length {
                v1 = round(v1, load64(p, i)); v2 = round(v2, load64(p, i + 8))
                v3 = round(v3, load64(p, i + 16)); v4 = round(v4, load64(p, i + 24))
                i += 32
            }
            h = rotl(v1, 1) &+ rotl(v2, 7) &+ rotl(v3, 12) &+ rotl(v4, 18)
            h = mergeRound(h, v1); h = mergeRound(h, v2); h = mergeRound(h, v3); h = mergeRound(h, v4)
        } else {
            h = p5
        }
        h &+= UInt64(length)
        while i + 8 <= length {
            h ^= round(0, load64(p, i))
            h = rotl(h, 27) &* p1 &+ p4
            i += 8
        }
        if i + 4 <= length {
            h ^= load32(p, i) &* p1
            h = rotl(h, 23) &* p2 &+ p3
            i += 4
        }
        while i < length {
            h ^= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) &* p5
            h = rotl(h, 11) &* p1
            i += 1
        }
        h ^= h >> 33
        h &*= p2
        h ^= h >> 29
        h &*= p3
        h ^= h >> 32
        return h
    }
}
