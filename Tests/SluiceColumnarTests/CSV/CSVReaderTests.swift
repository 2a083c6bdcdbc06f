import Foundation
import Testing
@testable import SluiceColumnar

@Suite("CSV reader")
struct CSVReaderTests {
    let schema = Schema([Field("id", .int64), Field("name", .string), Field("score", .float64)])

    @Test("reads typed columns from a file with a header")
    func readsFile() throws {
        let path = CSVTestSupport.file("id,name,score\n1,ann,1.5\n2,bob,-2\n")
        defer { CSVTestSupport.remove(path) }
        let rows = try CSVTestSupport.readAll(path: path, schema: schema)
        #expect(rows == [[.int(1), .string("ann"), .float(1.5)], [.int(2), .string("bob"), .float(-2)]])
    }

    @Test("parses every type but ROW")
    func everyType() throws {
        let types = Schema([
            Field("b", .boolean), Field("i8", .int8), Field("i16", .int16), Field("i32", .int32), Field("i64", .int64),
            Field("f32", .float32), Field("f64", .float64), Field("d", .decimal(precision: 10, scale: 2)),
            Field("dw", .decimal(precision: 30, scale: 3)), Field("s", .string), Field("bin", .binary),
            Field("dt", .date), Field("t", .time(precision: 3)), Field("ts", .timestamp(precision: 6)),
            Field("ltz", .timestampLTZ(precision: 3)), Field("ids", .intervalDayTime), Field("iym", .intervalYearMonth),
        ])
        let text = """
            TRUE,-128,32767,-2147483648,9223372036854775807,1.5,-2.25E3,-12.34,123456789012345678901234567.891,héllo,raw,2024-02-29,23:59:59.999,1970-01-01 00:00:00.000001,2024-01-01T12:00:00.5,-1 02:03:04.500,+1-02
            false,127,-32768,2147483647,-9223372036854775808,NaN,Infinity,0.005,-1,"",x,1969-12-31,00:00,1969-12-31 23:59:59.9,2024-01-01 00:00:00,+0 00:00:00.000,-0-11
            """
        let rows = try CSVTestSupport.readAll(text, schema: types, options: CSVOptions(hasHeader: false))
        #expect(rows.count == 2)
        let micros = TemporalFormat.microsPerDay
        let day2024 = Int64(TemporalFormat.days(year: 2024, month: 1, day: 1))
        #expect(rows[0] == [
            .boolean(true), .int(-128), .int(32767), .int(-2147483648), .int(Int64.max), .float(1.5), .float(-2250),
            .decimal(-1234, scale: 2), .decimal(123456789012345678901234567891, scale: 3), .string("héllo"),
            .binary(Array("raw".utf8)), .date(Int32(TemporalFormat.days(year: 2024, month: 2, day: 29))),
            .time(86_399_999), .timestamp(1), .timestamp(day2024 * micros + 12 * 3_600_000_000 + 500_000),
            .intervalDayTime(-(micros + (2 * 3600 + 3 * 60 + 4) * 1_000_000 + 500_000)), .intervalYearMonth(14),
        ])
        #expect(rows[1][0] == .boolean(false))
        #expect(rows[1][4] == .int(Int64.min))
        if case .float(let nan) = rows[1][5] { #expect(nan.isNaN) } else { Issue.record("FLOAT NaN not read") }
        #expect(rows[1][6] == .float(.infinity))
        #expect(rows[1][7] == .decimal(1, scale: 2), "0.005 rounds half away from zero to 0.01")
        #expect(rows[1][8] == .decimal(-1000, scale: 3))
        #expect(rows[1][9] == .string(""), "a quoted empty field is the empty string")
        #expect(rows[1][12] == .time(0))
        #expect(rows[1][13] == .timestamp(-100_000))
        #expect(rows[1][14] == .timestamp(day2024 * micros))
        #expect(rows[1][16] == .intervalYearMonth(-11))
    }

    @Test("truncates fractions past the column's precision")
    func truncatesPrecision() throws {
        let s = Schema([Field("ts", .timestamp(precision: 3)), Field("t", .time(precision: 0))])
        let rows = try CSVTestSupport.readAll("1970-01-01 00:00:01.123456,10:00:00.999\n1969-12-31 23:59:59.9999,00:00:01\n",
                                              schema: s, options: CSVOptions(hasHeader: false))
        #expect(rows == [[.timestamp(1_123_000), .time(36_000_000)], [.timestamp(-1000), .time(1000)]])
    }

    @Test("empty fields are NULL except in string columns by default")
    func defaultNulls() throws {
        let rows = try CSVTestSupport.readAll("id,name,score\n,,\n3,NULL,\n", schema: schema)
        #expect(rows == [[.null, .string(""), .null], [.int(3), .string("NULL"), .null]])
    }

    @Test("a null literal makes unquoted matching fields NULL in every column, quoted ones stay strings")
    func nullLiteral() throws {
        let options = CSVOptions(nullLiteral: "NULL")
        let rows = try CSVTestSupport.readAll("id,name,score\nNULL,NULL,\n1,\"NULL\",NULL\n2,,1\n", schema: schema, options: options)
        #expect(rows == [[.null, .null, .null], [.int(1), .string("NULL"), .null], [.int(2), .string(""), .float(1)]])
        let empty = try CSVTestSupport.readAll("id,name,score\n1,,\n2,\"\",\n", schema: schema, options: CSVOptions(nullLiteral: ""))
        #expect(empty == [[.int(1), .null, .null], [.int(2), .string(""), .null]])
    }

    @Test("quoted fields: delimiters, doubled quotes, newlines, CRLF inside")
    func quotedFields() throws {
        let text = "id,name,score\n1,\"a,b\",1\n2,\"say \"\"hi\"\"\",2\n3,\"line1\nline2\",3\n4,\"cr\r\nlf\",4\n5,\"\"\"\",5\n6,a\"b,6\n"
        let rows = try CSVTestSupport.readAll(text, schema: schema)
        #expect(rows.map { $0[1] } == ["a,b", "say \"hi\"", "line1\nline2", "cr\r\nlf", "\"", "a\"b"].map { .string($0) })
        #expect(rows.map { $0[0] } == (1...6).map { .int($0) })
    }

    @Test("quoted numbers are unquoted before parsing; a quoted empty number is NULL")
    func quotedNumbers() throws {
        let rows = try CSVTestSupport.readAll("id,name,score\n\"7\",x,\"1.25\"\n\"\",y,\"\"\n", schema: schema)
        #expect(rows == [[.int(7), .string("x"), .float(1.25)], [.null, .string("y"), .null]])
    }

    @Test("CRLF line ends, a missing final newline, and empty lines")
    func lineEnds() throws {
        let expected: [[Value]] = [[.int(1), .string("a"), .float(1)], [.int(2), .string(""), .float(2)]]
        #expect(try CSVTestSupport.readAll("id,name,score\r\n1,a,1\r\n2,,2\r\n", schema: schema) == expected)
        #expect(try CSVTestSupport.readAll("id,name,score\n1,a,1\n2,,2", schema: schema) == expected)
        #expect(try CSVTestSupport.readAll("id,name,score\r\n1,a,1\r\n2,,2\r", schema: schema) == expected)
        #expect(try CSVTestSupport.readAll("id,name,score\n\n1,a,1\n\r\n\n2,,2\n\n", schema: schema) == expected)
    }

    @Test("header only, empty file, no header")
    func emptyInputs() throws {
        #expect(try CSVTestSupport.readAll("id,name,score\n", schema: schema).isEmpty)
        #expect(try CSVTestSupport.readAll("id,name,score", schema: schema).isEmpty)
        #expect(try CSVTestSupport.readAll("", schema: schema).isEmpty)
        let path = CSVTestSupport.file("")
        defer { CSVTestSupport.remove(path) }
        #expect(try CSVTestSupport.readAll(path: path, schema: schema).isEmpty)
        #expect(try CSVTestSupport.readAll("1,a,1\n", schema: schema, options: CSVOptions(hasHeader: false)).count == 1)
    }

    @Test("a UTF-8 byte order mark at the start is skipped")
    func byteOrderMark() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let rows = CSVTestSupport.rows(try CSVReader(bytes: bom + Array("1,a,2\n".utf8), schema: schema,
                                                     options: CSVOptions(hasHeader: false)).readAll())
        #expect(rows == [[.int(1), .string("a"), .float(2)]])
        let path = CSVTestSupport.file(bytes: bom + Array("id,name,score\n1,a,2\n".utf8))
        defer { CSVTestSupport.remove(path) }
        #expect(try CSVTestSupport.readAll(path: path, schema: schema) == rows)
    }

    @Test("other delimiters and quote characters")
    func delimiters() throws {
        let options = CSVOptions(delimiter: UInt8(ascii: ";"), quote: UInt8(ascii: "'"))
        let rows = try CSVTestSupport.readAll("id;name;score\n1;'a;''b''';2,5\n", schema: Schema([Field("id", .int64), Field("name", .string), Field("s", .string)]), options: options)
        #expect(rows == [[.int(1), .string("a;'b'"), .string("2,5")]])
        let tabs = try CSVTestSupport.readAll("id\tname\tscore\n1\t a \t3\n", schema: schema, options: CSVOptions(delimiter: 0x09))
        #expect(tabs == [[.int(1), .string(" a "), .float(3)]])
    }

    @Test("batches hold batchSize rows; the last one the rest", arguments: [1, 2, 3, 7, 8192])
    func batchSizes(batchSize: Int) throws {
        let text = CSVTestSupport.eventsText(rows: 50)
        let reader = try CSVReader(bytes: Array(text.utf8), schema: CSVTestSupport.eventsSchema, options: CSVOptions(batchSize: batchSize))
        let batches = try reader.readAll()
        #expect(batches.dropLast().allSatisfy { $0.count == batchSize })
        #expect(batches.map(\.count).reduce(0, +) == 50)
        #expect(reader.rowsRead == 50)
        #expect(CSVTestSupport.rows(batches).map { $0[3] } == (0..<50).map { .int(Int64($0)) })
    }

    @Test("a file larger than the read window gives the same rows as the bytes in memory")
    func largeFile() throws {
        let text = CSVTestSupport.eventsText(rows: 60_000)   // about 3 MiB: several refills
        let path = CSVTestSupport.file(text)
        defer { CSVTestSupport.remove(path) }
        let fromFile = try CSVTestSupport.readAll(path: path, schema: CSVTestSupport.eventsSchema, options: CSVOptions(batchSize: 5000))
        let fromMemory = try CSVTestSupport.readAll(text, schema: CSVTestSupport.eventsSchema)
        #expect(fromFile.count == 60_000)
        #expect(fromFile == fromMemory)
        #expect(fromFile.map { $0[3] } == (0..<60_000).map { .int(Int64($0)) })
    }

    @Test("a record longer than the read window")
    func longRecord() throws {
        let long = String(repeating: "x", count: 3 << 20)
        let path = CSVTestSupport.file("id,name,score\n1,\(long),1\n2,\"\(long)\n\(long)\",2\n")
        defer { CSVTestSupport.remove(path) }
        let rows = try CSVTestSupport.readAll(path: path, schema: schema)
        #expect(rows.count == 2)
        #expect(rows[0][1] == .string(long))
        #expect(rows[1][1] == .string(long + "\n" + long))
        #expect(rows[1][2] == .float(2))
    }

    @Test("reads the bundled sample events")
    func sampleEvents() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("bench-data/events.csv").path
        let reader = try CSVReader(path: path, schema: CSVTestSupport.eventsSchema)
        var count = 0
        var colors = Set<String>()
        var first: [Value]?
        while let batch = try reader.next() {
            count += batch.count
            if first == nil { first = batch.row(0) }
            for v in try batch.column(named: "color").values() { if case .string(let s) = v { colors.insert(s) } }
        }
        #expect(count == 300_000)
        #expect(colors.count == 8 && colors.contains("orange"))
        #expect(first?[0] == .timestamp(1_704_067_200_009_000))
        #expect(reader.skippedLines == 0)
    }
}

@Suite("CSV projection")
struct CSVProjectionTests {
    let schema = Schema([Field("a", .int32), Field("b", .string), Field("c", .float64)])
    let text = Array("a,b,c\n1,x,1.5\n2,y,oops\n3,,2.5\n".utf8)

    @Test("only the projected columns are parsed, in projection order")
    func projects() throws {
        var options = CSVOptions()
        options.projection = [1, 0]
        let reader = try CSVReader(bytes: text, schema: schema, options: options)
        let batches = try reader.readAll()
        #expect(reader.outputSchema.names == ["b", "a"])
        #expect(batches.flatMap { $0.rows() } == [[.string("x"), .int(1)], [.string("y"), .int(2)], [.string(""), .int(3)]])
    }

    @Test("a bad projection names the valid range")
    func badProjection() {
        var options = CSVOptions()
        options.projection = [3]
        #expect(throws: SluiceError.invalidInput("CSV projection column 3 is out of range; the schema has 3 columns (a, b, c)")) {
            try CSVReader(bytes: text, schema: schema, options: options)
        }
    }
}
