/// Reading the distinct keys back as columns, in group-id order.
extension GroupTable {
    /// One column per key column, row g holding the key of group g.
    public func keyColumns() -> [Column] {
        if integerMode { return [integerKeyColumn()] }
        var cursor = Array(keyStarts[0..<groupCount])
        return arena.withUnsafeBytes { a in
            keyTypes.map { GroupTable.decodeColumn($0, a, &cursor) }
        }
    }

    /// Decodes the next key column of every group, advancing each group's cursor past it.
    static func decodeColumn(_ type: DataType, _ arena: UnsafeRawBufferPointer, _ cursor: inout [Int]) -> Column {
        let n = cursor.count
        var validity = ValidityBuilder()
        switch type {
        case .boolean:
            var b = BooleanColumnBuilder(capacity: n)
            for g in 0..<n {
                if arena[cursor[g]] == 0 { b.appendNull(); cursor[g] += 1 }
                else { b.append(arena[cursor[g] + 1] != 0); cursor[g] += 2 }
            }
            return b.finish()
        case .string, .binary:
            var b = StringColumnBuilder(type: type, capacity: n)
            for g in 0..<n {
                let at = cursor[g]
                if arena[at] == 0 { b.appendNull(); cursor[g] += 1; continue }
                let length = Int(UInt32(littleEndian: arena.loadUnaligned(fromByteOffset: at + 1, as: UInt32.self)))
                b.append(bytes: UnsafeRawBufferPointer(rebasing: arena[(at + 5)..<(at + 5 + length)]))
                cursor[g] = at + 5 + length
            }
            return b.finish()
        default:
            let width = type.fixedWidth!
            var values = MutableBuffer(zeroedCount: n * width, of: UInt8.self)
            values.withUnsafeMutableBufferPointer(as: UInt8.self) { out in
                for g in 0..<n {
                    let at = cursor[g]
                    if arena[at] == 0 { validity.appendNull(); cursor[g] += 1; continue }
                    validity.appendValid()
                    UnsafeMutableRawPointer(out.baseAddress! + g * width).copyMemory(from: arena.baseAddress! + at + 1, byteCount: width)
                    cursor[g] = at + 1 + width
                }
            }
            return Column(type: type, count: n, storage: .fixed(values.freeze()), validity: validity.finish())
        }
    }
}
