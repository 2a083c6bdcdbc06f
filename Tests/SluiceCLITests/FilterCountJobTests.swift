import Foundation
import Testing
import SluiceColumnar
@testable import sluice

@Suite("sluice run: the introductory filter-and-count job")
struct FilterCountJobTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sample = root.appendingPathComponent("bench-data/events.csv").path
    static let schema = try! Schema.parse("ts TIMESTAMP(3), color STRING, shape STRING, value INT, price DECIMAL(10, 2)")

    /// Counts per color computed the plain way: split lines, split fields, count in a dictionary.
    static func referenceCounts(_ path: String, excluding excluded: String) throws -> [String: Int64] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var counts: [String: Int64] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let color = String(line.split(separator: ",", omittingEmptySubsequences: false)[1])
            if color != excluded { counts[color, default: 0] += 1 }
        }
        return counts
    }

    static func counts(_ table: RecordBatch) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for row in table.rows() {
            guard case .string(let k) = row[0], case .int(let n) = row[1] else { continue }
            out[k] = n
        }
        return out
    }

    @Test("counts per color match a plain reference at every parallelism", arguments: [1, 2, 3, 7])
    func matchesReference(parallelism: Int) throws {
        let job = try FilterCountJob(path: Self.sample, schema: Self.schema, key: "color", excluded: "orange",
                                     parallelism: parallelism, ignoreParseErrors: false)
        let result = try job.run()
        #expect(Self.counts(result.table) == (try Self.referenceCounts(Self.sample, excluding: "orange")))
        #expect(result.rowsRead == 300_000)
        #expect(result.table.rows().map { $0[0].description } == result.table.rows().map { $0[0].description }.sorted())
    }

    @Test("bad lines fail the job with file and line, or are skipped and counted when asked")
    func badLines() throws {
        let path = NSTemporaryDirectory() + "sluice-cli-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let csv = "ts,color,shape,value,price\n2024-01-01 00:00:00.000,red,star,1,1.50\n2024-01-01 00:00:00.001,blue,star\n2024-01-01 00:00:00.002,red,star,3,3.00\n"
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let strict = try FilterCountJob(path: path, schema: Self.schema, key: "color", excluded: "orange",
                                        parallelism: 1, ignoreParseErrors: false)
        #expect {
            try strict.run()
        } throws: { error in
            guard let e = error as? SluiceError else { return false }
            return e.code == .invalidInput && e.context.line == 3 && e.message.contains("line has 3 fields, expected 5")
        }
        let lenient = try FilterCountJob(path: path, schema: Self.schema, key: "color", excluded: "orange",
                                         parallelism: 1, ignoreParseErrors: true)
        let result = try lenient.run()
        #expect(Self.counts(result.table) == ["red": 2])
        #expect(result.skippedLines == 1)
    }

    @Test("only the key column is parsed: a malformed value elsewhere does not stop the count")
    func projection() throws {
        let path = NSTemporaryDirectory() + "sluice-cli-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "ts,color,shape,value,price\nnot-a-time,red,star,x,y\n".write(toFile: path, atomically: true, encoding: .utf8)
        let job = try FilterCountJob(path: path, schema: Self.schema, key: "color", excluded: "orange",
                                     parallelism: 1, ignoreParseErrors: false)
        #expect(Self.counts(try job.run().table) == ["red": 1])
    }

    @Test("an unknown key column suggests the closest name")
    func unknownKey() {
        #expect(throws: SluiceError(.invalidInput,
                                    "column `colr` not found in table `\(Self.sample)`; did you mean `color`? (columns: ts, color, shape, value, price)",
                                    context: .init(column: "colr"))) {
            try FilterCountJob(path: Self.sample, schema: Self.schema, key: "colr", excluded: "orange",
                               parallelism: 1, ignoreParseErrors: false)
        }
    }

    @Test("the command line parses its options and rejects a bad parallelism")
    func commandLine() throws {
        let command = try RunCommand.parse(["data.csv", "--key", "shape", "--exclude", "star", "--parallelism", "3"])
        #expect(command.file == "data.csv")
        #expect(command.key == "shape")
        #expect(command.parallelism == 3)
        #expect(throws: (any Error).self) { try RunCommand.parse(["--parallelism", "0"]) }
    }
}
