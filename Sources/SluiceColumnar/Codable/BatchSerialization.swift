/// A compact binary form of record batches, for operator state in snapshots and anything else that
/// writes batches to bytes and reads them back in the same build.
///
///     "SLB1" · schema fingerprint (length-prefixed "name TYPE, …") · rows · has-row-kinds
///     · row kinds · per column: validity flag + bitmap words, then the storage by kind
///
/// Integers are little-endian; buffers are copied whole (no per-row work except rebasing offsets).
/// Reading checks every length against the bytes that remain, so truncated or corrupted input is a
/// `corruptState` error naming what was being read, never a crash.
extension RecordBatch {
    static let wireMagic: [UInt8] = Array("SLB1".utf8)

    /// The batch (compacted when it has a selection) as bytes, appended to `out`.
    public func serialize(into out: inout [UInt8]) {
        let dense = compacted()
        out += RecordBatch.wireMagic
        WireWriter.string(schema.description, into: &out)
        WireWriter.int(dense.physicalCount, into: &out)
        if let kinds = dense.rowKinds {
            out.append(1)
            WireWriter.buffer(kinds.slice(byteOffset: 0, byteCount: dense.physicalCount), into: &out)
        } else {
            out.append(0)
        }
        for column in dense.columns { WireWriter.column(column, into: &out) }
    }

    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        serialize(into: &out)
        return out
    }

    /// Reads one batch of `schema` at `reader`'s position; fails when the bytes hold another schema.
    public static func deserialize(_ reader: inout WireReader, schema: Schema) throws(SluiceError) -> RecordBatch {
        guard Array(try reader.bytes(4, "batch header")) == wireMagic else {
            throw reader.corrupt("not a serialized batch (bad magic)")
        }
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

    static func buffer(_ b: Buffer, into out: inout [UInt8]) {
        int(b.byteCount, into: &out)
        b.withUnsafeBytes { out.append(contentsOf: $0) }
    }

    static func bitmap(_ b: Bitmap, into out: inout [UInt8]) {
        buffer(b.realigned(), into: &out)
    }

    static func column(_ c: Column, into out: inout [UInt8]) {
        if let validity = c.validity {
            out.append(1)
            bitmap(validity, into: &out)
        } else {
            out.append(0)
        }
        switch c.storage {
        case .fixed(let values):
            out.append(0)
            buffer(values.slice(byteOffset: 0, byteCount: c.count * (c.type.fixedWidth ?? 0)), into: &out)
        case .bits(let bits):
            out.append(1)
            bitmap(bits, into: &out)
        case .variable(let offsets, let bytes):
            out.append(2)
            strings(offsets: offsets, bytes: bytes, count: c.count, into: &out)
        case .dictionary(let codes, let dictionary):
            out.append(3)
            buffer(codes.slice(Int32.self, from: 0, count: c.count), into: &out)
            int(dictionary.count, into: &out)
            strings(offsets: dictionary.offsets, bytes: dictionary.bytes, count: dictionary.count, into: &out)
        case .children(let children):
            out.append(4)
            int(children.count, into: &out)
            for child in children { column(child, into: &out) }
        }
    }

    /// Offsets rebased to start at 0, and only the bytes they cover.
    private static func strings(offsets: Buffer, bytes: Buffer, count: Int, into out: inout [UInt8]) {
        let first = Int(offsets.load(Int32.self, at: 0))
        let last = Int(offsets.load(Int32.self, at: count))
        int(count + 1, into: &out)
        for i in 0...count {
            withUnsafeBytes(of: (offsets.load(Int32.self, at: i) - Int32(first)).littleEndian) { out.append(contentsOf: $0) }
        }
        buffer(bytes.slice(byteOffset: first, byteCount: last - first), into: &out)
    }
}
