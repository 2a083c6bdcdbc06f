import Foundation
import Testing
@testable import SluiceColumnar

/// Random valid CSV (quotes, doubled quotes, delimiters, CR and LF inside fields, CRLF and LF line ends,
/// empty lines, a missing final newline) must read back as the rows it was made from, whatever the
/// read chunk size, so that refills fall at every position of every construct.
@Suite("CSV random round trip")
struct CSVFuzzTests {
    struct Generator {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
    }

    /// CSV text and the rows it holds, for a schema of `strings` STRING columns and one BIGINT.
    static func make(seed: UInt64, strings: Int, records: Int) -> (String, [[Value]]) {
        var g = Generator(state: seed)
        let alphabet: [String] = ["a", "b", ",", "\"", "\n", "\r", " ", "é", "\r\n", "x"]
        var text = ""
        var rows: [[Value]] = []
        for r in 0..<records {
            var fields: [String] = []
            var row: [Value] = []
            for _ in 0..<strings {
                let content = (0..<g.next(7)).map { _ in alphabet[g.next(alphabet.count)] }.joined()
                let special = content.contains { ",\"\n\r".contains($0) } || content.unicodeScalars.contains("\r")
                let mustQuote = special
                if mustQuote || g.next(4) == 0 {
                    fields.append("\"" + content.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
                } else {
                    fields.append(content)
                }
                row.append(.string(content))
            }
            switch g.next(5) {
            case 0:
                fields.append("")
                row.append(.null)
            case 1:
                let v = Int64(g.next(1_000_000)) - 500_000
                fields.append("\"\(v)\"")
                row.append(.int(v))
            default:
                let v = Int64(bitPattern: UInt64(g.next(Int.max)) &* 2654435761)
                fields.append("\(v)")
                row.append(.int(v))
            }
            // A record whose only text is empty would be an empty line, which readers skip.
            if fields.allSatisfy(\.isEmpty) { fields[0] = "\"\"" }
            text += fields.joined(separator: ",")
            let lineEnd = g.next(2) == 0 ? "\n" : "\r\n"
            if r < records - 1 || g.next(2) == 0 { text += lineEnd }
            if g.next(8) == 0 && r < records - 1 { text += g.next(2) == 0 ? "\n" : "\r\n" }
            rows.append(row)
        }
        return (text, rows)
    }

    @Test("random CSV reads back its rows with every read chunk size", arguments: 0..<12)
    func randomText(seed: Int) throws {
        let strings = seed % 3 + 1
        let (text, expected) = Self.make(seed: UInt64(seed) + 1, strings: strings, records: 60)
        let schema = Schema((0..<strings).map { Field("s\($0)", .string) } + [Field("n", .int64)])
        let options = CSVOptions(hasHeader: false, batchSize: seed % 5 + 1)
        let fromMemory = CSVTestSupport.rows(try CSVReader(bytes: Array(text.utf8), schema: schema, options: options).readAll())
        #expect(fromMemory == expected)
        let path = CSVTestSupport.file(text)
        defer { CSVTestSupport.remove(path) }
        for chunkSize in [1, 2, 3, 5, 8, 13, 64, 1 << 20] {
            let split = CSVSplit(path: path, start: 0, end: Int.max)
            let reader = try CSVReader(split: split, schema: schema, options: options, chunkSize: chunkSize)
            #expect(CSVTestSupport.rows(try reader.readAll()) == expected, "chunk size \(chunkSize)")
        }
    }

    @Test("the writer's output of random rows reads back the same", arguments: 0..<6)
    func randomWriter(seed: Int) throws {
        let (_, rows) = Self.make(seed: UInt64(seed) + 100, strings: 2, records: 200)
        let schema = Schema([Field("a", .string), Field("b", .string), Field("n", .int64)])
        let columns = try (0..<3).map { c in try ColumnBuilder.column(schema[c].type, rows.map { $0[c] }) }
        let batch = try RecordBatch(schema: schema, columns: columns)
        let options = CSVOptions(nullLiteral: "NULL")
        let bytes = try CSVWriter.encode([batch], schema: schema, options: options)
        let path = CSVTestSupport.file(bytes: bytes)
        defer { CSVTestSupport.remove(path) }
        let reader = try CSVReader(split: CSVSplit(path: path, start: 0, end: Int.max), schema: schema,
                                   options: options, chunkSize: 7)
        #expect(CSVTestSupport.rows(try reader.readAll()) == rows)
    }
}
