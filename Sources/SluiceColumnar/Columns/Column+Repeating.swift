/// Constant columns: a literal broadcast to the length of a batch.
extension Column {
    /// `count` rows of `value` (NULL gives an all-null column); the value must fit `type`.
    public static func repeating(_ value: Value, type: DataType, count: Int) throws(SluiceError) -> Column {
        guard count >= 0 else { throw .internalError("repeating column with negative count \(count)") }
        try type.validate()
        let one = try ColumnBuilder.column(type, [value])
        let validity: Bitmap? = value.isNull ? Bitmap(repeating: false, count: count) : nil
        return one.repeated(count, validity: validity)
    }

    /// Row 0 of this column repeated `count` times, with the given validity.
    func repeated(_ count: Int, validity: Bitmap?) -> Column {
        switch storage {
        case .fixed(let values):
            let width = type.fixedWidth!
            var out = MutableBuffer(uninitializedCount: count * width, of: UInt8.self)
            values.withUnsafeBytes { src in
                out.withUnsafeMutableBufferPointer(as: UInt8.self) { dst in
                    for row in 0..<count {
                        for k in 0..<width { dst[row * width + k] = src[k] }
                    }
                }
            }
            return Column(type: type, count: count, storage: .fixed(out.freeze()), validity: validity)
        case .bits(let bits):
            let bit = count > 0 && bits.count > 0 ? bits[0] : false
            return Column(type: type, count: count, storage: .bits(Bitmap(repeating: bit, count: count)), validity: validity)
        case .variable, .dictionary:
            let bytes: [UInt8]
            if case .binary(let b) = value(at: 0) { bytes = b } else if case .string(let s) = value(at: 0) { bytes = Array(s.utf8) } else { bytes = [] }
            var b = StringColumnBuilder(type: type, capacity: count, byteCapacity: bytes.count * count)
            bytes.withUnsafeBytes { raw in for _ in 0..<count { b.append(bytes: raw) } }
            let column = b.finish()
            return Column(type: type, count: count, storage: column.storage, validity: validity)
        case .children(let children):
            return Column(type: type, count: count,
                          storage: .children(children.map { $0.repeated(count, validity: $0.validity.map { Bitmap(repeating: $0[0], count: count) }) }),
                          validity: validity)
        }
    }
}
