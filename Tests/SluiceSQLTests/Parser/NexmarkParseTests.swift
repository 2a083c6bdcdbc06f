import Testing
import SluiceColumnar
@testable import SluiceSQL

@Suite("Nexmark SQL")
struct NexmarkParseTests {
    @Test("the nexmark CREATE TABLE parses into ROW columns, a computed dateTime and a watermark")
    func referenceTable() throws {
        let statements = try SQLParser.parse(script: NexmarkSQL.table)
        guard statements.count == 1, case .createTable(let t) = statements[0] else {
            Issue.record("expected one CREATE TABLE"); return
        }
        #expect(t.name == ["nexmark"])
        #expect(t.columns.map(\.name) == ["event_type", "person", "auction", "bid", "dateTime"])
        #expect(t.columns[0].kind == .physical(TypeName(.int32)))
        guard case .physical(let bid) = t.columns[3].kind, case .row(let fields) = bid.type else {
            Issue.record("bid is not a ROW"); return
        }
        #expect(fields.map(\.name) == ["auction", "bidder", "price", "channel", "url", "dateTime", "extra"])
        #expect(fields[5].type == .timestamp(precision: 3))
        guard case .computed(.caseWhen(nil, let branches, let otherwise)) = t.columns[4].kind else {
            Issue.record("dateTime is not a computed CASE"); return
        }
        #expect(branches.count == 2)
        #expect(otherwise == col("bid", "dateTime"))
        #expect(t.watermark == WatermarkDefinition(column: ["dateTime"],
                                                   expression: .binary(.subtract, col("dateTime"), seconds("4"))))
        #expect(t.option("connector") == "nexmark")
        #expect(t.options.map(\.key) == ["connector", "first-event.rate", "next-event.rate", "events.num",
                                         "person.proportion", "auction.proportion", "bid.proportion"])
    }

    @Test("the person, auction and bid views parse")
    func views() throws {
        let statements = try SQLParser.parse(script: NexmarkSQL.views)
        let names = statements.compactMap { s -> String? in
            if case .createView(let v) = s { return v.name.joined() }
            return nil
        }
        #expect(names == ["person", "auction", "bid"])
    }

    @Test("every query script parses", arguments: NexmarkSQL.queries.map(\.name))
    func queries(name: String) throws {
        let sql = NexmarkSQL.queries.first { $0.name == name }!.sql
        let statements = try SQLParser.parse(script: sql)
        guard case .insert(let insert)? = statements.last else {
            Issue.record("\(name) does not end with an INSERT"); return
        }
        #expect(insert.table == ["nexmark_\(name)"])
    }

    @Test("the table, the views and every query round-trip through unparse")
    func roundTrip() throws {
        try expectRoundTrip(NexmarkSQL.table)
        try expectRoundTrip(NexmarkSQL.views)
        for (_, sql) in NexmarkSQL.queries { try expectRoundTrip(sql) }
    }

    /// Runs over a local copy of the reference suite's `.sql` files (placeholders substituted) when
    /// `SLUICE_NEXMARK_SQL_DIR` points at one; the files are not part of this repository.
    @Test("reference suite files parse, if a local copy is given",
          .enabled(if: Environment.nexmarkDirectory != nil))
    func referenceFiles() throws {
        let directory = Environment.nexmarkDirectory!
        for name in ["ddl"] + (0...23).map({ "q\($0)" }) {
            guard let text = readFile(directory + "/" + name + ".sql") else { continue }
            do {
                _ = try SQLParser.parse(script: text)
                try expectRoundTrip(text)
            } catch {
                Issue.record("\(name).sql: \(error)")
            }
        }
    }
}

enum Environment {
    static var nexmarkDirectory: String? {
        guard let value = getenv("SLUICE_NEXMARK_SQL_DIR") else { return nil }
        return String(cString: value)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file's text, or nil when it cannot be read.
func readFile(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n <= 0 { break }
        bytes.append(contentsOf: buffer[0..<n])
    }
    return String(decoding: bytes, as: UTF8.self)
}
