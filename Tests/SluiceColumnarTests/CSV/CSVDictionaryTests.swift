import Foundation
import Testing
@testable import SluiceColumnar

/// Per-batch dictionary encoding of string columns: the values must be exactly those of plain decoding,
/// whatever the encoding chosen; the encoding is chosen by the distinct count of each batch.
@Suite("CSV dictionary-encoded strings")
struct CSVDictionaryTests {
    static let schema = Schema([Field("s", .string), Field("n", .int64)])

    static func options(batchSize: Int, nullLiteral: String? = nil, dictionary: Bool = true) -> CSVOptions {
        var options = CSVOptions(hasHeader: false, nullLiteral: nullLiteral, batchSize: batchSize)
        options.dictionaryEncodeStrings = dictionary
        return options
    }

    /// CSV text with one line per value: `value,index`.
    static func text(_ values: [String], lineEnd: String = "\n") -> String {
        values.enumerated().map { "\($1),\($0)" }.joined(separator: lineEnd) + lineEnd
    }

    static func batches(_ text: String, _ options: CSVOptions, schema: Schema = schema) throws -> [RecordBatch] {
        try CSVReader(bytes: Array(text.utf8), schema: schema, options: options).readAll()
    }

    static func isDictionary(_ column: Column) -> Bool {
        if case .dictionary = column.storage { return true }
        return false
    }

    /// Reads `text` with and without dictionary encoding; the rows must agree. Returns the encoded batches.
    static func check(_ text: String, batchSize: Int, nullLiteral: String? = nil, schema: Schema = schema,
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> [RecordBatch] {
        let encoded = try batches(text, options(batchSize: batchSize, nullLiteral: nullLiteral), schema: schema)
        let plain = try batches(text, options(batchSize: batchSize, nullLiteral: nullLiteral, dictionary: false), schema: schema)
        #expect(CSVTestSupport.rows(encoded) == CSVTestSupport.rows(plain), sourceLocation: sourceLocation)
        for batch in plain {
            #expect(batch.columns.allSatisfy { !isDictionary($0) }, "dictionary encoding was turned off",
                    sourceLocation: sourceLocation)
        }
        return encoded
    }

    @Test("a batch with one distinct value becomes a dictionary of one entry")
    func oneValue() throws {
        let batches = try Self.check(Self.text(Array(repeating: "red", count: 64)), batchSize: 64)
        #expect(batches.count == 1)
        guard case .dictionary(let codes, let dictionary) = batches[0].columns[0].storage else {
            Issue.record("expected a dictionary column")
            return
        }
        #expect(dictionary.count == 1)
        #expect(dictionary.string(at: 0) == "red")
        #expect(codes.withUnsafeBufferPointer(as: Int32.self) { Array($0.prefix(64)) } == Array(repeating: 0, count: 64))
    }

    @Test("few distinct values are coded in order of first appearance")
    func fewValues() throws {
        let colors = ["red", "blue", "green", "orange", "yellow"]
        let values = (0..<1000).map { colors[($0 * 7 + $0 / 3) % colors.count] }
        let batches = try Self.check(Self.text(values), batchSize: 256)
        #expect(batches.count == 4)
        for batch in batches {
            guard case .dictionary(_, let dictionary) = batch.columns[0].storage else {
                Issue.record("expected a dictionary column")
                continue
            }
            let first = batch.rows().map { $0[0] }.reduce(into: [Value]()) { if !$0.contains($1) { $0.append($1) } }
            #expect((0..<dictionary.count).map { Value.string(dictionary.string(at: $0)) } == first)
        }
    }

    @Test("many distinct values stay plain")
    func manyValues() throws {
        let batches = try Self.check(Self.text((0..<500).map { "value-\($0)" }), batchSize: 100)
        #expect(batches.allSatisfy { !Self.isDictionary($0.columns[0]) })
    }

