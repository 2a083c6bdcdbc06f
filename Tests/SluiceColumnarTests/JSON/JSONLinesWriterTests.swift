import Testing
@testable import SluiceColumnar

@Suite("JSON Lines writer")
struct JSONLinesWriterTests {
    @Test("writes one object per row that the reader reads back unchanged")
    func roundTrip() throws {
        let flat = try Schema.parse("""
            id BIGINT, small INT, name STRING, price DECIMAL(10, 2), big DECIMAL(30, 4), ok BOOLEAN, ts TIMESTAMP(3),
            lts TIMESTAMP_LTZ(3), d DATE, t TIME(0), ratio DOUBLE, f FLOAT, b BYTES
            """)
        let schema = Schema(flat.fields + [Field("r", .row([Field("x", .int64), Field("y", .string)]))])
        let rows: [[Value]] = [
            [.int(1), .int(-7), .string("quote \" backslash \\ newline \n tab \t é"), .decimal(12345, scale: 2),
             .decimal(-123456789012345678901234, scale: 4), .boolean(true), .timestamp(1_704_164_645_678_000),
             .timestamp(86_400_000_000), .date(19_000), .time(3_600_000), .float(0.1), .float(1e10), .binary([0, 34, 255]),
             .row([.int(5), .string("")])],
            [.null, .null, .string(""), .null, .null, .boolean(false), .null, .null, .null, .null, .float(.nan),
             .float(-.infinity), .binary([]), .null],
        ]
        let batch = try RecordBatch(schema: schema, columns: schema.fields.enumerated().map { i, f in
            try ColumnBuilder.column(f.type, rows.map { $0[i] })
        })
        for format in JSONOptions.TimestampFormat.allCases {
            let options = JSONOptions(timestampFormat: format)
            let bytes = try JSONLinesWriter.encode([batch], schema: schema, options: options)
            let back = CSVTestSupport.rows(try JSONLinesReader(bytes: bytes, schema: schema).readAll())
            #expect(back.count == 2)
            #expect(back[0] == rows[0])
            // NaN never equals itself: compare that field by its text.
            #expect(back[1].enumerated().filter { $0.offset != 10 }.map(\.element)
                    == rows[1].enumerated().filter { $0.offset != 10 }.map(\.element))
            #expect(back[1][10].description == "NaN")
        }
    }

    @Test("the text is what Flink's json format writes")
    func text() throws {
        let schema = Schema(try Schema.parse("id BIGINT, name STRING, ts TIMESTAMP(3)").fields + [Field("r", .row([Field("a", .int32)]))])
        let batch = try RecordBatch(schema: schema, columns: [
            Column.int64([1, 2]),
            try ColumnBuilder.column(.string, [.string("a\"b"), .null]),
            try ColumnBuilder.column(.timestamp(precision: 3), [.timestamp(1_704_164_645_678_000), .null]),
            try ColumnBuilder.column(schema[3].type, [.row([.int(3)]), .null]),
        ])
        let text = String(decoding: try JSONLinesWriter.encode([batch], schema: schema), as: UTF8.self)
        #expect(text == """
            {"id":1,"name":"a\\"b","ts":"2024-01-02 03:04:05.678","r":{"a":3}}
            {"id":2,"name":null,"ts":null,"r":null}

            """)
        let compact = String(decoding: try JSONLinesWriter.encode([batch], schema: schema,
                                                                  options: JSONOptions(ignoreNullFields: true)), as: UTF8.self)
        #expect(compact.hasSuffix("{\"id\":2}\n"))
    }
}
