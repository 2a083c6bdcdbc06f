/// Row loops over string columns shared by the string functions: NULL in → NULL out, one output per row.
///
/// Each helper decodes dictionary encoding once, walks the offsets over the raw UTF-8 bytes and hands
/// `body` one row's bytes; outputs go straight into a builder (no String per row unless a function needs
/// one).
enum StringKernel {
    /// The bytes of every row of a STRING/BYTES column (null rows get an empty buffer and are skipped by callers).
    static func forEachRow(_ c: Column, _ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
        let d = c.decoded()
        guard case .variable(let offsets, let bytes) = d.storage else { preconditionFailure("\(c.type) is not a string type") }
        offsets.withUnsafeBufferPointer(as: Int32.self) { off in
            bytes.withUnsafeBytes { raw in
                let base = raw.bindMemory(to: UInt8.self)
                for row in 0..<d.count {
                    body(row, UnsafeBufferPointer(rebasing: base[Int(off[row])..<Int(off[row + 1])]))
                }
            }
        }
    }

    /// A STRING column with one output per valid row; `body` appends the row's result bytes to `out`
    /// and returns false to make that row NULL.
    static func map(_ c: Column, type: DataType = .string,
                    _ body: (UnsafeBufferPointer<UInt8>, inout [UInt8]) -> Bool) -> Column {
        var builder = StringColumnBuilder(type: type, capacity: c.count)
        var scratch: [UInt8] = []
        forEachRow(c) { row, bytes in
            guard !c.isNull(row) else { builder.appendNull(); return }
            scratch.removeAll(keepingCapacity: true)
            if body(bytes, &scratch) { builder.append(bytes: scratch) } else { builder.appendNull() }
        }
        return builder.finish()
    }

    /// An Int32 column computed from each valid row's bytes.
    static func mapToInt32(_ c: Column, _ body: (UnsafeBufferPointer<UInt8>) -> Int32) -> Column {
        var out = MutableBuffer(zeroedCount: c.count, of: Int32.self)
        out.withUnsafeMutableBufferPointer(as: Int32.self) { o in
            forEachRow(c) { row, bytes in o[row] = body(bytes) }
        }
        return Column(type: .int32, count: c.count, storage: .fixed(out.freeze()), validity: c.validity)
    }

    /// Byte offsets where each code point starts in `b`, plus `b.count` at the end.
    static func codePointStarts(_ b: UnsafeBufferPointer<UInt8>, into starts: inout [Int]) {
        starts.removeAll(keepingCapacity: true)
        for i in 0..<b.count where b[i] & 0xC0 != 0x80 { starts.append(i) }
        starts.append(b.count)
    }

    static func checkString(_ c: Column, _ function: String) throws(SluiceError) {
        guard c.type == .string else {
            throw SluiceError(.plan, "\(function) expects a STRING argument, found \(c.type); cast it with CAST(x AS STRING)")
        }
    }

    static func checkCounts(_ columns: [Column], _ function: String) throws(SluiceError) {
        guard let n = columns.first?.count, columns.allSatisfy({ $0.count == n }) else {
            throw .internalError("\(function) arguments have different row counts: \(columns.map(\.count))")
        }
    }
}

/// Random access to the bytes of each row of a STRING/BYTES column (dictionary encoding expanded once).
struct StringRows {
    let offsets: Buffer
    let bytes: Buffer

    init(_ c: Column) {
        guard case .variable(let offsets, let bytes) = c.decoded().storage else { preconditionFailure("\(c.type) is not a string type") }
        self.offsets = offsets
        self.bytes = bytes
    }

    /// Runs `body` on the bytes of `row`; the pointer is valid only inside the closure.
    @inline(__always)
    func withRow<R>(_ row: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let start = Int(offsets.load(Int32.self, at: row))
        let end = Int(offsets.load(Int32.self, at: row + 1))
        return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }
}