    @Test("the threshold is one distinct value per 8 rows")
    func threshold() throws {
        let atLimit = (0..<64).map { "v\($0 % 8)" }
        #expect(Self.isDictionary(try Self.check(Self.text(atLimit), batchSize: 64)[0].columns[0]))
        let pastLimit = (0..<64).map { "v\($0 % 9)" }
        #expect(!Self.isDictionary(try Self.check(Self.text(pastLimit), batchSize: 64)[0].columns[0]))
        // Batches of fewer than 8 rows are never worth a dictionary.
        let small = try Self.check(Self.text(Array(repeating: "a", count: 7)), batchSize: 7)
        #expect(!Self.isDictionary(small[0].columns[0]))
    }

    @Test("the choice adapts per batch: many values, then few, then many again")
    func adapts() throws {
        let values = (0..<64 * 40).map { i -> String in
            let batch = i / 64
            return batch < 4 || batch >= 30 ? "unique-\(i)" : ["x", "y"][i % 2]
        }
        let batches = try Self.check(Self.text(values), batchSize: 64)
        #expect(batches.count == 40)
        let kinds = batches.map { Self.isDictionary($0.columns[0]) }
        #expect(kinds[0..<4].allSatisfy { !$0 })
        #expect(kinds[30...].allSatisfy { !$0 })
        // After the skips that follow the misses run out, the low-cardinality batches are encoded.
        #expect(kinds[12..<30].allSatisfy { $0 })
    }

    @Test("NULLs and empty strings without a null literal: an empty field is the empty string")
    func emptyStrings() throws {
        let values = (0..<80).map { ["", "a", "\"\"", "b"][$0 % 4] }
        let batches = try Self.check(Self.text(values), batchSize: 80)
        guard case .dictionary(_, let dictionary) = batches[0].columns[0].storage else {
            Issue.record("expected a dictionary column")
            return
        }
        #expect(dictionary.count == 3, "\"\" and an empty field are the same empty string")
        #expect(!batches[0].columns[0].hasNulls)
    }

    @Test("NULLs with a null literal: unquoted literal is NULL, quoted literal and empty field are strings")
    func nullLiteral() throws {
        let values = (0..<96).map { ["NULL", "\"NULL\"", "", "NULx", "a", "\"\""][$0 % 6] }
        let batches = try Self.check(Self.text(values), batchSize: 96, nullLiteral: "NULL")
        let column = batches[0].columns[0]
        #expect(Self.isDictionary(column))
        #expect(column.nullCount == 16)
        #expect(batches[0].row(0)[0] == .null)
        #expect(batches[0].row(1)[0] == .string("NULL"))
        #expect(batches[0].row(2)[0] == .string(""))
        // With an empty null literal, empty fields are NULL and quoted empty fields are strings.
        let empty = try Self.check(Self.text(values), batchSize: 96, nullLiteral: "")
        #expect(empty[0].columns[0].nullCount == 16)
        #expect(empty[0].row(5)[0] == .string(""))
    }

    @Test("a batch of only NULLs stays plain")
    func allNull() throws {
        let batches = try Self.check(Self.text(Array(repeating: "NULL", count: 64)), batchSize: 64, nullLiteral: "NULL")
        #expect(!Self.isDictionary(batches[0].columns[0]))
        #expect(batches[0].columns[0].nullCount == 64)
    }

    @Test("quoted fields, doubled quotes, CRLF and values around 8 bytes long")
    func quotedAndLong() throws {
        let values = [
            "abcdefgh", "abcdefgh1", "abcdefgh2", "\"abcdefgh1\"", "abcdefghijklmnop", "abcdefghijklmnoq",
            "abcdefghijklmnopq", "\"a,b\"", "\"say \"\"hi\"\"\"", "\"line\nbreak\"", "é", "\"\"\"\"", "x y",
        ]
        let rows = (0..<13 * 20).map { values[($0 * 5) % values.count] }
        let batches = try Self.check(Self.text(rows, lineEnd: "\r\n"), batchSize: 13 * 20)
        guard case .dictionary(_, let dictionary) = batches[0].columns[0].storage else {
            Issue.record("expected a dictionary column")
            return
        }
        #expect(dictionary.count == 12, "abcdefgh1 quoted and unquoted are one value")
        let strings = Set((0..<dictionary.count).map { dictionary.string(at: $0) })
        #expect(strings.contains("say \"hi\"") && strings.contains("line\nbreak") && strings.contains("\""))
        #expect(!strings.contains { $0.hasSuffix("\r") })
    }

