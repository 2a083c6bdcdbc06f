/// Gathers rows by index: `take(column, [3, 0, 3])` is rows 3, 0 and 3 of the column.
///
/// One tight loop per storage kind; validity is gathered only when the input has nulls. Indices must
/// be in range (they come from selection vectors and hash tables, not from users).
public enum Take {
    /// The rows of `column` listed in `selection`, in that order.
    public static func take(_ column: Column, _ selection: SelectionVector) -> Column {
        selection.withUnsafeIndices { take(column, indices: $0) }
    }

    public static func take(_ column: Column, indices: UnsafeBufferPointer<UInt32>) -> Column {
        let n = indices.count
        let validity = column.validity.map { gatherBits($0, indices) }
        switch column.storage {
        case .fixed:
            switch column.type.fixedWidth! {
            case 1: return column.withValues(UInt8.self) { fixed(column.type, $0, indices, validity) }
            case 2: return column.withValues(UInt16.self) { fixed(column.type, $0, indices, validity) }
            case 4: return column.withValues(UInt32.self) { fixed(column.type, $0, indices, validity) }
            case 8: return column.withValues(UInt64.self) { fixed(column.type, $0, indices, validity) }
            default: return column.withValues(UInt128.self) { fixed(column.type, $0, indices, validity) }
            }
        case .bits(let bits):
            return Column(type: column.type, count: n, storage: .bits(gatherBits(bits, indices)), validity: validity)
        case .variable(let offsets, let bytes):
            return variable(column.type, offsets, bytes, indices, validity)
        case .dictionary(let codes, let dictionary):
            let gathered = codes.withUnsafeBufferPointer(as: UInt32.self) { gather($0, indices) }
            return Column(type: column.type, count: n, storage: .dictionary(codes: gathered, dictionary: dictionary),
                          validity: validity)
        case .children(let children):
            return Column(type: column.type, count: n, storage: .children(children.map { take($0, indices: indices) }),
                          validity: validity)
        }
    }

    @inline(__always)
    static func fixed<T: BitwiseCopyable>(_ type: DataType, _ values: UnsafeBufferPointer<T>,
                                          _ indices: UnsafeBufferPointer<UInt32>, _ validity: Bitmap?) -> Column {
        Column(type: type, count: indices.count, storage: .fixed(gather(values, indices)), validity: validity)
    }

    @inline(never)
    static func gather<T: BitwiseCopyable>(_ values: UnsafeBufferPointer<T>, _ indices: UnsafeBufferPointer<UInt32>) -> Buffer {
        var out = MutableBuffer(uninitializedCount: indices.count, of: T.self)
        out.withUnsafeMutableBufferPointer(as: T.self) { dst in
            for i in 0..<indices.count { dst[i] = values[Int(indices[i])] }
        }
        return out.freeze()
    }

    @inline(never)
    static func gatherBits(_ bits: Bitmap, _ indices: UnsafeBufferPointer<UInt32>) -> Bitmap {
        let n = indices.count
        var out = MutableBuffer(zeroedCount: Bitmap.wordCount(n), of: UInt64.self)
        let offset = bits.bitOffset
        bits.words.withUnsafeBufferPointer(as: UInt64.self) { src in
            out.withUnsafeMutableBufferPointer(as: UInt64.self) { dst in
                for i in 0..<n {
                    let b = offset + Int(indices[i])
                    let bit = (src[b >> 6] >> UInt64(b & 63)) & 1
                    dst[i >> 6] |= bit << UInt64(i & 63)
                }
            }
        }
        return Bitmap(words: out.freeze(), count: n)
    }

    @inline(never)
    static func variable(_ type: DataType, _ offsets: Buffer, _ bytes: Buffer,
                         _ indices: UnsafeBufferPointer<UInt32>, _ validity: Bitmap?) -> Column {
        let n = indices.count
        return offsets.withUnsafeBufferPointer(as: Int32.self) { off in
            bytes.withUnsafeBytes { data in
                var total = 0
                for i in 0..<n { let r = Int(indices[i]); total += Int(off[r + 1] - off[r]) }
                var outOffsets = MutableBuffer(uninitializedCount: n + 1, of: Int32.self)
                var outBytes = MutableBuffer(uninitializedCount: total, of: UInt8.self)
                outOffsets.withUnsafeMutableBufferPointer(as: Int32.self) { o in
                    outBytes.withUnsafeMutableBufferPointer(as: UInt8.self) { b in
                        var position = 0
                        o[0] = 0
                        for i in 0..<n {
                            let r = Int(indices[i])
                            let start = Int(off[r])
                            let length = Int(off[r + 1]) - start
                            if length > 0 {
                                UnsafeMutableRawPointer(b.baseAddress! + position)
                                    .copyMemory(from: data.baseAddress! + start, byteCount: length)
                            }
                            position += length
                            o[i + 1] = Int32(truncatingIfNeeded: position)
                        }
                    }
                }
                return Column(type: type, count: n,
                              storage: .variable(offsets: outOffsets.freeze(), bytes: outBytes.freeze()), validity: validity)
            }
        }
    }
}

extension RecordBatch {
    /// The selected rows as dense columns (a gather per column); the batch itself when nothing is selected away.
    public func compacted() -> RecordBatch {
        guard let selection else { return self }
        let columns = self.columns.map { Take.take($0, selection) }
        let kinds = rowKinds.map { kinds in
            kinds.withUnsafeBufferPointer(as: UInt8.self) { k in
                selection.withUnsafeIndices { Take.gather(k, $0) }
            }
        }
        return try! RecordBatch(schema: schema, columns: columns, count: selection.count, rowKinds: kinds)
    }
}
