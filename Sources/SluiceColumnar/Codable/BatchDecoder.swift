/// Turns the rows of a `RecordBatch` into Swift values (`Decodable` structs): the collect sink of
/// embedded jobs. Properties are matched to columns by name (exact, then case-insensitive).
///
/// Integer columns decode into any Swift integer type that holds the value, DECIMAL into `Double`
/// or `String`, temporal values into their integer units (`Int64` microseconds for timestamps) or
/// `String` (their printed form), ROW columns into nested structs. A NULL decodes only into an
/// Optional. Mismatches fail with the row, the column and both types.
public enum BatchDecoder {
    public static func decode<T: Decodable>(_ type: T.Type, from batch: RecordBatch) throws(SluiceError) -> [T] {
        let dense = batch.compacted()
        var out: [T] = []
        out.reserveCapacity(dense.count)
        for row in 0..<dense.count {
            let values = dense.columns.map { $0.value(at: row) }
            let fields = dense.schema.fields
            do {
                out.append(try T(from: RowDecoder(fields: fields, values: values, row: row)))
            } catch let error as SluiceError {
                throw error
            } catch let DecodingError.keyNotFound(key, _) {
                throw .invalidInput("\(T.self) needs a column `\(key.stringValue)` but the batch has (\(dense.schema.names.joined(separator: ", ")))",
                                    column: key.stringValue)
            } catch {
                throw .invalidInput("cannot decode row \(row) as \(T.self): \(error)")
            }
        }
        return out
    }
}

/// Decodes one row: a keyed container over the row's named values.
struct RowDecoder: Decoder {
    let fields: [Field]
    let values: [Value]
    let row: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RowContainer<Key>(fields: fields, values: values, row: row))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw SluiceError.unsupported("decoding a row as an array is not supported; decode it as a struct with named properties")
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw SluiceError.unsupported("decoding a row as a single value is not supported; decode it as a struct with named properties")
    }
}

