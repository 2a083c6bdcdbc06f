/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of snapshot blocks and indexes.
///
/// Slicing-by-8: eight 256-entry tables let the loop consume 8 bytes per step. Check value:
/// `CRC32C.checksum("123456789") == 0xE3069283`.
public enum CRC32C {
    static let polynomial: UInt32 = 0x82F6_3B78

    /// table[k * 256 + b]: the CRC of byte b followed by k zero bytes (k in 0..<8).
    static let table: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for b in 0..<256 {
            var crc = UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1 }
            t[b] = crc
        }
        for k in 1..<8 {
            for b in 0..<256 {
                let prev = t[(k - 1) * 256 + b]
                t[k * 256 + b] = (prev >> 8) ^ t[Int(prev & 0xFF)]
            }
        }
        return t
    }()

    /// The CRC-32C of `bytes`, continuing from `crc` (the CRC of the bytes before, 0 to start).
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        table.withUnsafeBufferPointer { t in update(~crc, bytes, t) ^ 0xFFFF_FFFF }
    }

    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0) }
    }

    @inline(never)
    static func update(_ start: UInt32, _ bytes: UnsafeRawBufferPointer, _ t: UnsafeBufferPointer<UInt32>) -> UInt32 {
        var crc = start
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let lo = UInt32(truncatingIfNeeded: word) ^ crc
            let hi = UInt32(truncatingIfNeeded: word >> 32)
            crc = t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                ^ t[1 * 256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
            i += 8
        }
        while i < n {
            crc = (crc >> 8) ^ t[Int((crc ^ UInt32(bytes[i])) & 0xFF)]
            i += 1
        }
        return crc
    }
}
