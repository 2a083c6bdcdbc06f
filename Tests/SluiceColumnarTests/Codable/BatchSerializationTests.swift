import SluiceTestSupport
import Testing
@testable import SluiceColumnar

@Suite("Batch serialization")
struct BatchSerializationTests {
    static let schema = Schema([
        Field("b", .boolean), Field("i8", .int8), Field("i", .int32), Field("l", .int64), Field("d", .float64),
        Field("dec", .decimal(precision: 10, scale: 2)), Field("big", .decimal(precision: 30, scale: 4)),
        Field("s", .string), Field("bin", .binary), Field("day", .date), Field("ts", .timestamp(precision: 3)),
        Field("r", .row([Field("x", .int64), Field("y", .string)])),
    ])

    static func randomValue(_ type: DataType, _ g: inout KernelFixtures.Generator) -> Value {
        if g.next() % 5 == 0 { return .null }
        switch type {
        case .boolean: return .boolean(g.next() % 2 == 0)
        case .int8: return .int(g.int(-128...127))
        case .int32: return .int(g.int(-1_000_000...1_000_000))
        case .int64: return .int(g.int(Int64.min...Int64.max))
        case .float64: return .float(Double(g.int(-1000...1000)) / 8)
        case .decimal(_, let s): return .decimal(Int128(g.int(-99_999_999...99_999_999)), scale: s)
        case .string: return .string(String(repeating: "é", count: Int(g.int(0...5))) + String(g.next() % 1000))
        case .binary: return .binary((0..<Int(g.int(0...4))).map { UInt8($0) })
        case .date: return .date(Int32(g.int(-1000...30000)))
        case .timestamp: return .timestamp(g.int(0...1_800_000_000_000_000))
        case .row(let fields): return .row(fields.map { randomValue($0.type, &g) })
        default: return .null
        }
    }

    static func batch(rows: Int, seed: UInt64, sliced: Bool) -> RecordBatch {
        var g = KernelFixtures.Generator(seed: seed)
        let columns = schema.fields.map { f in
            KernelFixtures.column(f.type, (0..<rows).map { _ in randomValue(f.type, &g) }, sliced: sliced)
        }
        return try! RecordBatch(schema: schema, columns: columns)
    }

    @Test("round-trips every type, with nulls, sliced buffers and several lengths", arguments: [0, 1, 63, 64, 65, 700])
    func roundTrip(rows: Int) throws {
        for sliced in [false, true] {
            let batch = Self.batch(rows: rows, seed: UInt64(rows) + 1, sliced: sliced)
            let back = try RecordBatch.deserialize(batch.serialized(), schema: Self.schema)
            #expect(back.rows() == batch.rows())
        }
    }

    @Test("the size hint covers the serialized bytes", arguments: [0, 1, 65, 700])
    func sizeHint(rows: Int) throws {
        for sliced in [false, true] {
            let batch = Self.batch(rows: rows, seed: UInt64(rows) + 11, sliced: sliced)
            let bytes = batch.serialized()
            #expect(batch.serializedSizeHint >= bytes.count)
            #expect(batch.serializedSizeHint <= bytes.count + 2048)
        }
    }

    @Test("keeps row kinds, applies the selection, and reads dictionary columns back")
    func changelogSelectionAndDictionary() throws {
        let schema = Schema([Field("color", .string), Field("n", .int64)])
        let dict = Column(type: .string, count: 4,
                          storage: .dictionary(codes: Buffer([Int32(1), 0, 1, 2]), dictionary: DictionaryValues(["red", "blue", "green"])))
        let kinds = Buffer([RowKind.insert.rawValue, RowKind.updateBefore.rawValue, RowKind.updateAfter.rawValue, RowKind.delete.rawValue])
        let batch = try RecordBatch(schema: schema, columns: [dict, try ColumnBuilder.column(.int64, [.int(1), .int(2), .int(3), .null])],
                                    rowKinds: kinds).withSelection(SelectionVector([1, 3]))
        let back = try RecordBatch.deserialize(batch.serialized(), schema: schema)
        #expect(back.rows() == [[.string("red"), .int(2)], [.string("green"), .null]])
        #expect(back.rowKind(at: 0) == .updateBefore && back.rowKind(at: 1) == .delete)
    }

