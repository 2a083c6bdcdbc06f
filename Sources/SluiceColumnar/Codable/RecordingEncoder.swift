/// An `Encoder` that records one value's properties as `Value`s with their inferred types.
final class RowRecorder {
    /// `.row` of (name → (value, type or nil when the value was nil)) for a keyed value, else a scalar.
    enum Node { case row([(String, (Value, DataType?))]), scalar(Value, DataType?) }
    var root: Node = .row([])
    var fields: [(String, (Value, DataType?))] = []
    var scalar: (Value, DataType?)?
}

struct RecordingEncoder: Encoder {
    let recorder: RowRecorder
    let path: [String]
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        recorder.root = .row([])
        return KeyedEncodingContainer(KeyedRecorder<Key>(recorder: recorder))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnsupportedContainer(reason: "arrays are not supported as column values")
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleRecorder(recorder: recorder)
    }
}

/// Records `encode(x, forKey:)` calls as named values.
struct KeyedRecorder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let recorder: RowRecorder
    var codingPath: [any CodingKey] { [] }

    private func put(_ key: Key, _ value: Value, _ type: DataType?) {
        recorder.fields.append((key.stringValue, (value, type)))
        recorder.root = .row(recorder.fields)
    }

    mutating func encodeNil(forKey key: Key) throws { put(key, .null, nil) }
    mutating func encode(_ v: Bool, forKey key: Key) throws { put(key, .boolean(v), .boolean) }
    mutating func encode(_ v: String, forKey key: Key) throws { put(key, .string(v), .string) }
    mutating func encode(_ v: Double, forKey key: Key) throws { put(key, .float(v), .float64) }
    mutating func encode(_ v: Float, forKey key: Key) throws { put(key, .float(Double(v)), .float32) }
    mutating func encode(_ v: Int, forKey key: Key) throws { put(key, .int(Int64(v)), .int64) }
    mutating func encode(_ v: Int8, forKey key: Key) throws { put(key, .int(Int64(v)), .int8) }
    mutating func encode(_ v: Int16, forKey key: Key) throws { put(key, .int(Int64(v)), .int16) }
    mutating func encode(_ v: Int32, forKey key: Key) throws { put(key, .int(Int64(v)), .int32) }
    mutating func encode(_ v: Int64, forKey key: Key) throws { put(key, .int(v), .int64) }
    mutating func encode(_ v: UInt, forKey key: Key) throws { try unsigned(key, UInt64(v)) }
    mutating func encode(_ v: UInt8, forKey key: Key) throws { put(key, .int(Int64(v)), .int16) }
    mutating func encode(_ v: UInt16, forKey key: Key) throws { put(key, .int(Int64(v)), .int32) }
    mutating func encode(_ v: UInt32, forKey key: Key) throws { put(key, .int(Int64(v)), .int64) }
    mutating func encode(_ v: UInt64, forKey key: Key) throws { try unsigned(key, v) }

    private func unsigned(_ key: Key, _ v: UInt64) throws {
        guard let i = Int64(exactly: v) else {
            throw SluiceError.invalidInput("property `\(key.stringValue)` = \(v) does not fit BIGINT", column: key.stringValue)
        }
        put(key, .int(i), .int64)
    }

    mutating func encode<T: Encodable>(_ v: T, forKey key: Key) throws {
        let nested = RowRecorder()
        try v.encode(to: RecordingEncoder(recorder: nested, path: []))
        if let (value, type) = nested.scalar {
            put(key, value, type)
            return
        }
        guard case .row(let fields) = nested.root else { return }
        let values = fields.map { $0.1.0 }
        var rowFields: [Field] = []
        for (name, (_, type)) in fields {
            guard let type else {
                throw SluiceError.invalidInput("nested property `\(key.stringValue).\(name)` is nil, so its type is unknown; pass a schema",
                                               column: key.stringValue)
            }
            rowFields.append(Field(name, type))
        }
        put(key, .row(values), .row(rowFields))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedRecorder<NestedKey>(recorder: RowRecorder()))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        UnsupportedContainer(reason: "property `\(key.stringValue)` is an array; arrays are not supported as column values")
    }

    mutating func superEncoder() -> any Encoder { RecordingEncoder(recorder: recorder, path: []) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { RecordingEncoder(recorder: recorder, path: []) }
}

/// Records a single value (a property whose type encodes itself as one value, e.g. a RawRepresentable enum).
struct SingleRecorder: SingleValueEncodingContainer {
    let recorder: RowRecorder
    var codingPath: [any CodingKey] { [] }

    private func put(_ v: Value, _ t: DataType?) { recorder.scalar = (v, t) }
    mutating func encodeNil() throws { put(.null, nil) }
    mutating func encode(_ v: Bool) throws { put(.boolean(v), .boolean) }
    mutating func encode(_ v: String) throws { put(.string(v), .string) }
    mutating func encode(_ v: Double) throws { put(.float(v), .float64) }
    mutating func encode(_ v: Float) throws { put(.float(Double(v)), .float32) }
    mutating func encode(_ v: Int) throws { put(.int(Int64(v)), .int64) }
    mutating func encode(_ v: Int8) throws { put(.int(Int64(v)), .int8) }
    mutating func encode(_ v: Int16) throws { put(.int(Int64(v)), .int16) }
    mutating func encode(_ v: Int32) throws { put(.int(Int64(v)), .int32) }
    mutating func encode(_ v: Int64) throws { put(.int(v), .int64) }
    mutating func encode(_ v: UInt) throws { put(.int(Int64(v)), .int64) }
    mutating func encode(_ v: UInt8) throws { put(.int(Int64(v)), .int16) }
    mutating func encode(_ v: UInt16) throws { put(.int(Int64(v)), .int32) }
    mutating func encode(_ v: UInt32) throws { put(.int(Int64(v)), .int64) }
    mutating func encode(_ v: UInt64) throws {
        guard let i = Int64(exactly: v) else { throw SluiceError.invalidInput("\(v) does not fit BIGINT") }
        put(.int(i), .int64)
    }
    mutating func encode<T: Encodable>(_ v: T) throws {
        let nested = RowRecorder()
        try v.encode(to: RecordingEncoder(recorder: nested, path: []))
        if let s = nested.scalar { recorder.scalar = s } else { recorder.root = nested.root }
    }
}

/// Fails on first use with a message saying what is not supported.
struct UnsupportedContainer: UnkeyedEncodingContainer {
    let reason: String
    var codingPath: [any CodingKey] { [] }
    var count: Int { 0 }
    mutating func encodeNil() throws { throw SluiceError.unsupported(reason) }
    mutating func encode<T: Encodable>(_ value: T) throws { throw SluiceError.unsupported(reason) }
    mutating func nestedContainer<K: CodingKey>(keyedBy keyType: K.Type) -> KeyedEncodingContainer<K> {
        KeyedEncodingContainer(KeyedRecorder<K>(recorder: RowRecorder()))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { self }
    mutating func superEncoder() -> any Encoder { RecordingEncoder(recorder: RowRecorder(), path: []) }
}
