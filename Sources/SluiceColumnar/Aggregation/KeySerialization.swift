#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Serializes the key columns of the selected rows into one byte string per row (the generic group
/// table's key format; see `GroupTable`), column by column so each column runs one tight loop.
///
/// Byte equality of two serialized keys is SQL equality of the keys with NULL equal to NULL:
/// fixed-width values of one type compare by bytes, floats are normalized (-0.0 → 0.0, one NaN),
/// strings carry their length, and a dictionary-encoded string writes the same bytes as a plain one.
struct SerializedKeys {
    /// `starts[k] ..< starts[k + 1]` are the bytes of logical row k.
    var starts: [Int]
    var bytes: [UInt8]

    init(_ columns: [Column], rows: UnsafeBufferPointer<UInt32>?, n: Int) {
        var lengths = [Int](repeating: columns.count, count: n)   // one flag byte per column
        for column in columns { SerializedKeys.addLengths(column, rows, &lengths) }
        starts = [Int](repeating: 0, count: n + 1)
        for k in 0..<n { starts[k + 1] = starts[k] + lengths[k] }
        bytes = [UInt8](repeating: 0, count: starts[n])
        var cursor = Array(starts.dropLast())
        bytes.withUnsafeMutableBytes { out in
            let base = out.baseAddress ?? UnsafeMutableRawPointer(bitPattern: 64)!
            for column in columns { SerializedKeys.write(column, rows, base, &cursor) }
        }
    }

    static func valueWidth(_ type: DataType) -> Int? {
        type == .boolean ? 1 : type.fixedWidth
    }

    static func addLengths(_ column: Column, _ rows: UnsafeBufferPointer<UInt32>?, _ lengths: inout [Int]) {
        let n = lengths.count
        if let width = valueWidth(column.type) {
            for k in 0..<n {
                let row = rows.map { Int($0[k]) } ?? k
                if !column.isNull(row) { lengths[k] += width }
            }
            return
        }
        switch column.storage {
        case .variable(let offsets, _):
            offsets.withUnsafeBufferPointer(as: Int32.self) { o in
                for k in 0..<n {
                    let row = rows.map { Int($0[k]) } ?? k
                    if !column.isNull(row) { lengths[k] += 4 + Int(o[row + 1] - o[row]) }
                }
            }
        case .dictionary(let codes, let dictionary):
            dictionary.offsets.withUnsafeBufferPointer(as: Int32.self) { o in
                codes.withUnsafeBufferPointer(as: Int32.self) { c in
                    for k in 0..<n {
                        let row = rows.map { Int($0[k]) } ?? k
                        if !column.isNull(row) { let code = Int(c[row]); lengths[k] += 4 + Int(o[code + 1] - o[code]) }
                    }
                }
            }
        default:
            preconditionFailure("cannot serialize a \(column.type) key")
        }
    }

    static func write(_ column: Column, _ rows: UnsafeBufferPointer<UInt32>?, _ out: UnsafeMutableRawPointer, _ cursor: inout [Int]) {
        switch column.storage {
        case .fixed:
            switch column.type {
            case .float32: column.withValues(Float.self) { writeFloats($0, column, rows, out, &cursor) }
            case .float64: column.withValues(Double.self) { writeFloats($0, column, rows, out, &cursor) }
            default:
                switch column.type.fixedWidth! {
                case 1: column.withValues(UInt8.self) { writeFixed($0, column, rows, out, &cursor) }
                case 2: column.withValues(UInt16.self) { writeFixed($0, column, rows, out, &cursor) }
                case 4: column.withValues(UInt32.self) { writeFixed($0, column, rows, out, &cursor) }
                case 8: column.withValues(UInt64.self) { writeFixed($0, column, rows, out, &cursor) }
                default: column.withValues(UInt128.self) { writeFixed($0, column, rows, out, &cursor) }
                }
            }
        case .bits(let bits):
            for k in 0..<cursor.count {
                let row = rows.map { Int($0[k]) } ?? k
                if column.isNull(row) { out.storeBytes(of: 0, toByteOffset: cursor[k], as: UInt8.self); cursor[k] += 1; continue }
                out.storeBytes(of: 1, toByteOffset: cursor[k], as: UInt8.self)
                out.storeBytes(of: bits[row] ? 1 : 0, toByteOffset: cursor[k] + 1, as: UInt8.self)
                cursor[k] += 2
            }
        case .variable(let offsets, let bytes):
            offsets.withUnsafeBufferPointer(as: Int32.self) { o in
                bytes.withUnsafeBytes { data in
                    writeStrings(column, rows, o, nil, data, out, &cursor)
                }
            }
        case .dictionary(let codes, let dictionary):
            dictionary.offsets.withUnsafeBufferPointer(as: Int32.self) { o in
                dictionary.bytes.withUnsafeBytes { data in
                    codes.withUnsafeBufferPointer(as: Int32.self) { c in
                        writeStrings(column, rows, o, c, data, out, &cursor)
                    }
                }
            }
        case .children:
            preconditionFailure("cannot serialize a \(column.type) key")
        }
    }

