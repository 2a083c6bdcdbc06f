/// A compact binary form of record batches, for operator state in snapshots and anything else that
/// writes batches to bytes and reads them back in the same build.
///
///     "SLB2" · schema fingerprint (length-prefixed "name TYPE, …") · rows · has-row-kinds
///     · row kinds · per column: validity flag + bitmap words, then the storage by kind
///
/// Integers are little-endian; buffers are copied whole (no per-row work except rebasing offsets).
/// Each buffer's length is followed by a padding count and that many zero bytes, so that its values
/// start at a multiple of 16 bytes from the start of `out`: a reader over the bytes of a whole state
/// file (`WireReader(Buffer)`) then takes the column buffers as views instead of copying them. The
/// older "SLB1" form (no padding) is still read. Reading checks every length against the bytes that
/// remain, so truncated or corrupted input is a `corruptState` error naming what was being read,
/// never a crash.
extension RecordBatch {
    static let wireMagic: [UInt8] = Array("SLB1".utf8)
    static let wireMagicAligned: [UInt8] = Array("SLB2".utf8)

    /// The batch (compacted when it has a selection) as bytes, appended to `out`.
    public func serialize(into out: inout [UInt8]) { serialize(into: &out, aligned: true) }

    /// `aligned: false` writes the older "SLB1" form.
    func serialize(into out: inout [UInt8], aligned: Bool) {
        let dense = compacted()
        out += aligned ? RecordBatch.wireMagicAligned : RecordBatch.wireMagic
        WireWriter.string(schema.description, into: &out)
        WireWriter.int(dense.physicalCount, into: &out)
        if let kinds = dense.rowKinds {
            out.append(1)
            WireWriter.buffer(kinds.slice(byteOffset: 0, byteCount: dense.physicalCount), into: &out, aligned: aligned)
        } else {
            out.append(0)
        }
        for column in dense.columns { WireWriter.column(column, into: &out, aligned: aligned) }
    }

    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(serializedSizeHint)
        serialize(into: &out)
        return out
    }

    /// About the number of bytes `serialize` appends (at least it for fixed-width columns), to reserve
    /// an output array once instead of growing it while large buffers are copied in.
    public var serializedSizeHint: Int {
        let n = selection?.count ?? physicalCount
        return 64 + schema.description.utf8.count + (rowKinds == nil ? 0 : n + 32)
            + columns.reduce(0) { $0 + $1.serializedSizeHint(rows: n) }
    }

    /// Reads one batch of `schema` at `reader`'s position; fails when the bytes hold another schema.
    public static func deserialize(_ reader: inout WireReader, schema: Schema) throws(SluiceError) -> RecordBatch {
        let magic = Array(try reader.bytes(4, "batch header"))
        guard magic == wireMagicAligned || magic == wireMagic else {
            throw reader.corrupt("not a serialized batch (bad magic)")
        }
        let outer = reader.alignedBuffers
        reader.alignedBuffers = magic == wireMagicAligned
        defer { reader.alignedBuffers = outer }
        let fingerprint = try reader.string("schema")
        guard fingerprint == schema.description else {
            throw SluiceError(.corruptState, "serialized batch has schema \(fingerprint), expected \(schema.description)")
        }
        let rows = try reader.int("row count")
        guard rows >= 0 && rows <= reader.remaining * 8 + 1 else { throw reader.corrupt("implausible row count \(rows)") }
        var kinds: Buffer?
        if try reader.byte("row-kind flag") == 1 { kinds = try reader.buffer("row kinds") }
        var columns: [Column] = []
        for field in schema.fields { columns.append(try reader.column(field.type, count: rows)) }
        do {
            return try RecordBatch(schema: schema, columns: columns, count: rows, rowKinds: kinds)
        } catch {
            throw reader.corrupt("inconsistent batch: \(error.message)")
        }
    }

    public static func deserialize(_ bytes: [UInt8], schema: Schema) throws(SluiceError) -> RecordBatch {
        var reader = WireReader(bytes)
        return try deserialize(&reader, schema: schema)
    }
}

