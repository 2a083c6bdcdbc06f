import Foundation
import Testing
@testable import SluiceSQL

/// Runs the cases of Resources/sql/queries.sqltest over Resources/sql/tiny.csv: expected rows written
/// by hand for a ten-row table, and expected error messages.
@Suite("SQL test file: queries.sqltest")
struct SQLFileTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var streaming: Bool
        var sql: String
        var expected: [String]
        var ordered: Bool
        var error: String?
        var testDescription: String { (streaming ? "[streaming] " : "") + sql }
    }

    static let directory = Bundle.module.url(forResource: "tiny", withExtension: "csv", subdirectory: "Resources/sql")!
        .deletingLastPathComponent()

    static let cases: [Case] = {
        let text = try! String(contentsOf: directory.appendingPathComponent("queries.sqltest"), encoding: .utf8)
        var out: [Case] = []
        for block in text.components(separatedBy: "\n----\n").dropFirst() {
            var lines = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let streaming = lines.first == "mode: streaming"
            if streaming { lines.removeFirst() }
            let arrow = lines.firstIndex { $0.hasPrefix("==>") }!
            let sql = lines[..<arrow].joined(separator: "\n")
            let marker = lines[arrow]
            let expected = lines[(arrow + 1)...].filter { !$0.isEmpty }
            let error = marker.hasPrefix("==> error: ") ? String(marker.dropFirst("==> error: ".count)) : nil
            out.append(Case(streaming: streaming, sql: sql, expected: expected, ordered: marker == "==> ordered", error: error))
        }
        return out
    }()

    @Test("each case returns its expected rows or error", arguments: cases)
    func run(_ c: Case) throws {
        let session = SQLSession(parallelism: 2, workers: 2)
        let path = Self.directory.appendingPathComponent("tiny.csv").path
        _ = try session.execute(script: """
            CREATE TABLE tiny (ts TIMESTAMP(3), color STRING, shape STRING, `value` INT, price DECIMAL(10, 2),
              WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
            WITH ('connector' = 'filesystem', 'path' = '\(path)', 'format' = 'csv');
            """)
        if !c.streaming { try session.config.set("execution.runtime-mode", "batch") }
        do {
            let result = try session.execute(script: c.sql).last!
            #expect(c.error == nil, "expected an error containing \(c.error ?? "")")
            let rows = result.finalRows.map { $0.map(\.description).joined(separator: "|") }
            #expect((c.ordered ? rows : rows.sorted()) == (c.ordered ? c.expected : c.expected.sorted()))
        } catch {
            guard let expected = c.error else { throw error }
            #expect(error.message.contains(expected), "error was: \(error.message)")
        }
    }
}
