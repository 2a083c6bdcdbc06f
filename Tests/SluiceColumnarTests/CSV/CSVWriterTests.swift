import Foundation
import Testing
@testable import SluiceColumnar

@Suite("CSV writer")
struct CSVWriterTests {
    static let day = TemporalFormat.microsPerDay

    /// Every type but ROW, each with edge values and NULLs.
    static let columns: [(Field, [Value])] = [
        (Field("b", .boolean), [.boolean(true), .null, .boolean(false), .boolean(true)]),
        (Field("i8", .int8), [.int(-128), .int(127), .null, .int(0)]),
        (Field("i16", .int16), [.int(-32768), .null, .int(32767), .int(7)]),
        (Field("i32", .int32), [.int(Int64(Int32.min)), .int(Int64(Int32.max)), .int(-1), .null]),
        (Field("i64", .int64), [.int(Int64.min), .int(Int64.max), .null, .int(42)]),
        (Field("f32", .float32), [.float(Double(Float(0.1))), .float(-1.5), .float(.infinity), .null]),
        (Field("f64", .float64), [.float(0.1), .float(1e300), .null, .float(-2.5e-7)]),
        (Field("d", .decimal(precision: 10, scale: 2)), [.decimal(-1234, scale: 2), .decimal(0, scale: 2), .null, .decimal(9_999_999_999, scale: 2)]),
        (Field("dw", .decimal(precision: 38, scale: 10)), [.decimal(Int128("12345678901234567890123456789012345678")!, scale: 10), .null, .decimal(-1, scale: 10), .decimal(0, scale: 10)]),
        (Field("s", .string), [.string("a,b"), .string("say \"hi\""), .string("line1\nline2\r\nline3"), .null]),
        (Field("s2", .string), [.string(""), .string("\"lead"), .string(" spaces "), .string("héllo")]),
        (Field("s3", .string), [.string("NULL"), .null, .string("plain"), .string("trail\"")]),
        (Field("bin", .binary), [.binary([0, 10, 13, 34, 44, 255]), .binary([]), .null, .binary(Array("x".utf8))]),
        (Field("dt", .date), [.date(0), .date(-1), .null, .date(19_782)]),
        (Field("t3", .time(precision: 3)), [.time(0), .time(86_399_999), .null, .time(45_296_789)]),
        (Field("t0", .time(precision: 0)), [.time(36_000_000), .null, .time(1000), .time(0)]),
        (Field("ts3", .timestamp(precision: 3)), [.timestamp(1_704_067_200_123_000), .timestamp(-1000), .null, .timestamp(0)]),
        (Field("ts6", .timestamp(precision: 6)), [.timestamp(1), .timestamp(-1), .timestamp(day * 20_000 + 123_456), .null]),
        (Field("ltz", .timestampLTZ(precision: 3)), [.null, .timestamp(1_704_067_200_000_000), .timestamp(5000), .timestamp(-day)]),
        (Field("ids", .intervalDayTime), [.intervalDayTime(-(day + 1_500_000)), .intervalDayTime(0), .null, .intervalDayTime(3_723_004_000)]),
        (Field("iym", .intervalYearMonth), [.intervalYearMonth(14), .intervalYearMonth(-11), .null, .intervalYearMonth(0)]),
    ]

    static func batch() throws -> RecordBatch {
        let schema = Schema(columns.map(\.0))
        return try RecordBatch(schema: schema, columns: columns.map { try ColumnBuilder.column($0.0.type, $0.1) })
    }

    @Test("writer then reader gives back every value of every type, NULLs included",
          arguments: [CSVOptions(nullLiteral: "NULL"), CSVOptions(nullLiteral: ""),
                      CSVOptions(delimiter: UInt8(ascii: "|"), quote: UInt8(ascii: "'"), nullLiteral: "\\N"),
                      CSVOptions(delimiter: UInt8(ascii: " "), hasHeader: false, nullLiteral: "NULL", batchSize: 3)])
    func roundTrip(options: CSVOptions) throws {
        let batch = try Self.batch()
        let bytes = try CSVWriter.encode([batch, batch], schema: batch.schema, options: options)
        let rows = CSVTestSupport.rows(try CSVReader(bytes: bytes, schema: batch.schema, options: options).readAll())
        #expect(rows.count == 8)
        for (i, row) in rows.enumerated() {
            for (c, value) in row.enumerated() {
                #expect(value == Self.columns[c].1[i % 4], "row \(i), column \(Self.columns[c].0.name)")
            }
        }
    }