    @Test("BYTES columns are encoded too")
    func binary() throws {
        let schema = Schema([Field("b", .binary), Field("n", .int64)])
        let batches = try Self.check(Self.text((0..<64).map { ["ab", "cd"][$0 % 2] }), batchSize: 64, schema: schema)
        #expect(Self.isDictionary(batches[0].columns[0]))
        #expect(batches[0].row(1)[0] == .binary(Array("cd".utf8)))
    }

    @Test("random values with every read chunk size read the same as plain decoding", arguments: 0..<6)
    func random(seed: Int) throws {
        var g = CSVFuzzTests.Generator(state: UInt64(seed) + 7)
        let pool = ["red", "\"blue\"", "", "NULL", "\"NULL\"", "a much longer value", "\"quoted, comma\"", "\"\"", "é"]
        let distinct = [1, 3, pool.count, 40, 200, 1000][seed]
        let values = (0..<700).map { _ -> String in
            let k = g.next(distinct)
            return k < pool.count ? pool[k] : "v\(k)"
        }
        let text = Self.text(values, lineEnd: seed % 2 == 0 ? "\n" : "\r\n")
        let path = CSVTestSupport.file(text)
        defer { CSVTestSupport.remove(path) }
        let expected = CSVTestSupport.rows(try Self.batches(text, Self.options(batchSize: 64, nullLiteral: "NULL", dictionary: false)))
        for chunkSize in [1, 7, 64, 1 << 20] {
            let reader = try CSVReader(split: CSVSplit(path: path, start: 0, end: Int.max), schema: Self.schema,
                                       options: Self.options(batchSize: 64, nullLiteral: "NULL"), chunkSize: chunkSize)
            #expect(CSVTestSupport.rows(try reader.readAll()) == expected, "chunk size \(chunkSize)")
        }
    }

    @Test("dictionary columns work downstream: compare, group, take, concatenate, write")
    func downstream() throws {
        let colors = ["red", "orange", "blue", "NULL", "orange"]
        let text = Self.text((0..<300).map { colors[$0 % colors.count] })
        let batches = try Self.batches(text, Self.options(batchSize: 100, nullLiteral: "NULL"))
        #expect(batches.allSatisfy { Self.isDictionary($0.columns[0]) })
        let plain = try Self.batches(text, Self.options(batchSize: 100, nullLiteral: "NULL", dictionary: false))
        for (a, b) in zip(batches, plain) {
            let x = try Comparison.compare(a.columns[0], .notEqual, .string("orange"))
            let y = try Comparison.compare(b.columns[0], .notEqual, .string("orange"))
            #expect((0..<a.count).map { x.value(at: $0) } == (0..<b.count).map { y.value(at: $0) })
            let taken = Take.take(a.columns[0], SelectionVector([5, 3, 0, 99]))
            #expect((0..<4).map { taken.value(at: $0) } == [5, 3, 0, 99].map { b.columns[0].value(at: $0) })
        }
        let all = try Concatenate.batches(batches)
        #expect(all.rows() == CSVTestSupport.rows(plain))
        var aggregator = try HashAggregator(inputSchema: Self.schema, keyColumns: [0], aggregates: [AggregateSpec(.countStar, name: "cnt")])
        for batch in batches { try aggregator.consume(batch) }
        let counts = try aggregator.finish().rows().sorted { $0[0].description < $1[0].description }
        #expect(counts == [[.null, .int(60)], [.string("blue"), .int(60)], [.string("orange"), .int(120)], [.string("red"), .int(60)]])
        let options = Self.options(batchSize: 100, nullLiteral: "NULL")
        let written = try CSVWriter.encode(batches, schema: Self.schema, options: options)
        #expect(CSVTestSupport.rows(try CSVReader(bytes: written, schema: Self.schema, options: options).readAll())
                == CSVTestSupport.rows(plain))
    }
}