    @Test("several batches follow each other in one byte stream")
    func concatenated() throws {
        let a = Self.batch(rows: 10, seed: 1, sliced: false), b = Self.batch(rows: 3, seed: 2, sliced: true)
        var bytes: [UInt8] = []
        a.serialize(into: &bytes)
        b.serialize(into: &bytes)
        var reader = WireReader(bytes)
        #expect(try RecordBatch.deserialize(&reader, schema: Self.schema).rows() == a.rows())
        #expect(try RecordBatch.deserialize(&reader, schema: Self.schema).rows() == b.rows())
        #expect(reader.isAtEnd)
    }

    @Test("another schema, truncation and corrupted bytes are errors, never a crash")
    func badInput() throws {
        let bytes = Self.batch(rows: 50, seed: 3, sliced: false).serialized()
        #expect(throws: SluiceError.self) { try RecordBatch.deserialize(bytes, schema: Schema([Field("x", .int64)])) }
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: SluiceError.self) { try RecordBatch.deserialize(Array(bytes[..<cut]), schema: Self.schema) }
        }
        var g = SplitMix64(seed: 9)
        for _ in 0..<300 {
            var flipped = bytes
            flipped[Int(g.next() % UInt64(bytes.count))] ^= UInt8(1 << (g.next() % 8))
            _ = try? RecordBatch.deserialize(flipped, schema: Self.schema)   // must not crash
        }
    }

    @Test("a reader over a buffer takes aligned column buffers as views of it, after any prefix")
    func viewsOfTheBuffer() throws {
        for prefix in [0, 3, 16] {
            let a = Self.batch(rows: 65, seed: 4, sliced: true), b = Self.batch(rows: 700, seed: 5, sliced: false)
            var stream: [UInt8] = []
            a.serialize(into: &stream)
            b.serialize(into: &stream)
            let bytes = [UInt8](repeating: 7, count: prefix) + stream
            let storage = Buffer(bytes)
            var reader = WireReader(storage.slice(byteOffset: prefix, byteCount: bytes.count - prefix))
            let backA = try RecordBatch.deserialize(&reader, schema: Self.schema)
            let backB = try RecordBatch.deserialize(&reader, schema: Self.schema)
            #expect(reader.isAtEnd)
            #expect(backA.rows() == a.rows() && backB.rows() == b.rows(), "prefix \(prefix)")
            // Padding counts from the start of the written stream: placed at a multiple of 16 bytes into
            // the buffer, its values sit aligned and are not copied; elsewhere they are copied.
            guard case .fixed(let values) = backB.columns[3].storage else { Issue.record("BIGINT is fixed-width"); continue }
            #expect((values.storage === storage.storage) == (prefix % 16 == 0), "prefix \(prefix)")
        }
    }

    @Test("the older unpadded form (SLB1) is still read, from arrays and buffers")
    func olderForm() throws {
        for rows in [0, 1, 65] {
            let batch = Self.batch(rows: rows, seed: 6 + UInt64(rows), sliced: true)
            var old: [UInt8] = []
            batch.serialize(into: &old, aligned: false)
            #expect(Array(old[0..<4]) == Array("SLB1".utf8))
            #expect(old.count < batch.serialized().count || rows == 0)
            #expect(try RecordBatch.deserialize(old, schema: Self.schema).rows() == batch.rows())
            var reader = WireReader(Buffer(old))
            #expect(try RecordBatch.deserialize(&reader, schema: Self.schema).rows() == batch.rows())
        }
    }

    @Test("a padding count past the alignment is corrupt state")
    func badPadding() throws {
        let batch = try RecordBatch(schema: Schema([Field("x", .int64)]), columns: [.int64([1, 2, 3])])
        var bytes = batch.serialized()
        // magic, schema string (length + text), row count, row-kind flag, validity flag, kind, length, padding count
        let schemaLength = Int(bytes[4])
        let padding = 4 + 8 + schemaLength + 8 + 1 + 1 + 1 + 8
        #expect(bytes[padding] < 16)
        bytes[padding] = 16
        let error = #expect(throws: SluiceError.self) { try RecordBatch.deserialize(bytes, schema: batch.schema) }
        #expect(error?.code == .corruptState)
        #expect(error?.message.contains("padding") == true)
    }
}
