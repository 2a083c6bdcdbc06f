import Foundation
import Testing
@testable import SluiceColumnar

@Suite("CSV errors")
struct CSVErrorTests {
    let schema = CSVTestSupport.eventsSchema
    let header = "ts,color,shape,value,price\n"
    let good = "2024-01-01 00:00:00.000,red,star,1,2.50\n"

    /// The error that reading `text` (named `events.csv`) fails with.
    func failure(_ text: String, schema: Schema? = nil, options: CSVOptions = CSVOptions()) -> SluiceError? {
        do {
            _ = try CSVTestSupport.readAll(text, schema: schema ?? self.schema, options: options, name: "events.csv")
            return nil
        } catch {
            return error
        }
    }

    func expectError(_ error: SluiceError?, _ message: String, line: Int?, column: String?, file: String = "events.csv",
                     code: SluiceError.Code = .invalidInput, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(error?.code == code, sourceLocation: sourceLocation)
        #expect(error?.message == message, sourceLocation: sourceLocation)
        #expect(error?.context.file == file, sourceLocation: sourceLocation)
        #expect(error?.context.line == line, sourceLocation: sourceLocation)
        #expect(error?.context.column == column, sourceLocation: sourceLocation)
    }

    @Test("a field that does not parse names the value, type, column, file and line")
    func badInteger() {
        let text = header + String(repeating: good, count: 15) + "2024-01-01 00:00:00.000,red,star,abc,2.50\n" + good
        let error = failure(text)
        expectError(error, "cannot parse 'abc' as INT for column `value`", line: 17, column: "value")
        #expect(error?.description == "invalidInput: cannot parse 'abc' as INT for column `value` (at events.csv:17, column `value`)")
    }

    @Test("messages for each type", arguments: [
        ("ts", "2024-13-01 00:00:00", "cannot parse '2024-13-01 00:00:00' as TIMESTAMP(3) for column `ts`"),
        ("price", "1.2.3", "cannot parse '1.2.3' as DECIMAL(10, 2) for column `price`"),
        ("price", "123456789.5", "cannot parse '123456789.5' as DECIMAL(10, 2) for column `price` (more than 8 integer digits)"),
        ("value", "3000000000", "cannot parse '3000000000' as INT for column `value` (out of range -2147483648...2147483647)"),
        ("value", "1.5", "cannot parse '1.5' as INT for column `value`"),
        ("value", "\"x\"\"y\"", "cannot parse 'x\"y' as INT for column `value`"),
    ])
    func typeMessages(column: String, value: String, message: String) {
        var fields = ["2024-01-01 00:00:00.000", "red", "star", "1", "2.50"]
        fields[schema.index(of: column)!] = value
        expectError(failure(header + good + fields.joined(separator: ",") + "\n"), message, line: 3, column: column)
    }

    @Test("other types name themselves", arguments: [
        (DataType.boolean, "yes", "cannot parse 'yes' as BOOLEAN for column `x`"),
        (.int8, "200", "cannot parse '200' as TINYINT for column `x` (out of range -128...127)"),
        (.int64, "99999999999999999999", "cannot parse '99999999999999999999' as BIGINT for column `x` (out of range -9223372036854775808...9223372036854775807)"),
        (.float64, "1,5", ""),
        (.float64, "0x10", "cannot parse '0x10' as DOUBLE for column `x`"),
        (.date, "2023-02-29", "cannot parse '2023-02-29' as DATE for column `x`"),
        (.time(precision: 3), "25:00", "cannot parse '25:00' as TIME(3) for column `x`"),
        (.intervalYearMonth, "+1-12", "cannot parse '+1-12' as INTERVAL YEAR TO MONTH for column `x`"),
    ])
    func otherTypes(type: DataType, value: String, message: String) {
        let s = Schema([Field("x", type)])
        let error = failure("x\n" + value + "\n", schema: s)
        if message.isEmpty {
            expectError(error, "line has 2 fields, expected 1 (x)", line: 2, column: nil)
        } else {
            expectError(error, message, line: 2, column: "x")
        }
    }

    @Test("a line with the wrong number of fields lists the expected columns")
    func fieldCount() {
        expectError(failure(header + good + "2024-01-01 00:00:00.000,red,star,1\n"),
                    "line has 4 fields, expected 5 (ts, color, shape, value, price)", line: 3, column: nil)
        expectError(failure(header + good + good + "a,b,c,d,e,f\n"),
                    "line has 6 fields, expected 5 (ts, color, shape, value, price)", line: 4, column: nil)
        expectError(failure(header + "x\n"), "line has 1 field, expected 5 (ts, color, shape, value, price)", line: 2, column: nil)
    }

