import Foundation
import Testing
@testable import SluiceColumnar

@Suite("JSON Lines reader")
struct JSONLinesReaderTests {
    let schema = try! Schema.parse("id BIGINT, name STRING, price DECIMAL(10, 2), ok BOOLEAN, ts TIMESTAMP(3), ratio DOUBLE")

    func read(_ text: String, schema: Schema? = nil, options: JSONOptions = JSONOptions()) throws(SluiceError) -> [[Value]] {
        CSVTestSupport.rows(try JSONLinesReader(bytes: Array(text.utf8), schema: schema ?? self.schema, options: options,
                                                name: "events.json").readAll())
    }

    func failure(_ text: String, schema: Schema? = nil, options: JSONOptions = JSONOptions()) -> SluiceError? {
        do { _ = try read(text, schema: schema, options: options); return nil } catch { return error }
    }

    @Test("reads members by name in any order, with missing members and null as NULL")
    func membersByName() throws {
        let rows = try read("""
            {"id": 1, "name": "a", "price": 2.50, "ok": true, "ts": "2024-01-02 03:04:05.678", "ratio": 0.5}
            {"ratio": -1e3, "ts": "2024-01-02T03:04:05", "ok": false, "price": "7", "name": "b", "id": "2"}
            {"id": 3, "name": null, "extra": {"nested": [1, 2, {"x": "}"}]}}

            {"id":4,"name":"","price":-0.01}
            """)
        #expect(rows.count == 4)
        #expect(rows[0] == [.int(1), .string("a"), .decimal(250, scale: 2), .boolean(true),
                            .timestamp(1_704_164_645_678_000), .float(0.5)])
        #expect(rows[1] == [.int(2), .string("b"), .decimal(700, scale: 2), .boolean(false),
                            .timestamp(1_704_164_645_000_000), .float(-1000)])
        #expect(rows[2] == [.int(3), .null, .null, .null, .null, .null])
        #expect(rows[3] == [.int(4), .string(""), .decimal(-1, scale: 2), .null, .null, .null])
    }

    @Test("unescapes strings, including surrogate pairs and a leading quote")
    func escapes() throws {
        let s = try Schema.parse("s STRING")
        let rows = try read(#"""
            {"s": "tab\there \"q\" \\ \/ \u00e9 \ud83d\ude00"}
            {"s": "\"starts with a quote"}
            {"s": "plain"}
            {"\u0073": "escaped key"}
            """#, schema: s)
        #expect(rows.map { $0[0] } == [.string("tab\there \"q\" \\ / é 😀"), .string("\"starts with a quote"),
                                        .string("plain"), .string("escaped key")])
    }

    @Test("a STRING column takes any value as its JSON text")
    func stringFromAnyValue() throws {
        let s = try Schema.parse("s STRING")
        let rows = try read("{\"s\": 12.5}\n{\"s\": {\"a\": [1, true]}}\n{\"s\": false}\n", schema: s)
        #expect(rows.map { $0[0] } == [.string("12.5"), .string("{\"a\": [1, true]}"), .string("false")])
    }

    @Test("nested objects fill ROW columns; a null object is a NULL row")
    func nestedRows() throws {
        let s = Schema([Field("bid", .row([Field("auction", .int64), Field("price", .int64),
                                            Field("extra", .row([Field("tag", .string)]))])), Field("kind", .int32)])
        let rows = try read("""
            {"kind": 2, "bid": {"price": 10, "auction": 7, "extra": {"tag": "x"}}}
            {"kind": 1, "bid": null}
            {"kind": 3, "bid": {"auction": 8}}
            """, schema: s)
        #expect(rows[0] == [.row([.int(7), .int(10), .row([.string("x")])]), .int(2)])
        #expect(rows[1] == [.null, .int(1)])
        #expect(rows[2] == [.row([.int(8), .null, .null]), .int(3)])
    }

    @Test("BYTES are base64")
    func bytes() throws {
        let s = try Schema.parse("b BYTES")
        let rows = try read("{\"b\": \"AAEC/w==\"}\n{\"b\": \"\"}\n{\"b\": \"Ig==\"}\n", schema: s)
        #expect(rows.map { $0[0] } == [.binary([0, 1, 2, 255]), .binary([]), .binary([0x22])])
    }

    @Test("projection reads only some columns, in the order given")
    func projection() throws {
        var options = JSONOptions()
        options.projection = [3, 0]
        let rows = try read("{\"id\": 5, \"ok\": true, \"name\": \"not read\"}\n", options: options)
        #expect(rows == [[.boolean(true), .int(5)]])
    }

    @Test("a malformed line names the file, the line and what was expected")
    func malformed() {
        let good = "{\"id\": 1}\n"
        let cases: [(String, String)] = [
            ("{\"id\": 1", "expected ',' or '}' but found the end of the line"),
            ("[1, 2]", "expected a JSON object ('{') but found '['"),
            ("{\"id\": 01}", "a number must not have leading zeros"),
            ("{\"id\": tru}", "expected true but found 't'"),
            ("{\"id\": \"abc}", "string is not closed before the end of the line"),
            ("{\"id\": 1} x", "unexpected 'x' after the end of the object"),
            ("{id: 1}", "expected a member name but found 'i'"),
        ]
        for (line, message) in cases {
            let error = failure(good + good + line + "\n" + good)
            #expect(error?.code == .invalidInput)
            #expect(error?.message == message, "\(line)")
            #expect(error?.context.file == "events.json")
            #expect(error?.context.line == 3)
        }
    }

    @Test("a value of the wrong type names the value, the type and the column")
    func wrongType() {
        let error = failure("{\"id\": 1}\n{\"id\": \"abc\"}\n")
        #expect(error?.message == "cannot convert 'abc' to BIGINT for column `id`")
        #expect(error?.context.line == 2)
        #expect(error?.context.column == "id")
        let nested = failure("{\"bid\": {\"price\": true}}\n", schema: Schema([Field("bid", .row([Field("price", .int64)]))]))
        #expect(nested?.message == "cannot convert 'true' to BIGINT for column `price`")
        #expect(nested?.context.column == "bid.price")
        let notObject = failure("{\"bid\": 5}\n", schema: Schema([Field("bid", .row([Field("price", .int64)]))]))
        #expect(notObject?.message == "member `bid` is a number, but column `bid` is a ROW and needs an object")
    }

    @Test("fail-on-missing-field and NOT NULL columns")
    func missing() {
        var options = JSONOptions()
        options.failOnMissingField = true
        let error = failure("{\"id\": 1, \"name\": \"a\", \"price\": 1, \"ok\": true, \"ts\": null}\n", options: options)
        #expect(error?.message == "member `ratio` is missing (fail-on-missing-field is on)")
        let notNull = failure("{\"id\": null}\n", schema: try! Schema.parse("id BIGINT NOT NULL"))
        #expect(notNull?.message == "NULL value for NOT NULL column `id` of type BIGINT")
        var both = JSONOptions()
        both.failOnMissingField = true
        both.ignoreParseErrors = true
        #expect(failure("{}", options: both)?.message.contains("set at most one of them") == true)
    }

    @Test("ignore-parse-errors skips and counts bad lines, keeping their errors")
    func skipBadLines() throws {
        var options = JSONOptions()
        options.ignoreParseErrors = true
        let reader = try JSONLinesReader(bytes: Array("{\"id\": 1}\n{\"id\": x}\n{\"id\": 3}\n{\"id\": \"y\"}\n".utf8),
                                         schema: schema, options: options, name: "e.json")
        let rows = CSVTestSupport.rows(try reader.readAll())
        #expect(rows.map { $0[0] } == [.int(1), .int(3)])
        #expect(reader.skippedLines == 2)
        #expect(reader.errors.map { $0.context.line } == [2, 4])
    }

    @Test("splits read every line exactly once, wherever the boundaries fall")
    func splits() throws {
        var text = ""
        for i in 0..<500 { text += "{\"id\": \(i), \"name\": \"n\\n\(i)\", \"ratio\": \(Double(i) / 4)}\n" }
        let path = CSVTestSupport.file(text, name: "data.json")
        defer { CSVTestSupport.remove(path) }
        let whole = CSVTestSupport.rows(try JSONLinesReader(path: path, schema: schema).readAll())
        #expect(whole.count == 500)
        for count in [1, 2, 3, 7, 64] {
            var options = JSONOptions()
            options.batchSize = 37
            var ids: [Value] = []
            for split in try CSVSplit.splits(path: path, count: count) {
                ids += CSVTestSupport.rows(try JSONLinesReader(split: split, schema: schema, options: options).readAll()).map { $0[0] }
            }
            #expect(ids == (0..<500).map { .int(Int64($0)) }, "\(count) splits")
        }
    }
}
