import Foundation
import Testing
import Sluice
@testable import sluice

@Suite("sluice bench nexmark")
struct NexmarkBenchCommandTests {
    /// A folder laid out like the reference suite's queries: ddl_gen.sql (table `datagen`),
    /// ddl_views.sql over `${NEXMARK_TABLE}`, and query files with placeholders.
    static func referenceStyleDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "sluice-nexmark-reference-style-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let root = FilterCountJobTests.root.path + "/queries/nexmark/ddl.sql"
        let ddl = try String(contentsOfFile: root, encoding: .utf8)
        let table = String(ddl[ddl.range(of: "CREATE TABLE nexmark")!.lowerBound..<ddl.range(of: "CREATE VIEW person")!.lowerBound])
            .replacingOccurrences(of: "CREATE TABLE nexmark", with: "CREATE TABLE datagen")
        let views = String(ddl[ddl.range(of: "CREATE VIEW person")!.lowerBound...])
            .replacingOccurrences(of: "FROM nexmark", with: "FROM ${NEXMARK_TABLE}")
        let files = [
            "ddl_gen.sql": table,
            "ddl_views.sql": views,
            "q0.sql": """
                -- -------------------------------------------------------------------------------------------------
                -- Query 0: Pass through (${NOT A PLACEHOLDER} in a comment stays)
                -- -------------------------------------------------------------------------------------------------
                CREATE TABLE discard_sink (auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), extra VARCHAR)
                WITH ('connector' = 'blackhole');

                INSERT INTO discard_sink SELECT auction, bidder, price, dateTime, extra FROM bid;
                """,
            "q2.sql": """
                CREATE TABLE discard_sink (auction BIGINT, price BIGINT) WITH ('connector' = 'blackhole');
                INSERT INTO discard_sink SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0;
                """,
            "q3.sql": """
                CREATE TABLE discard_sink (name VARCHAR, city VARCHAR, state VARCHAR, id BIGINT) WITH ('connector' = 'blackhole');
                INSERT INTO discard_sink
                SELECT P.name, P.city, P.state, A.id
                FROM auction AS A INNER JOIN person AS P on A.seller = P.id
                WHERE A.category = 10 and (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA');
                """,
            "q100.sql": """
                CREATE TABLE kafka_sink (auction BIGINT) WITH ('connector' = 'blackhole', 'servers' = '${BOOTSTRAP_SERVERS}');
                INSERT INTO kafka_sink SELECT auction FROM bid;
                """,
        ]
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }

    @Test("placeholders are substituted; an unknown one is named with its file and line")
    func placeholders() throws {
        let p = NexmarkPlaceholders(events: 1000, rate: 5000, table: "datagen")
        #expect(try p.substitute("'${TPS}', '${EVENTS_NUM}', ${NEXMARK_TABLE}, '${BID_PROPORTION}'", file: "x.sql")
                == "'5000', '1000', datagen, '46'")
        #expect(try p.substitute("-- `${…}` stays", file: "x.sql") == "-- `${…}` stays")
        #expect {
            _ = try p.substitute("SELECT 1;\n'${BOOTSTRAP_SERVERS}'", file: "q100.sql")
        } throws: { error in
            let e = error as! SluiceError
            return e.code == .unsupported && e.message.contains("q100.sql line 2 uses the placeholder ${BOOTSTRAP_SERVERS}")
                && e.message.contains("${TPS}")
        }
        let options = NexmarkPlaceholders.addingConnectorOptions([("seed", "7")], to: "WITH ('connector'  =  'nexmark', 'a' = 'b')")
        #expect(options == "WITH ('connector'  =  'nexmark', 'seed' = '7', 'a' = 'b')")
    }

    @Test("reference-style files run with placeholders; missing features and placeholders fail by name")
    func referenceFiles() throws {
        let dir = try Self.referenceStyleDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let command = try NexmarkBenchCommand.parse(["--queries-dir", dir, "--queries", "all", "--events", "5000",
                                                     "--parallelism", "2", "--warmup", "1000"])
        let results = try command.runAll(progress: nil)
        #expect(results.map(\.query) == ["q0", "q2", "q3", "q100"])
        let q0 = results[0]
        #expect(q0.error == nil, "\(q0.error ?? "")")
        #expect(q0.events == 5000 && q0.outputRows == 4600 && q0.seconds > 0 && q0.eventsPerSecond > 0 && q0.peakMemoryBytes > 0)
        #expect(results[1].error == nil && results[1].outputRows > 0 && results[1].outputRows < 4600)
        #expect(results[2].error?.lowercased().contains("join") == true, "\(results[2].error ?? "no error")")
        #expect(results[3].error?.contains("${BOOTSTRAP_SERVERS}") == true)
    }

    @Test("the table lists every query; JSON carries the same figures")
    func output() throws {
        let command = try NexmarkBenchCommand.parse(["--queries-dir", FilterCountJobTests.root.path + "/queries/nexmark",
                                                     "--queries", "q1,q10", "--events", "2000", "--json"])
        let results = try command.runAll(progress: nil)
        let table = NexmarkBenchReport.table(results)
        #expect(table.hasPrefix("query  events  seconds  events/s"))
        #expect(results[1].error == nil, "\(results[1].error ?? "")")
        #expect(results[1].outputRows == 1840)
        let decoded = try JSONDecoder().decode([NexmarkBenchResult].self, from: Data(NexmarkBenchReport.json(results).utf8))
        #expect(decoded == results)
        #expect(decoded[0].outputRows == 1840)
    }

    @Test("bad arguments fail before running: query names, directory, counts")
    func arguments() throws {
        #expect(throws: (any Error).self) { try NexmarkBenchCommand.parse(["--events", "0"]) }
        #expect(throws: (any Error).self) { try NexmarkBenchCommand.parse(["--parallelism", "0"]) }
        #expect(throws: (any Error).self) { try NexmarkBenchCommand.parse(["--checkpoint-interval", "1"]) }
        let unknown = try NexmarkBenchCommand.parse(["--queries-dir", FilterCountJobTests.root.path + "/queries/nexmark", "--queries", "q0,q99"])
        #expect {
            _ = try unknown.runAll(progress: nil)
        } throws: { error in
            (error as! SluiceError).message.contains("--queries names `q99`, which has no file q99.sql")
        }
        let missing = try NexmarkBenchCommand.parse(["--queries-dir", "/nonexistent/nexmark"])
        #expect(throws: SluiceError.self) { _ = try missing.runAll(progress: nil) }
    }
}
