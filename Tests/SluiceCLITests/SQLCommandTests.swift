import Foundation
import Testing
import Sluice
@testable import sluice

@Suite("sluice sql: the README's first command")
struct SQLCommandTests {
    @Test("bench-data/seed.sql gives the same counts as sluice run")
    func seedScript() throws {
        let root = FilterCountJobTests.root.path
        let script = try String(contentsOfFile: root + "/bench-data/seed.sql", encoding: .utf8)
            .replacingOccurrences(of: "'bench-data/events.csv'", with: "'\(FilterCountJobTests.sample)'")
        let results = try SQLSession(parallelism: 2, workers: 2).execute(script: script)
        var counts: [String: Int64] = [:]
        for row in results.last!.rows {
            guard case .string(let k) = row[0], case .int(let n) = row[1] else { continue }
            counts[k] = n
        }
        #expect(counts == (try FilterCountJobTests.referenceCounts(FilterCountJobTests.sample, excluding: "orange")))
        #expect(results.last!.rows.map { $0[0].description } == results.last!.rows.map { $0[0].description }.sorted())
    }

    @Test("the command parses FILE, -e and --parallelism and rejects both")
    func arguments() throws {
        let e = try SQLCommand.parse(["-e", "SELECT 1", "--parallelism", "3"])
        #expect(e.execute == "SELECT 1" && e.parallelism == 3)
        #expect(try SQLCommand.parse([]).file == nil)
        #expect(throws: (any Error).self) { try SQLCommand.parse(["x.sql", "-e", "SELECT 1"]) }
    }
}
