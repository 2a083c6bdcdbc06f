import Testing
import SluiceColumnar
import SluiceConnectors
import SluiceRuntime
@testable import SluiceSQL

@Suite("The nexmark connector")
struct NexmarkConnectorTests {
    /// The reference table (as NexmarkSQL writes it) and its views, bounded to `events` events.
    static func session(events: Int = 1000, parallelism: Int = 2, options: String = "", batch: Bool = true) throws -> SQLSession {
        let s = SQLSession(parallelism: parallelism, workers: 2)
        if batch { try s.config.set("execution.runtime-mode", "batch") }
        let table = NexmarkSQL.table
            .replacingOccurrences(of: "'events.num' = '100000000'", with: "'events.num' = '\(events)', 'base-time' = '2025-12-31 23:59:53.250'\(options)")
        _ = try s.execute(script: table + NexmarkSQL.views)
        return s
    }

    /// The physical job of a query, without running it.
    static func graph(_ s: SQLSession, _ sql: String) throws -> JobGraph {
        try s.planQuery(try SQLParser.parse(query: sql), collect: false).planner.graph
    }

    @Test("the views' event_type filters move into the scan; a view generates only its kind, typed")
    func viewsGenerateOneKind() throws {
        let s = try Self.session()
        let plan = try s.execute(script: "EXPLAIN SELECT auction, price FROM bid")[0].message
        #expect(plan.contains("filter=[(event_type = 2)]"))
        #expect(plan.contains("fields=[event_type, bid]"), "person and auction are not read: \(plan)")
        #expect(try Self.graph(s, "SELECT auction, price FROM bid").vertex(named: "nexmark")?.outputSchema == NexmarkSchemas.bid)
        #expect(try Self.graph(s, "SELECT id FROM person").vertex(named: "nexmark")?.outputSchema == NexmarkSchemas.person)
        #expect(try Self.graph(s, "SELECT event_type FROM nexmark").vertex(named: "nexmark")?.outputSchema == NexmarkSchemas.referenceTable)
    }

    @Test("1 000 events are 20 persons, 60 auctions and 920 bids, through the table and through the views")
    func counts() throws {
        let s = try Self.session()
        let perType = try s.execute(script: "SELECT event_type, COUNT(*) FROM nexmark GROUP BY event_type")[0].rows
        #expect(Set(perType) == [[.int(0), .int(20)], [.int(1), .int(60)], [.int(2), .int(920)]])
        #expect(try s.execute(script: "SELECT COUNT(*), MIN(id), MAX(id) FROM person")[0].rows == [[.int(20), .int(1001), .int(1020)]])
        #expect(try s.execute(script: "SELECT COUNT(*) FROM auction")[0].rows == [[.int(60)]])
        #expect(try s.execute(script: "SELECT COUNT(*) FROM bid WHERE dateTime IS NOT NULL")[0].rows == [[.int(920)]])
    }

    @Test("IN and contradictory filters select several kinds or none; the other ROW columns are NULL")
    func severalKinds() throws {
        let s = try Self.session()
        #expect(try s.execute(script: "SELECT COUNT(*), COUNT(person.id), COUNT(auction.id), COUNT(bid.price) FROM nexmark WHERE event_type IN (0, 1)")[0].rows
                == [[.int(80), .int(20), .int(60), .int(0)]])
        #expect(try s.execute(script: "SELECT COUNT(*) FROM nexmark WHERE event_type = 7")[0].rows == [[.int(0)]])
        #expect(try s.execute(script: "SELECT COUNT(*), COUNT(person.id) FROM nexmark WHERE event_type = 2")[0].rows == [[.int(920), .int(0)]])
    }

    @Test("the computed dateTime follows the kind: 1 000 events at 10 000 events/s span 0.1 s from base-time")
    func dateTime() throws {
        let s = try Self.session()
        let rows = try s.execute(script: "SELECT MIN(dateTime), MAX(dateTime) FROM nexmark")[0].rows.map { $0.map(\.description) }
        #expect(rows.first?.first == "2025-12-31 23:59:53.250")
        #expect(rows.first?.last?.hasPrefix("2025-12-31 23:59:53.3") == true, "\(rows)")
        let perKind = try s.execute(script: "SELECT MIN(dateTime) FROM person UNION ALL SELECT MIN(dateTime) FROM auction")[0].rows
        #expect(perKind.count == 2 && !perKind.contains([.null]))
    }

    @Test("an unknown option fails naming it and the valid ones")
    func unknownOption() throws {
        #expect {
            _ = try Self.session(options: ", 'events.nmu' = '5'")
        } throws: { error in
            let e = error as! SluiceError
            return e.code == .invalidInput && e.message.contains("unknown nexmark option `events.nmu`")
                && e.message.contains("did you mean `events.num`?") && e.message.contains("table `nexmark`")
        }
    }

    @Test("a table without the reference columns fails, pointing at the reference DDL")
    func wrongColumns() throws {
        let s = SQLSession()
        #expect {
            _ = try s.execute(script: "CREATE TABLE n (event_type INT, bid ROW<auction BIGINT>) WITH ('connector' = 'nexmark')")
        } throws: { error in
            (error as! SluiceError).message.contains("nexmark table `n` has physical columns")
        }
        #expect {
            _ = try s.execute(script: """
                CREATE TABLE n (event_type BIGINT, person ROW<id BIGINT>, auction ROW<id BIGINT>, bid ROW<auction BIGINT>)
                WITH ('connector' = 'nexmark')
                """)
        } throws: { error in
            (error as! SluiceError).message.contains("declares column `event_type BIGINT` where `event_type INT` is expected")
        }
    }

    @Test("an unbounded table (events.num 0) is rejected in batch mode")
    func unboundedInBatch() throws {
        let s = try Self.session(events: 0)
        #expect {
            _ = try s.execute(script: "SELECT COUNT(*) FROM bid")
        } throws: { error in
            (error as! SluiceError).message.contains("unbounded but the job runs in batch mode")
        }
    }
}
