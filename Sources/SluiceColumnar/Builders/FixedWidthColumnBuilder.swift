/// Appends fixed-width values (integers, floats, scaled decimals, dates, timestamps) to a column.
public struct FixedWidthColumnBuilder<T: BitwiseCopyable> {
    public let type: DataType
    private var values: MutableBuffer
    private var validity = ValidityBuilder()

    public init(type: DataType, capacity: Int = 0) {
        precondition(type.fixedWidth == MemoryLayout<T>.stride, "\(T.self) does not hold \(type) values")
        self.type = type
        values = MutableBuffer(capacity: capacity * MemoryLayout<T>.stride)
    }

    public var count: Int { validity.count }

    public mutating func append(_ value: T) {
        values.append(value)
        validity.appendValid()
    }

    public mutating func append(_ value: T?) {
        if let value { append(value) } else { appendNull() }
    }

    public mutating func appendNull() {
        values.append(zeroValue(of: T.self))
        validity.appendNull()
    }

    public consuming func finish() -> Column {
        let n = validity.count
        return Column(type: type, count: n, storage: .fixed(values.freeze()), validity: validity.finish())
    }
}

/// The all-zero bit pattern of a plain value type.
@inlinable
func zeroValue<T: BitwiseCopyable>(of type: T.Type) -> T {
    withUnsafeTemporaryAllocation(of: T.self, capacity: 1) { p in
        UnsafeMutableRawPointer(p.baseAddress!).initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<T>.stride)
        return p[0]
    }
}
