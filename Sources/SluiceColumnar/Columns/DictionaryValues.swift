/// The distinct values of a dictionary-encoded string or binary column: offsets + bytes, no nulls.
///
/// Codes index into it. Equality on codes is equality on values only within one dictionary; kernels
/// that compare with a literal look the literal up once and then compare codes.
public struct DictionaryValues: Sendable {
    public let offsets: Buffer
    public let bytes: Buffer
    public let count: Int

    public init(offsets: Buffer, bytes: Buffer, count: Int) {
        precondition(offsets.count(of: Int32.self) >= count + 1, "dictionary offsets too short")
        self.offsets = offsets
        self.bytes = bytes
        self.count = count
    }

    /// Builds a dictionary from distinct strings (in code order).
    public init(_ values: [String]) {
        var offsets = MutableBuffer(capacity: (values.count + 1) * 4)
        var bytes = MutableBuffer(capacity: values.reduce(0) { $0 + $1.utf8.count })
        offsets.append(Int32(0))
        for value in values {
            var v = value
            v.withUTF8 { bytes.append(bytes: UnsafeRawBufferPointer($0)) }
            offsets.append(Int32(bytes.byteCount))
        }
        self.init(offsets: offsets.freeze(), bytes: bytes.freeze(), count: values.count)
    }

    /// The bytes of value `code` (a copy; for slow paths).
    public func bytes(at code: Int) -> [UInt8] {
        precondition(code >= 0 && code < count, "dictionary code \(code) out of range 0..<\(count)")
        let start = Int(offsets.load(Int32.self, at: code))
        let end = Int(offsets.load(Int32.self, at: code + 1))
        return bytes.withUnsafeBytes { Array($0[start..<end]) }
    }

    public func string(at code: Int) -> String { String(decoding: bytes(at: code), as: UTF8.self) }

    /// The code of a value, or nil when the dictionary does not hold it.
    public func code(of value: [UInt8]) -> Int? {
        (0..<count).first { bytes(at: $0) == value }
    }
}
