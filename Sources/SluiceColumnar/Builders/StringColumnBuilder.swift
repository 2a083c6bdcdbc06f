/// Appends UTF-8 strings or binary values as offsets + bytes.
public struct StringColumnBuilder {
    public let type: DataType
    private var offsets: MutableBuffer
    private var bytes: MutableBuffer
    private var validity = ValidityBuilder()

    public init(type: DataType = .string, capacity: Int = 0, byteCapacity: Int = 0) {
        precondition(type.isVariableWidth, "\(type) is not a string or binary type")
        self.type = type
        offsets = MutableBuffer(capacity: (capacity + 1) * 4)
        bytes = MutableBuffer(capacity: byteCapacity)
        offsets.append(Int32(0))
    }

    public var count: Int { validity.count }
    public var byteCount: Int { bytes.byteCount }

    public mutating func append(bytes value: UnsafeRawBufferPointer) {
        bytes.append(bytes: value)
        precondition(bytes.byteCount <= Int(Int32.max), "string column exceeds 2 GiB; split the batch")
        offsets.append(Int32(truncatingIfNeeded: bytes.byteCount))
        validity.appendValid()
    }

    public mutating func append(bytes value: [UInt8]) {
        value.withUnsafeBytes { append(bytes: $0) }
    }

    public mutating func append(_ value: String) {
        var v = value
        v.withUTF8 { append(bytes: UnsafeRawBufferPointer($0)) }
    }

    public mutating func append(_ value: String?) {
        if let value { append(value) } else { appendNull() }
    }

    public mutating func appendNull() {
        offsets.append(Int32(truncatingIfNeeded: bytes.byteCount))
        validity.appendNull()
    }

    public consuming func finish() -> Column {
        let n = validity.count
        return Column(type: type, count: n, storage: .variable(offsets: offsets.freeze(), bytes: bytes.freeze()),
                      validity: validity.finish())
    }
}