    @inline(never)
    static func writeFixed<T: BitwiseCopyable>(_ v: UnsafeBufferPointer<T>, _ column: Column, _ rows: UnsafeBufferPointer<UInt32>?,
                                               _ out: UnsafeMutableRawPointer, _ cursor: inout [Int]) {
        for k in 0..<cursor.count {
            let row = rows.map { Int($0[k]) } ?? k
            let at = cursor[k]
            if column.isNull(row) { out.storeBytes(of: 0, toByteOffset: at, as: UInt8.self); cursor[k] = at + 1; continue }
            out.storeBytes(of: 1, toByteOffset: at, as: UInt8.self)
            (out + at + 1).storeBytes(of: v[row], as: T.self)
            cursor[k] = at + 1 + MemoryLayout<T>.size
        }
    }

    @inline(never)
    static func writeFloats<T: BinaryFloatingPoint>(_ v: UnsafeBufferPointer<T>, _ column: Column, _ rows: UnsafeBufferPointer<UInt32>?,
                                                    _ out: UnsafeMutableRawPointer, _ cursor: inout [Int]) {
        for k in 0..<cursor.count {
            let row = rows.map { Int($0[k]) } ?? k
            let at = cursor[k]
            if column.isNull(row) { out.storeBytes(of: 0, toByteOffset: at, as: UInt8.self); cursor[k] = at + 1; continue }
            out.storeBytes(of: 1, toByteOffset: at, as: UInt8.self)
            let x = v[row]
            let normalized: T = x == 0 ? 0 : (x.isNaN ? T.nan : x)
            (out + at + 1).storeBytes(of: normalized, as: T.self)
            cursor[k] = at + 1 + MemoryLayout<T>.size
        }
    }

    /// Strings as UInt32 length + bytes; `codes`, when set, index `offsets` (a dictionary) instead of the row.
    @inline(never)
    static func writeStrings(_ column: Column, _ rows: UnsafeBufferPointer<UInt32>?, _ offsets: UnsafeBufferPointer<Int32>,
                             _ codes: UnsafeBufferPointer<Int32>?,
                             _ data: UnsafeRawBufferPointer, _ out: UnsafeMutableRawPointer, _ cursor: inout [Int]) {
        for k in 0..<cursor.count {
            let row = rows.map { Int($0[k]) } ?? k
            let at = cursor[k]
            if column.isNull(row) { out.storeBytes(of: 0, toByteOffset: at, as: UInt8.self); cursor[k] = at + 1; continue }
            let entry = codes.map { Int($0[row]) } ?? row
            let start = Int(offsets[entry]), end = Int(offsets[entry + 1])
            out.storeBytes(of: 1, toByteOffset: at, as: UInt8.self)
            (out + at + 1).storeBytes(of: UInt32(end - start).littleEndian, as: UInt32.self)
            if end > start { (out + at + 5).copyMemory(from: data.baseAddress! + start, byteCount: end - start) }
            cursor[k] = at + 5 + (end - start)
        }
    }

    /// Byte equality of two serialized keys.
    @inline(__always)
    static func equal(_ a: UnsafeRawPointer, _ aCount: Int, _ b: UnsafeRawPointer, _ bCount: Int) -> Bool {
        aCount == bCount && memcmp(a, b, aCount) == 0
    }
}
