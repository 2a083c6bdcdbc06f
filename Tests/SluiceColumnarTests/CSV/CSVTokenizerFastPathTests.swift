import Foundation
import Testing
@testable import SluiceColumnar

/// The structural-index fast path must tokenize exactly as the careful `scan` path: same rows, same
/// errors (message and line), same skipped lines, at every read chunk size, on random text with
/// quotes, CRs, empty lines and malformed lines at random places.
@Suite("CSV tokenizer fast path")
struct CSVTokenizerFastPathTests {
    /// Random CSV text with `fields` fields per line, mostly plain, sometimes quoted or broken.
    static func make(seed: UInt64, fields: Int, lines: Int) -> String {
        var g = CSVFuzzTests.Generator(state: seed)
        let plain = ["a", "bb", "red", "12", "", "x y", "longer-value-of-many-bytes", "é", "q\"q", "c\rd"]
        var text = ""
        for _ in 0..<lines {
            var parts: [String] = []
            for _ in 0..<fields {
                switch g.next(20) {
                case 0: parts.append("\"quoted, \"\"value\"\"\"")
                case 1: parts.append("\"multi\nline\"")
                case 2: parts.append("\"junk\"after")
                case 3: parts.append("\"\"")
                default: parts.append(plain[g.next(plain.count)])
                }
            }
            switch g.next(30) {
            case 0: parts.removeLast()                   // too few fields
            case 1: parts.append("extra")                // too many fields
            case 2: parts = ["\"unterminated"] + parts  // broken quote (may swallow lines)
            default: break
            }
            text += parts.joined(separator: ",")
            text += ["\n", "\r\n", "\n", "\n"][g.next(4)]
            if g.next(15) == 0 { text += ["\n", "\r\n"][g.next(2)] }
        }
        if g.next(2) == 0 { text.removeLast() }
        return text
    }

    /// Every batch, or the error, of a reader with the fast path on or off.
    static func read(_ path: String, _ schema: Schema, _ options: CSVOptions, chunkSize: Int,
                     fast: Bool) -> (rows: [[Value]], error: String?, skipped: Int, errors: [String]) {
        var rows: [[Value]] = []
        do {
            let reader = try CSVReader(split: CSVSplit(path: path, start: 0, end: Int.max), schema: schema,
                                       options: options, chunkSize: chunkSize)
            reader.plainFastPath = fast
            do {
                while let batch = try reader.next() { rows += batch.rows() }
            } catch {
                return (rows, "\(error)", reader.skippedLines, reader.errors.map { "\($0)" })
            }
            return (rows, nil, reader.skippedLines, reader.errors.map { "\($0)" })
        } catch {
            return (rows, "\(error)", 0, [])
        }
    }

    @Test("random text reads the same with and without the fast path", arguments: 0..<16)
    func random(seed: Int) throws {
        let fields = seed % 4 + 1
        let text = Self.make(seed: UInt64(seed) &* 977 &+ 5, fields: fields, lines: 300)
        let schema = Schema((0..<fields).map { Field("f\($0)", .string) })
        let path = CSVTestSupport.file(text)
        defer { CSVTestSupport.remove(path) }
        for ignore in [false, true] {
            let options = CSVOptions(hasHeader: seed % 3 == 0, ignoreParseErrors: ignore, batchSize: [1, 7, 64, 8192][seed % 4])
            let reference = Self.read(path, schema, options, chunkSize: 1 << 20, fast: false)
            if ignore { #expect(reference.error == nil) }
            for chunkSize in [1, 3, 64, 65, 100, 1 << 20] {
                let fast = Self.read(path, schema, options, chunkSize: chunkSize, fast: true)
                #expect(fast.rows == reference.rows, "chunk \(chunkSize), ignore \(ignore)")
                #expect(fast.error == reference.error, "chunk \(chunkSize), ignore \(ignore)")
                #expect(fast.skipped == reference.skipped, "chunk \(chunkSize), ignore \(ignore)")
                #expect(fast.errors == reference.errors, "chunk \(chunkSize), ignore \(ignore)")
            }
        }
    }

    @Test("plain records across block and window boundaries, with splits")
    func plainSplits() throws {
        var text = "a,b\n"
        for i in 0..<2000 { text += "v\(i % 7),\(String(repeating: "x", count: i % 70))\(i % 5 == 0 ? "\r" : "")\n" }
        let schema = Schema([Field("a", .string), Field("b", .string)])
        let path = CSVTestSupport.file(text)
        defer { CSVTestSupport.remove(path) }
        let reference = Self.read(path, schema, CSVOptions(batchSize: 100), chunkSize: 1 << 20, fast: false)
        #expect(reference.rows.count == 2000)
        #expect(!reference.rows.contains { row in row.contains { "\($0)".contains("\r") } })
        for chunkSize in [1, 63, 64, 200, 4096] {
            #expect(Self.read(path, schema, CSVOptions(batchSize: 100), chunkSize: chunkSize, fast: true).rows == reference.rows)
        }
        let size = text.utf8.count
        for cut in stride(from: 1, to: size, by: 997) {
            let splits = [CSVSplit(path: path, start: 0, end: cut), CSVSplit(path: path, start: cut, end: size)]
            let parts = try CSVTestSupport.readSplits(splits, schema: schema, options: CSVOptions(batchSize: 100))
            #expect(parts.flatMap { $0 } == reference.rows, "cut at \(cut)")
        }
    }
}
