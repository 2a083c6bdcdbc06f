/// Serializes the key columns of the selected rows into one byte string per row (the generic group
/// table's key format; see `GroupTable`), column by column so each column runs one tight loop.
///
/// Byte equality of two serialized keys is SQL equality of the keys with NULL equal to NULL:
/// fixed-width values of one type compare by bytes, floats are normalized (-0.0 → 0.0, one NaN),
/// strings carry their length, and a dictionary-encoded string writes the same bytes as a plain one.
struct SerializedKeys {
    /// `starts[k] ..< starts[k + 1]` are the bytes of logical row k.
    var starts: [Int] = []
    var bytes: [UInt8] = []
    /// Scratch, kept so that a table reusing this value allocates nothing per batch in steady state.
    var lengths: [Int] = []
    var cursor: [Int] = []

    init() {}

    init(_ columns: [Column], rows: UnsafeBufferPointer<UInt32>?, n: Int) {
        fill(columns, rows: rows, n: n)
    }

    /// Serializes the rows, reusing this value's arrays.
    mutating func fill(_ columns: [Column], rows: UnsafeBufferPointer<UInt32>?, n: Int) {
        lengths.removeAll(keepingCapacity: true)
        lengths.append(contentsOf: repeatElement(columns.count, count: n))   // one flag byte per column
        lengths.withUnsafeMutableBufferPointer { len in
            for column in columns { SerializedKeys.addLengths(column, rows, len) }
        }
        starts.removeAll(keepingCapacity: true)
        starts.append(0)
        var total = 0
        for k in 0..<n { total += lengths[k]; starts.append(total) }
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: repeatElement(0, count: total))
        cursor.removeAll(keepingCapacity: true)
        cursor.append(contentsOf: starts.dropLast())
        bytes.withUnsafeMutableBytes { out in
            let base = out.baseAddress ?? UnsafeMutableRawPointer(bitPattern: 64)!
            cursor.withUnsafeMutableBufferPointer { cur in
                for column in columns { SerializedKeys.write(column, rows, base, cur) }
            }
        }
    }

    /// Runs `body` with the column's validity as aligned words, or nil when every row is valid.
    @inline(__always)
    static func withValidity<R>(_ column: Column, _ body: (UnsafeBufferPointer<UInt64>?) -> R) -> R {
        guard let validity = column.validity else { return body(nil) }
        return validity.withAlignedWords { body($0) }
    }

    @inline(__always)
    static func isValid(_ words: UnsafeBufferPointer<UInt64>?, _ row: Int) -> Bool {
        guard let words else { return true }
        return (words[row >> 6] >> UInt64(row & 63)) & 1 == 1
    }

    static func addLengths(_ column: Column, _ rows: UnsafeBufferPointer<UInt32>?, _ lengths: UnsafeMutableBufferPointer<Int>) {
        withValidity(column) { valid in
            switch column.storage {
            case .variable(let offsets, _):
                offsets.withUnsafeBufferPointer(as: Int32.self) { o in stringLengths(o, nil, valid, rows, lengths) }
            case .dictionary(let codes, let dictionary):
                dictionary.offsets.withUnsafeBufferPointer(as: Int32.self) { o in
                    codes.withUnsafeBufferPointer(as: Int32.self) { c in stringLengths(o, c, valid, rows, lengths) }
                }
            case .fixed, .bits:
                let width = column.type == .boolean ? 1 : column.type.fixedWidth!
                if valid == nil {
                    for k in 0..<lengths.count { lengths[k] &+= width }
                } else {
                    for k in 0..<lengths.count where isValid(valid, rows.map { Int($0[k]) } ?? k) { lengths[k] &+= width }
                }
            case .children:
                preconditionFailure("cannot serialize a \(column.type) key")
            }
        }
    }

    @inline(never)
    static func stringLengths(_ o: UnsafeBufferPointer<Int32>, _ codes: UnsafeBufferPointer<Int32>?, _ valid: UnsafeBufferPointer<UInt64>?,
                              _ rows: UnsafeBufferPointer<UInt32>?, _ lengths: UnsafeMutableBufferPointer<Int>) {
        for k in 0..<lengths.count {
            let row = rows.map { Int($0[k]) } ?? k
            guard isValid(valid, row) else { continue }
            let entry = codes.map { Int($0[row]) } ?? row
            lengths[k] &+= 4 &+ Int(o[entry + 1] &- o[entry])
        }
    }

    static func write(_ column: Column, _ rows: UnsafeBufferPointer<UInt32>?, _ out: UnsafeMutableRawPointer,
                      _ cursor: UnsafeMutableBufferPointer<Int>) {
        withValidity(column) { valid in
            switch column.storage {
            case .fixed:
                switch column.type {
                case .float32: column.withValues(Float.self) { writeFloats($0, valid, rows, out, cursor) }
                case .float64: column.withValues(Double.self) { writeFloats($0, valid, rows, out, cursor) }
                default:
                    switch column.type.fixedWidth! {
                    case 1: column.withValues(UInt8.self) { writeFixed($0, valid, rows, out, cursor) }
                    case 2: column.withValues(UInt16.self) { writeFixed($0, valid, rows, out, cursor) }
                    case 4: column.withValues(UInt32.self) { writeFixed($0, valid, rows, out, cursor) }
                    case 8: column.withValues(UInt64.self) { writeFixed($0, valid, rows, out, cursor) }
                    default: column.withValues(UInt128.self) { writeFixed($0, valid, rows, out, cursor) }
                    }
                }
            case .bits(let bits):
                bits.withAlignedWords { b in
                    for k in 0..<cursor.count {
                        let row = rows.map { Int($0[k]) } ?? k
                        let at = cursor[k]
                        guard isValid(valid, row) else { out.storeBytes(of: 0, toByteOffset: at, as: UInt8.self); cursor[k] = at + 1; continue }
                        out.storeBytes(of: 1, toByteOffset: at, as: UInt8.self)
                        out.storeBytes(of: UInt8(truncatingIfNeeded: (b[row >> 6] >> UInt64(row & 63)) & 1), toByteOffset: at + 1, as: UInt8.self)
                        cursor[k] = at + 2
                    }
                }
            case .variable(let offsets, let bytes):
                offsets.withUnsafeBufferPointer(as: Int32.self) { o in
                    bytes.withUnsafeBytes { writeStrings(o, nil, $0, valid, rows, out, cursor) }
                }
            case .dictionary(let codes, let dictionary):
                dictionary.offsets.withUnsafeBufferPointer(as: Int32.self) { o in
                    dictionary.bytes.withUnsafeBytes { data in
                        codes.withUnsafeBufferPointer(as: Int32.self) { c in writeStrings(o, c, data, valid, rows, out, cursor) }
                    }
                }
            case .children:
                preconditionFailure("cannot serialize a \(column.type) key")
            }
        }
    }

    @inline(never)
    static func writeFixed<T: BitwiseCopyable>(_ v: UnsafeBufferPointer<T>, _ valid: UnsafeBufferPointer<UInt64>?,
                                               _ rows: UnsafeBufferPointer<UInt32>?, _ out: UnsafeMutableRawPointer,
                                               _ cursor: UnsafeMutableBufferPointer<Int>) {
        for k in 0..<cursor.count {
            let row = rows.map { Int($0[k]) } ?? k
            let at = cursor[k]
            guard isValid(valid, row) else { out.storeBytes(of: 0, toByteOffset: at, as: UInt8.self); cursor[k] = at + 1; continue }
            out.storeBytes(of: 1, toByteOffset: at, as: UInt8.self)
            (out + at + 1).storeBytes(of: v[row], as: T.self)
            cursor[k] = at + 1 + MemoryLayout<T>.size
        }
    }

    @inline(never)
    static func writeFloats<T: BinaryFloatingPoint>(_ v: UnsafeBufferPointer<T>, _ valid: UnsafeBufferPointer<UInt64>?,
                                                    _ rows: UnsafeBufferPointer<UInt32>?, _ out: UnsafeMutableRawPointer,
                                                    _ cursor: UnsafeMutableBufferPointer<Int>) {
        for k in 0..<cursor.count {
            let row = rows.map { Int($0[k]) } ?? k
            let at = cursor[k]
            guard isValid(valid, row) else { out.storeBytes(of: 0, toByteOffset: at, as: UInt8.self); cursor[k] = at + 1; continue }
            out.storeBytes(of: 1, toByteOffset: at, as: UInt8.self)
            let x = v[row]
            let normalized: T = x == 0 ? 0 : (x.isNaN ? T.nan : x)
            (out + at + 1).storeBytes(of: normalized, as: T.self)
            cursor[k] = at + 1 + MemoryLayout<T>.size
        }
    }

    /// Strings as UInt32 length + bytes; `codes`, when set, index `offsets` (a dictionary) instead of the row.
    @inline(never)
    static func writeStrings(_ offsets: UnsafeBufferPointer<Int32>, _ codes: UnsafeBufferPointer<Int32>?, _ data: UnsafeRawBufferPointer,
                             _ valid: UnsafeBufferPointer<UInt64>?, _ rows: UnsafeBufferPointer<UInt32>?,
                             _ out: UnsafeMutableRawPointer, _ cursor: UnsafeMutableBufferPointer<Int>) {
        let base = data.baseAddress ?? UnsafeRawPointer(bitPattern: 64)!
        for k in 0..<cursor.count {
            let row = rows.map { Int($0[k]) } ?? k
            let at = cursor[k]
            guard isValid(valid, row) else { out.storeBytes(of: 0, toByteOffset: at, as: UInt8.self); cursor[k] = at + 1; continue }
            let entry = codes.map { Int($0[row]) } ?? row
            let start = Int(offsets[entry]), length = Int(offsets[entry + 1]) - start
            out.storeBytes(of: 1, toByteOffset: at, as: UInt8.self)
            (out + at + 1).storeBytes(of: UInt32(truncatingIfNeeded: length).littleEndian, as: UInt32.self)
            (out + at + 5).copyMemory(from: base + start, byteCount: length)
            cursor[k] = at + 5 + length
        }
    }

    /// Byte equality of two serialized keys, eight bytes at a time (keys are short; no libc call).
    @inline(__always)
    static func equal(_ a: UnsafeRawPointer, _ aCount: Int, _ b: UnsafeRawPointer, _ bCount: Int) -> Bool {
        guard aCount == bCount else { return false }
        var i = 0
        while i + 8 <= aCount {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < aCount {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i += 1
        }
        return true
    }
}
