/// Reads what `WireWriter` wrote, checking every length against the bytes that remain.
///
/// A reader over a `Buffer` (state read back from a checkpoint file) hands out aligned column buffers
/// of the aligned batch format as views of that buffer instead of copies (`buffer(_:aligned:)`).
public struct WireReader {
    let bytes: [UInt8]
    /// The bytes when the reader was made from a buffer (`bytes` is empty then).
    let source: Buffer?
    public private(set) var position = 0
    let count: Int
    /// Set while reading a batch in the aligned format (`RecordBatch.wireMagicAligned`).
    var alignedBuffers = false

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        source = nil
        count = bytes.count
    }

    public init(_ buffer: Buffer) {
        bytes = []
        source = buffer
        count = buffer.byteCount
    }

    public var remaining: Int { count - position }
    public var isAtEnd: Bool { position == count }

    func corrupt(_ what: String) -> SluiceError {
        SluiceError(.corruptState, "\(what) at byte \(position) of \(count)")
    }

    /// Moves past the next `n` bytes, returning their range.
    private mutating func take(_ n: Int, _ what: String) throws(SluiceError) -> Range<Int> {
        guard n >= 0, n <= remaining else { throw corrupt("truncated \(what): needs \(n) bytes, \(remaining) left") }
        defer { position += n }
        return position..<(position + n)
    }

    private func withBytes<R>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let source { return source.slice(byteOffset: range.lowerBound, byteCount: range.count).withUnsafeBytes(body) }
        return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    public mutating func bytes(_ n: Int, _ what: String) throws(SluiceError) -> ArraySlice<UInt8> {
        let range = try take(n, what)
        if source == nil { return bytes[range] }
        return ArraySlice(withBytes(range) { Array($0) })
    }

    mutating func byte(_ what: String) throws(SluiceError) -> UInt8 {
        let range = try take(1, what)
        return withBytes(range) { $0[0] }
    }

    public mutating func int(_ what: String) throws(SluiceError) -> Int {
        let range = try take(8, what)
        return Int(Int64(littleEndian: withBytes(range) { $0.loadUnaligned(as: Int64.self) }))
    }

    /// A length-prefixed run of bytes (`WireWriter.blob`).
    public mutating func blob(_ what: String) throws(SluiceError) -> ArraySlice<UInt8> {
        try bytes(try int("\(what) length"), what)
    }

    public mutating func string(_ what: String) throws(SluiceError) -> String {
        let n = try int("\(what) length")
        let raw = try bytes(n, what)
        guard let s = String(validating: raw, as: UTF8.self) else { throw corrupt("\(what) is not UTF-8") }
        return s
    }

    /// A length-prefixed buffer (`WireWriter.buffer`); in the aligned format its padding is skipped and,
    /// when the reader is over a buffer and the values sit aligned in memory, it is a view of that
    /// buffer, not a copy.
    mutating func buffer(_ what: String) throws(SluiceError) -> Buffer {
        let n = try int("\(what) length")
        if alignedBuffers {
            let pad = Int(try byte("\(what) padding"))
            guard pad < WireWriter.bufferAlignment else { throw corrupt("\(what) padding of \(pad) bytes") }
            _ = try take(pad, "\(what) padding")
        }
        let range = try take(n, what)
        if let source, (Int(bitPattern: source.storage.pointer) + source.byteOffset + range.lowerBound) % WireWriter.bufferAlignment == 0 {
            return source.slice(byteOffset: range.lowerBound, byteCount: n)
        }
        return withBytes(range) { Buffer(copying: $0.bindMemory(to: UInt8.self)) }
    }

    mutating func bitmap(count: Int, _ what: String) throws(SluiceError) -> Bitmap {
        let words = try buffer(what)
        guard words.byteCount == Bitmap.wordCount(count) * 8 else {
            throw corrupt("\(what) has \(words.byteCount) bytes for \(count) bits")
        }
        return Bitmap(words: words, count: count)
    }

    mutating func column(_ type: DataType, count: Int) throws(SluiceError) -> Column {
        let validity = try byte("validity flag") == 1 ? try bitmap(count: count, "validity") : nil
        switch try byte("column kind") {
        case 0:
            let values = try buffer("values")
            guard let width = type.fixedWidth, values.byteCount == width * count else {
                throw corrupt("\(type) values have \(values.byteCount) bytes for \(count) rows")
            }
            return Column(type: type, count: count, storage: .fixed(values), validity: validity)
        case 1:
            return Column(type: type, count: count, storage: .bits(try bitmap(count: count, "booleans")), validity: validity)
        case 2:
            let (offsets, bytes) = try strings(count: count)
            return Column(type: type, count: count, storage: .variable(offsets: offsets, bytes: bytes), validity: validity)
        case 3:
            let codes = try buffer("dictionary codes")
            guard codes.byteCount == 4 * count else { throw corrupt("dictionary codes for \(count) rows") }
            let size = try int("dictionary size")
            let (offsets, bytes) = try strings(count: size)
            for i in 0..<count {
                let code = codes.load(Int32.self, at: i)
                guard code >= 0 && Int(code) < size else { throw corrupt("dictionary code \(code) of \(size)") }
            }
            return Column(type: type, count: count,
                          storage: .dictionary(codes: codes, dictionary: DictionaryValues(offsets: offsets, bytes: bytes, count: size)),
                          validity: validity)
        case 4:
            guard case .row(let fields) = type else { throw corrupt("nested columns for non-ROW type \(type)") }
            let n = try int("child count")
            guard n == fields.count else { throw corrupt("\(n) children for \(type)") }
            var children: [Column] = []
            for f in fields { children.append(try column(f.type, count: count)) }
            return Column(type: type, count: count, storage: .children(children), validity: validity)
        case let kind:
            throw corrupt("unknown column kind \(kind)")
        }
    }

    private mutating func strings(count: Int) throws(SluiceError) -> (Buffer, Buffer) {
        guard try int("offset count") == count + 1 else { throw corrupt("offset count for \(count) strings") }
        let raw = try bytes(4 * (count + 1), "offsets")
        let offsets = raw.withUnsafeBytes { Buffer(copying: $0.bindMemory(to: Int32.self)) }
        let bytes = try buffer("string bytes")
        var previous: Int32 = 0
        for i in 0...count {
            let o = offsets.load(Int32.self, at: i)
            guard o >= previous, Int(o) <= bytes.byteCount, i > 0 || o == 0 else { throw corrupt("string offset \(o) at \(i)") }
            previous = o
        }
        return (offsets, bytes)
    }
}