extension Column {
    /// About the bytes `WireWriter.column` writes for `rows` rows of this column.
    func serializedSizeHint(rows: Int) -> Int {
        let bitmap = (rows + 63) / 64 * 8 + 32
        let header = 64 + (validity == nil ? 0 : bitmap)
        switch storage {
        case .fixed: return header + rows * (type.fixedWidth ?? 0)
        case .bits: return header + bitmap
        case .variable(_, let bytes): return header + 4 * (rows + 1) + bytes.byteCount
        case .dictionary(_, let dictionary): return header + 4 * rows + 4 * (dictionary.count + 1) + dictionary.bytes.byteCount
        case .children(let children): return header + children.reduce(0) { $0 + $1.serializedSizeHint(rows: rows) }
        }
    }
}

/// Little-endian words, length-prefixed strings and byte runs, and columns: what `WireReader` reads.
public enum WireWriter {
    public static func int(_ v: Int, into out: inout [UInt8]) {
        withUnsafeBytes(of: Int64(v).littleEndian) { out.append(contentsOf: $0) }
    }

    /// `bytes` with their length in front.
    public static func blob(_ bytes: [UInt8], into out: inout [UInt8]) {
        int(bytes.count, into: &out)
        out += bytes
    }

    public static func string(_ s: String, into out: inout [UInt8]) {
        let utf8 = Array(s.utf8)
        int(utf8.count, into: &out)
        out += utf8
    }

    /// Buffer values start at a multiple of this many bytes from the start of the output (16: Int128).
    static let bufferAlignment = 16

    /// The length, a padding count and that many zeros (see `RecordBatch.serialize`), then the bytes.
    static func buffer(_ b: Buffer, into out: inout [UInt8], aligned: Bool) {
        int(b.byteCount, into: &out)
        guard aligned else { return b.withUnsafeBytes { out.append(contentsOf: $0) } }
        let pad = (bufferAlignment - (out.count + 1) % bufferAlignment) % bufferAlignment
        out.append(UInt8(pad))
        out.append(contentsOf: repeatElement(0, count: pad))
        b.withUnsafeBytes { out.append(contentsOf: $0) }
    }

    static func bitmap(_ b: Bitmap, into out: inout [UInt8], aligned: Bool) {
        buffer(b.realigned(), into: &out, aligned: aligned)
    }

    static func column(_ c: Column, into out: inout [UInt8], aligned: Bool) {
        if let validity = c.validity {
            out.append(1)
            bitmap(validity, into: &out, aligned: aligned)
        } else {
            out.append(0)
        }
        switch c.storage {
        case .fixed(let values):
            out.append(0)
            buffer(values.slice(byteOffset: 0, byteCount: c.count * (c.type.fixedWidth ?? 0)), into: &out, aligned: aligned)
        case .bits(let bits):
            out.append(1)
            bitmap(bits, into: &out, aligned: aligned)
        case .variable(let offsets, let bytes):
            out.append(2)
            strings(offsets: offsets, bytes: bytes, count: c.count, into: &out, aligned: aligned)
        case .dictionary(let codes, let dictionary):
            out.append(3)
            buffer(codes.slice(Int32.self, from: 0, count: c.count), into: &out, aligned: aligned)
            int(dictionary.count, into: &out)
            strings(offsets: dictionary.offsets, bytes: dictionary.bytes, count: dictionary.count, into: &out, aligned: aligned)
        case .children(let children):
            out.append(4)
            int(children.count, into: &out)
            for child in children { column(child, into: &out, aligned: aligned) }
        }
    }

    /// Offsets rebased to start at 0, and only the bytes they cover.
    private static func strings(offsets: Buffer, bytes: Buffer, count: Int, into out: inout [UInt8], aligned: Bool) {
        let first = Int(offsets.load(Int32.self, at: 0))
        let last = Int(offsets.load(Int32.self, at: count))
        int(count + 1, into: &out)
        for i in 0...count {
            withUnsafeBytes(of: (offsets.load(Int32.self, at: i) - Int32(first)).littleEndian) { out.append(contentsOf: $0) }
        }
        buffer(bytes.slice(byteOffset: first, byteCount: last - first), into: &out, aligned: aligned)
    }
}
