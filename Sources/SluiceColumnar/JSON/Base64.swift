/// Standard base64 (RFC 4648, with `=` padding): how the JSON format carries BYTES values, as
/// Flink's does.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends the base64 text of `bytes` to `out`.
    static func encode(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var k = 0
        while k + 3 <= bytes.count {
            let v = UInt32(bytes[k]) << 16 | UInt32(bytes[k + 1]) << 8 | UInt32(bytes[k + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int(v >> UInt32(shift) & 63)]) }
            k += 3
        }
        let rest = bytes.count - k
        guard rest > 0 else { return }
        let v = UInt32(bytes[k]) << 16 | (rest == 2 ? UInt32(bytes[k + 1]) << 8 : 0)
        out.append(alphabet[Int(v >> 18 & 63)])
        out.append(alphabet[Int(v >> 12 & 63)])
        out.append(rest == 2 ? alphabet[Int(v >> 6 & 63)] : UInt8(ascii: "="))
        out.append(UInt8(ascii: "="))
    }

    @inline(__always)
    private static func sextet(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return UInt32(b - 65)
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return UInt32(b - 97 + 26)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - 48 + 52)
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }

    /// Appends the bytes that the base64 text `text` stands for; false when it is not base64.
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into out: JSONValueBuffer) -> Bool {
        guard text.count % 4 == 0 else { return false }
        var k = 0
        while k < text.count {
            let last = k + 4 == text.count
            let pad = last ? (text[k + 3] == UInt8(ascii: "=") ? (text[k + 2] == UInt8(ascii: "=") ? 2 : 1) : 0) : 0
            var v: UInt32 = 0
            for j in 0..<(4 - pad) {
                guard let s = sextet(text[k + j]) else { return false }
                v = v << 6 | s
            }
            v <<= UInt32(6 * pad)
            out.append(UInt8(truncatingIfNeeded: v >> 16))
            if pad < 2 { out.append(UInt8(truncatingIfNeeded: v >> 8)) }
            if pad < 1 { out.append(UInt8(truncatingIfNeeded: v)) }
            k += 4
        }
        return true
    }
}