    @Test("broken quotes")
    func brokenQuotes() {
        expectError(failure(header + good + "2024-01-01 00:00:00.000,\"red\"x,star,1,2.50\n"),
                    "unexpected 'x' after the closing quote of a field; a quote inside a quoted field must be doubled",
                    line: 3, column: "color")
        expectError(failure(header + good + "2024-01-01 00:00:00.000,red,\"star,1,2.50\n" + good),
                    "quoted field is not closed before the end of the input; a quote inside a quoted field must be doubled",
                    line: 3, column: "shape")
    }

    @Test("line numbers count physical lines: CRLF, empty lines, newlines inside quotes, the header")
    func physicalLines() {
        let text = "ts,color,shape,value,price\r\n\r\n" + "2024-01-01 00:00:00.000,\"two\nlines\",star,1,2.50\r\n\n"
            + "2024-01-01 00:00:00.000,red,star,1,oops\r\n"
        expectError(failure(text), "cannot parse 'oops' as DECIMAL(10, 2) for column `price`", line: 6, column: "price")
    }

    @Test("the first bad line wins, whatever its column, and before a later wrong field count")
    func firstErrorWins() {
        let text = header + "2024-01-01 00:00:00.000,red,star,1,bad\n" + "bad,red,star,1,2.50\n" + "1,2\n"
        expectError(failure(text), "cannot parse 'bad' as DECIMAL(10, 2) for column `price`", line: 2, column: "price")
        let text2 = header + good + "2024-01-01 00:00:00.000,red,star,x,2.50\n" + "1,2\n"
        expectError(failure(text2), "cannot parse 'x' as INT for column `value`", line: 3, column: "value")
    }

    @Test("NULL in a NOT NULL column")
    func notNull() {
        let s = Schema([Field("id", .int64, nullable: false), Field("name", .string, nullable: false)])
        expectError(failure("id,name\n1,a\n,b\n", schema: s), "NULL value for NOT NULL column `id` of type BIGINT", line: 3, column: "id")
        expectError(failure("id,name\n1,NULL\n", schema: s, options: CSVOptions(nullLiteral: "NULL")),
                    "NULL value for NOT NULL column `name` of type STRING", line: 2, column: "name")
    }

    @Test("errors in a later split and after several refills carry the file's line number")
    func errorsInSplits() throws {
        var text = CSVTestSupport.eventsText(rows: 50_000)
        text += "2024-01-01 00:00:00.000,red,star,notanumber,1.00\n"
        text += CSVTestSupport.eventsText(rows: 10).split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
        let path = CSVTestSupport.file(text, name: "events.csv")
        defer { CSVTestSupport.remove(path) }
        let message = "cannot parse 'notanumber' as INT for column `value`"
        do {
            _ = try CSVTestSupport.readAll(path: path, schema: schema)
            Issue.record("whole-file read did not fail")
        } catch {
            expectError(error, message, line: 50_002, column: "value", file: path)
        }
        for count in [2, 3, 5] {
            let splits = try CSVReader.splits(path: path, count: count)
            var failures: [SluiceError] = []
            var rows = 0
            for split in splits {
                do { rows += try CSVTestSupport.readSplits([split], schema: schema)[0].count } catch { failures.append(error) }
            }
            #expect(failures.count == 1, "\(count) splits")
            expectError(failures.first, message, line: 50_002, column: "value", file: path)
        }
    }

