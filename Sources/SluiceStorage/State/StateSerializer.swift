import SluiceColumnar

/// How a state's values (or a map state's keys) become bytes.
///
/// `fixed` types (`BitwiseCopyable`: integers, floats, plain structs of them) are stored in the
/// state table's slot and read with one load; variable-size values (bytes, strings, or any type
/// through `custom`, e.g. a Codable value with the caller's encoder) go to the value arena.
/// Encodings must be deterministic: a map state compares its keys by their bytes.
public struct StateSerializer<Value>: Sendable {
    /// Bytes of a fixed-width value, nil for variable-size values.
    public let fixedWidth: Int?
    /// True for `fixed`: the value's own bytes, so typed loads and stores may bypass the closures.
    @usableFromInline let isRaw: Bool
    let encode: @Sendable (Value, inout [UInt8]) throws(SluiceError) -> Void
    let decode: @Sendable (UnsafeRawBufferPointer) throws(SluiceError) -> Value

    public init(fixedWidth: Int?, encode: @escaping @Sendable (Value, inout [UInt8]) throws(SluiceError) -> Void,
                decode: @escaping @Sendable (UnsafeRawBufferPointer) throws(SluiceError) -> Value) {
        self.fixedWidth = fixedWidth
        self.isRaw = false
        self.encode = encode
        self.decode = decode
    }

    /// A fixed-width value stored as its bytes, in the slot.
    public static func fixed<T: BitwiseCopyable>(_ type: T.Type = T.self) -> StateSerializer<T> {
        StateSerializer<T>(raw: MemoryLayout<T>.size, encode: { value, out in
            withUnsafeBytes(of: value) { out.append(contentsOf: $0) }
        }, decode: { (bytes) throws(SluiceError) -> T in
            guard bytes.count == MemoryLayout<T>.size else {
                throw SluiceError(.corruptState, "a state value of \(bytes.count) bytes cannot be read as \(T.self) (\(MemoryLayout<T>.size) bytes)")
            }
            return bytes.loadUnaligned(as: T.self)
        })
    }

    private init(raw width: Int, encode: @escaping @Sendable (Value, inout [UInt8]) throws(SluiceError) -> Void,
                 decode: @escaping @Sendable (UnsafeRawBufferPointer) throws(SluiceError) -> Value) {
        self.fixedWidth = width
        self.isRaw = true
        self.encode = encode
        self.decode = decode
    }

    /// Any type through a pair of functions (variable size), e.g. a Codable value with an encoder.
    public static func custom(encode: @escaping @Sendable (Value) throws(SluiceError) -> [UInt8],
                              decode: @escaping @Sendable ([UInt8]) throws(SluiceError) -> Value) -> StateSerializer<Value> {
        StateSerializer(fixedWidth: nil, encode: { (value, out) throws(SluiceError) in out.append(contentsOf: try encode(value)) },
                        decode: { (bytes) throws(SluiceError) -> Value in try decode(Array(bytes)) })
    }

    func bytes(of value: Value) throws(SluiceError) -> [UInt8] {
        var out: [UInt8] = []
        try encode(value, &out)
        if let fixedWidth, out.count != fixedWidth {
            throw .invalidInput("a fixed-width state serializer produced \(out.count) bytes instead of \(fixedWidth)")
        }
        return out
    }

    func value(of bytes: [UInt8]) throws(SluiceError) -> Value {
        try withBytes(of: bytes) { (b) throws(SluiceError) -> Value in try decode(b) }
    }
}

extension StateSerializer where Value == [UInt8] {
    /// Raw bytes (variable size).
    public static var bytes: StateSerializer<[UInt8]> {
        StateSerializer(fixedWidth: nil, encode: { value, out in out.append(contentsOf: value) }, decode: { Array($0) })
    }
}

extension StateSerializer where Value == String {
    /// A string as UTF-8 (variable size).
    public static var string: StateSerializer<String> {
        StateSerializer(fixedWidth: nil, encode: { value, out in out.append(contentsOf: value.utf8) },
                        decode: { String(decoding: $0, as: UTF8.self) })
    }
}
