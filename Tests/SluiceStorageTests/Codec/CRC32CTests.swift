import Testing
@testable import SluiceStorage

@Suite("CRC32C")
struct CRC32CTests {
    /// Bit-at-a-time reference.
    static func reference(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }

    @Test("matches the standard check value")
    func checkValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([]) == 0)
    }

    @Test("matches a bitwise reference at every length and continues across pieces")
    func matchesReference() {
        var rng = SeededGenerator(seed: 3)
        for n in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000] {
            let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(CRC32C.checksum(bytes) == Self.reference(bytes))
            let cut = n / 3
            let head = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[..<cut])) }
            let whole = bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[cut...]), continuing: head) }
            #expect(whole == Self.reference(bytes))
        }
    }
}