struct RowContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let fields: [Field]
    let values: [Value]
    let row: Int
    var codingPath: [any CodingKey] { [] }

    var allKeys: [Key] { fields.compactMap { Key(stringValue: $0.name) } }

    func index(_ key: Key) -> Int? {
        if let i = fields.firstIndex(where: { $0.name == key.stringValue }) { return i }
        return fields.firstIndex { $0.name.lowercased() == key.stringValue.lowercased() }
    }

    func contains(_ key: Key) -> Bool { index(key) != nil }

    func value(_ key: Key) throws -> (Value, Field) {
        guard let i = index(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: [], debugDescription: "no column \(key.stringValue)"))
        }
        return (values[i], fields[i])
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).0.isNull }

    func mismatch(_ key: Key, _ field: Field, _ v: Value, _ target: Any.Type) -> SluiceError {
        if v.isNull {
            return SluiceError(.invalidInput, "row \(row) has NULL in column `\(field.name)`; declare the property as \(target)?",
                               context: .init(column: field.name))
        }
        return SluiceError(.invalidInput, "column `\(field.name)` is \(field.type) and cannot decode into \(target) (row \(row), value \(v))",
                           context: .init(column: field.name))
    }

    func integer<I: FixedWidthInteger>(_ key: Key, _ t: I.Type) throws -> I {
        let (v, field) = try value(key)
        guard case .int(let i) = v else { throw mismatch(key, field, v, t) }
        guard let exact = I(exactly: i) else {
            throw SluiceError(.invalidInput, "value \(i) in column `\(field.name)` (row \(row)) does not fit \(t)", context: .init(column: field.name))
        }
        return exact
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool {
        let (v, field) = try value(key)
        guard case .boolean(let b) = v else { throw mismatch(key, field, v, type) }
        return b
    }

    func decode(_ type: String.Type, forKey key: Key) throws -> String {
        let (v, field) = try value(key)
        if v.isNull { throw mismatch(key, field, v, type) }
        if case .string(let s) = v { return s }
        return Column.formatted(v, field.type)
    }

    func decode(_ type: Double.Type, forKey key: Key) throws -> Double {
        let (v, field) = try value(key)
        switch v {
        case .float(let d): return d
        case .int(let i): return Double(i)
        case .decimal(let u, let s): return Double(u) / Double(DecimalFormat.powersOfTen[s])
        default: throw mismatch(key, field, v, type)
        }
    }

    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try decode(Double.self, forKey: key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try temporalOrInteger(key, type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key, type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key, type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try temporalOrInteger(key, type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try temporalOrInteger(key, type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key, type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key, type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key, type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key, type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key, type) }

    /// Dates, times, timestamps and intervals decode into integers in their storage units.
    func temporalOrInteger<I: FixedWidthInteger>(_ key: Key, _ t: I.Type) throws -> I {
        let (v, field) = try value(key)
        let raw: Int64
        switch v {
        case .date(let d): raw = Int64(d)
        case .time(let ms): raw = Int64(ms)
        case .timestamp(let us), .intervalDayTime(let us): raw = us
        case .intervalYearMonth(let m): raw = Int64(m)
        default: return try integer(key, t)
        }
        guard let exact = I(exactly: raw) else { throw mismatch(key, field, v, t) }
        return exact
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (v, field) = try value(key)
        if case .row(let inner) = v, case .row(let innerFields) = field.type {
            return try T(from: RowDecoder(fields: innerFields, values: inner, row: row))
        }
        if case .binary(let bytes) = v, let b = bytes as? T { return b }
        if v.isNull { throw mismatch(key, field, v, type) }
        return try T(from: ValueDecoder(value: v, field: field, row: row))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let (v, field) = try value(key)
        guard case .row(let inner) = v, case .row(let innerFields) = field.type else { throw mismatch(key, field, v, type) }
        return KeyedDecodingContainer(RowContainer<NestedKey>(fields: innerFields, values: inner, row: row))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw SluiceError.unsupported("column `\(key.stringValue)` cannot decode into an array")
    }

    func superDecoder() throws -> any Decoder { RowDecoder(fields: fields, values: values, row: row) }
    func superDecoder(forKey key: Key) throws -> any Decoder { RowDecoder(fields: fields, values: values, row: row) }
}

/// Decodes a single column value into a type that decodes itself from one value (e.g. a String-backed enum).
struct ValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: Value
    let field: Field
    let row: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw SluiceError.unsupported("column `\(field.name)` (\(field.type)) cannot decode into a keyed type")
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw SluiceError.unsupported("column `\(field.name)` cannot decode into an array")
    }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    private var container: RowContainer<ValueKey> { RowContainer(fields: [field], values: [value], row: row) }
    private var key: ValueKey { ValueKey(stringValue: field.name) }

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try container.decode(type, forKey: key) }
    func decode(_ type: String.Type) throws -> String { try container.decode(type, forKey: key) }
    func decode(_ type: Double.Type) throws -> Double { try container.decode(type, forKey: key) }
    func decode(_ type: Float.Type) throws -> Float { try container.decode(type, forKey: key) }
    func decode(_ type: Int.Type) throws -> Int { try container.decode(type, forKey: key) }
    func decode(_ type: Int8.Type) throws -> Int8 { try container.decode(type, forKey: key) }
    func decode(_ type: Int16.Type) throws -> Int16 { try container.decode(type, forKey: key) }
    func decode(_ type: Int32.Type) throws -> Int32 { try container.decode(type, forKey: key) }
    func decode(_ type: Int64.Type) throws -> Int64 { try container.decode(type, forKey: key) }
    func decode(_ type: UInt.Type) throws -> UInt { try container.decode(type, forKey: key) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try container.decode(type, forKey: key) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try container.decode(type, forKey: key) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try container.decode(type, forKey: key) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try container.decode(type, forKey: key) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        throw SluiceError.unsupported("column `\(field.name)` (\(field.type)) cannot decode into \(type)")
    }
}

struct ValueKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Column {
    /// A value printed as its column type prints it (timestamp precision honoured).
    static func formatted(_ v: Value, _ type: DataType) -> String {
        switch (v, type) {
        case (.timestamp(let t), .timestamp(let p)), (.timestamp(let t), .timestampLTZ(let p)):
            return TemporalFormat.timestamp(micros: t, precision: p)
        case (.time(let t), .time(let p)):
            return TemporalFormat.time(millis: t, precision: p)
        default:
            return v.description
        }
    }
}