    @Test("ignoreParseErrors skips and counts bad lines and keeps the first errors in file order")
    func ignoreParseErrors() throws {
        var text = header
        for i in 0..<30 {
            text += "2024-01-01 00:00:00.000,red,star,\(i),2.50\n"
            if i % 3 == 0 { text += "2024-01-01 00:00:00.000,red,star,x\(i),2.50\n" }
            if i % 5 == 0 { text += "only,three,fields\n" }
            if i == 7 { text += "bad,red,star,bad,bad\n" }
        }
        let reader = try CSVReader(bytes: Array(text.utf8), schema: schema,
                                   options: CSVOptions(ignoreParseErrors: true, batchSize: 4), name: "events.csv")
        let rows = CSVTestSupport.rows(try reader.readAll())
        #expect(rows.map { $0[3] } == (0..<30).map { .int(Int64($0)) })
        #expect(reader.skippedLines == 10 + 6 + 1)
        #expect(reader.errors.count == CSVReader.maxKeptErrors)
        #expect(reader.errors.prefix(4).map(\.message) == [
            "cannot parse 'x0' as INT for column `value`",
            "line has 3 fields, expected 5 (ts, color, shape, value, price)",
            "cannot parse 'x3' as INT for column `value`",
            "line has 3 fields, expected 5 (ts, color, shape, value, price)",
        ])
        let textLines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func lineNumber(of content: String) -> Int { textLines.firstIndex { $0 == content }! + 1 }
        #expect(reader.errors.prefix(4).map(\.context.line) == [3, 4, 8, 11])
        #expect(lineNumber(of: "2024-01-01 00:00:00.000,red,star,x3,2.50") == 8)
        let lines = reader.errors.compactMap(\.context.line)
        #expect(lines == lines.sorted())
        // The row bad in three columns: one skipped line, one error (for the first bad column).
        let badRow = lineNumber(of: "bad,red,star,bad,bad")
        #expect(reader.errors.filter { $0.context.line == badRow }.map(\.context.column) == ["ts"])
    }

    @Test("a batch where every line is bad is skipped, not returned empty")
    func allBad() throws {
        let reader = try CSVReader(bytes: Array((header + "1,2\n3,4\n" + good).utf8), schema: schema,
                                   options: CSVOptions(ignoreParseErrors: true, batchSize: 1))
        let batches = try reader.readAll()
        #expect(batches.map(\.count) == [1])
        #expect(reader.skippedLines == 2)
    }

    @Test("a missing file is an io error naming the path and the reason")
    func missingFile() {
        let path = "/nonexistent-sluice-dir/events.csv"
        #expect(throws: SluiceError(.io, "cannot open CSV file '\(path)' for reading: No such file or directory",
                                    context: .init(file: path), cause: "errno 2")) {
            try CSVReader(path: path, schema: schema)
        }
        #expect(throws: SluiceError(.io, "cannot open CSV file '\(path)' for reading: No such file or directory",
                                    context: .init(file: path), cause: "errno 2")) {
            try CSVReader.splits(path: path, count: 2)
        }
    }

    @Test("writing to an unwritable path is an io error naming the path")
    func unwritable() throws {
        let missing = "/nonexistent-sluice-dir/out.csv"
        #expect(throws: SluiceError(.io, "cannot open CSV file '\(missing)' for writing: No such file or directory",
                                    context: .init(file: missing), cause: "errno 2")) {
            try CSVWriter(path: missing, schema: schema)
        }
        let directory = CSVTestSupport.makeDirectory().path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(throws: SluiceError(.io, "cannot open CSV file '\(directory)' for writing: Is a directory",
                                    context: .init(file: directory), cause: "errno 21")) {
            try CSVWriter(path: directory, schema: schema)
        }
    }

    @Test("schemas and options that cannot work are rejected up front")
    func badConfiguration() {
        let row = Schema([Field("r", .row([Field("a", .int32)]))])
        #expect(throws: SluiceError(.unsupported, "column `r` has type ROW<`a` INT>; CSV cannot hold ROW values, flatten the row into columns",
                                    context: .init(column: "r"))) {
            try CSVReader(bytes: [], schema: row)
        }
        #expect(throws: SluiceError.invalidInput("CSV delimiter and quote are both '\"'; choose different characters")) {
            try CSVReader(bytes: [], schema: schema, options: CSVOptions(delimiter: UInt8(ascii: "\"")))
        }
        #expect(throws: SluiceError.invalidInput("CSV batch size 0 is out of range; use 1 to 1048576 rows")) {
            try CSVReader(bytes: [], schema: schema, options: CSVOptions(batchSize: 0))
        }
        #expect(throws: SluiceError.invalidInput("CSV null literal 'a,b' contains the delimiter, the quote or a line break")) {
            try CSVWriter(schema: schema, options: CSVOptions(nullLiteral: "a,b"))
        }
        #expect(throws: SluiceError.invalidInput("a CSV schema needs at least one column")) {
            try CSVReader(bytes: [], schema: Schema([]))
        }
    }

    @Test("after an error the reader is finished")
    func finishedAfterError() throws {
        let reader = try CSVReader(bytes: Array((header + "x\n" + good).utf8), schema: schema)
        #expect(throws: SluiceError.self) { try reader.next() }
        #expect(try reader.next() == nil)
    }
}