    @Test("round trip through a file")
    func roundTripFile() throws {
        let batch = try Self.batch()
        let path = CSVTestSupport.file("")
        defer { CSVTestSupport.remove(path) }
        let options = CSVOptions(nullLiteral: "NULL")
        let writer = try CSVWriter(path: path, schema: batch.schema, options: options)
        for _ in 0..<2000 { try writer.write(batch) }   // > 1 MiB: several flushes
        try writer.close()
        let rows = try CSVTestSupport.readAll(path: path, schema: batch.schema, options: options)
        #expect(rows.count == 8000)
        #expect(rows == Array(repeating: batch.rows(), count: 2000).flatMap { $0 })
    }

    @Test("without a null literal, NULL is an empty field and a NULL string reads back as empty")
    func defaultNulls() throws {
        let schema = Schema([Field("id", .int64), Field("name", .string)])
        let batch = try RecordBatch(schema: schema, columns: [.int64([1, nil]), .string([nil, ""])])
        let bytes = try CSVWriter.encode([batch], schema: schema)
        #expect(String(decoding: bytes, as: UTF8.self) == "id,name\n1,\n,\n")
        #expect(try CSVTestSupport.readAll(String(decoding: bytes, as: UTF8.self), schema: schema)
                == [[.int(1), .string("")], [.null, .string("")]])
    }

    @Test("the text: header, quoting only where needed, values formatted like the printer")
    func text() throws {
        let schema = Schema([Field("id", .int32), Field("na,me", .string), Field("ts", .timestamp(precision: 3)),
                             Field("price", .decimal(precision: 6, scale: 2)), Field("ok", .boolean)])
        let batch = try RecordBatch(schema: schema, columns: [
            .int32([1, -20]), .string(["a,b", "x\"y"]),
            try ColumnBuilder.column(.timestamp(precision: 3), [.timestamp(1_704_067_200_009_000), .null]),
            try ColumnBuilder.column(.decimal(precision: 6, scale: 2), [.decimal(1234, scale: 2), .decimal(-5, scale: 2)]),
            .boolean([true, nil]),
        ])
        let text = String(decoding: try CSVWriter.encode([batch], schema: schema, options: CSVOptions(nullLiteral: "NULL")), as: UTF8.self)
        #expect(text == "id,\"na,me\",ts,price,ok\n1,\"a,b\",2024-01-01 00:00:00.009,12.34,TRUE\n-20,\"x\"\"y\",NULL,-0.05,NULL\n")
    }

    @Test("only the selected rows are written, in selection order")
    func selection() throws {
        let schema = Schema([Field("id", .int64)])
        let batch = try RecordBatch(schema: schema, columns: [.int64([10, 11, 12, 13])]).withSelection(SelectionVector([3, 1]))
        let text = String(decoding: try CSVWriter.encode([batch], schema: schema), as: UTF8.self)
        #expect(text == "id\n13\n11\n")
    }

    @Test("dictionary-encoded strings and an empty string in a one-column file")
    func dictionaryAndOneColumn() throws {
        let schema = Schema([Field("color", .string)])
        let codes = Buffer([Int32(1), 0, 1, 2])
        let column = Column(type: .string, count: 4, storage: .dictionary(codes: codes, dictionary: DictionaryValues(["red", "a,b", ""])))
        let batch = try RecordBatch(schema: schema, columns: [column])
        let bytes = try CSVWriter.encode([batch], schema: schema)
        #expect(String(decoding: bytes, as: UTF8.self) == "color\n\"a,b\"\nred\n\"a,b\"\n\"\"\n")
        #expect(CSVTestSupport.rows(try CSVReader(bytes: bytes, schema: schema).readAll()).map { $0[0] }
                == ["a,b", "red", "a,b", ""].map { .string($0) })
    }

    @Test("a batch of another schema is rejected; writing after close fails")
    func misuse() throws {
        let writer = try CSVWriter(schema: Schema([Field("id", .int64)]))
        let other = try RecordBatch(schema: Schema([Field("name", .string)]), columns: [.string(["x"])])
        #expect(throws: SluiceError.invalidInput("batch schema (name STRING) does not match the CSV writer's schema (id BIGINT)")) {
            try writer.write(other)
        }
        let kinds = Buffer([RowKind.insert.rawValue, RowKind.updateBefore.rawValue])
        let changelog = try RecordBatch(schema: Schema([Field("id", .int64)]), columns: [.int64([1, 2])], rowKinds: kinds)
        #expect(throws: SluiceError.unsupported("CSV files hold only inserted rows, found a -U row; write an append-only stream or convert the changelog first")) {
            try writer.write(changelog)
        }
        try writer.write(changelog.withSelection(SelectionVector([0])))
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "id\n1\n")
        try writer.close()
        #expect(throws: SluiceError.internalError("CSV writer used after close()")) {
            try writer.write(RecordBatch.empty(Schema([Field("id", .int64)])))
        }
    }
}
