import Foundation
import Testing
@testable import SluiceSQL

/// SESSION windows in SQL (window table function and legacy GROUP BY SESSION) over a file of
/// out-of-order clicks whose sessions merge, with expected rows computed by hand.
@Suite("SQL SESSION windows")
struct SessionWindowSQLTests {
    /// Clicks per user, out of order. With a 5 s gap:
    /// - a: 10 s, 12 s (arrives after 30 s) → [10, 17); 30 s, 33 s → [30, 38)
    /// - b: 11 s and 19 s are two sessions until 15 s arrives last and bridges them → [11, 24)
    /// - c: 40 s only → [40, 45)
    static let clicks = """
        ts,user,page,n
        2024-01-01 00:00:10.000,a,home,1
        2024-01-01 00:00:11.000,b,home,2
        2024-01-01 00:00:30.000,a,cart,4
        2024-01-01 00:00:19.000,b,cart,16
        2024-01-01 00:00:12.000,a,cart,8
        2024-01-01 00:00:33.000,a,home,32
        2024-01-01 00:00:40.000,c,home,128
        2024-01-01 00:00:15.000,b,home,64

        """

    static let path: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-session-sql-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("clicks.csv").path
        try! clicks.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    func rows(_ query: String, parallelism: Int, streaming: Bool) throws -> [String] {
        let s = SQLSession(parallelism: parallelism, workers: 2)
        _ = try s.execute(script: """
            CREATE TABLE clicks (ts TIMESTAMP(3), `user` STRING, page STRING, n INT, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE)
            WITH ('connector' = 'filesystem', 'path' = '\(Self.path)', 'format' = 'csv');
            """)
        if !streaming { try s.config.set("execution.runtime-mode", "batch") }
        return try s.execute(script: query).last!.finalRows.map { $0.map(\.description).joined(separator: "|") }.sorted()
    }

    static let modes: [(parallelism: Int, streaming: Bool)] = [(1, false), (2, false), (1, true), (2, true)]

    @Test("out-of-order rows join their session and a bridging row merges two sessions", arguments: 0..<modes.count)
    func mergesSessions(_ mode: Int) throws {
        let (parallelism, streaming) = Self.modes[mode]
        let actual = try rows("""
            SELECT `user`, window_start, window_end, window_time, COUNT(*), SUM(n)
            FROM TABLE(SESSION(TABLE clicks PARTITION BY `user`, DESCRIPTOR(ts), INTERVAL '5' SECOND))
            GROUP BY `user`, window_start, window_end
            """, parallelism: parallelism, streaming: streaming)
        #expect(actual == [
            "a|2024-01-01 00:00:10.000|2024-01-01 00:00:17.000|2024-01-01 00:00:16.999|2|9",
            "a|2024-01-01 00:00:30.000|2024-01-01 00:00:38.000|2024-01-01 00:00:37.999|2|36",
            "b|2024-01-01 00:00:11.000|2024-01-01 00:00:24.000|2024-01-01 00:00:23.999|3|82",
            "c|2024-01-01 00:00:40.000|2024-01-01 00:00:45.000|2024-01-01 00:00:44.999|1|128",
        ])
    }

    @Test("sessions are kept per group of several keys", arguments: 0..<modes.count)
    func severalKeys(_ mode: Int) throws {
        let (parallelism, streaming) = Self.modes[mode]
        let actual = try rows("""
            SELECT `user`, page, SESSION_START(ts, INTERVAL '5' SECOND), SESSION_END(ts, INTERVAL '5' SECOND), SUM(n)
            FROM clicks GROUP BY SESSION(ts, INTERVAL '5' SECOND), `user`, page
            """, parallelism: parallelism, streaming: streaming)
        #expect(actual == [
            "a|cart|2024-01-01 00:00:12.000|2024-01-01 00:00:17.000|8",
            "a|cart|2024-01-01 00:00:30.000|2024-01-01 00:00:35.000|4",
            "a|home|2024-01-01 00:00:10.000|2024-01-01 00:00:15.000|1",
            "a|home|2024-01-01 00:00:33.000|2024-01-01 00:00:38.000|32",
            "b|cart|2024-01-01 00:00:19.000|2024-01-01 00:00:24.000|16",
            "b|home|2024-01-01 00:00:11.000|2024-01-01 00:00:20.000|66",
            "c|home|2024-01-01 00:00:40.000|2024-01-01 00:00:45.000|128",
        ])
    }

    @Test("without keys, one session spans every user")
    func noKeys() throws {
        let actual = try rows("""
            SELECT window_start, window_end, COUNT(*) FROM TABLE(SESSION(TABLE clicks, DESCRIPTOR(ts), INTERVAL '8' SECOND))
            GROUP BY window_start, window_end
            """, parallelism: 2, streaming: true)
        #expect(actual == [
            "2024-01-01 00:00:10.000|2024-01-01 00:00:27.000|5",
            "2024-01-01 00:00:30.000|2024-01-01 00:00:48.000|3",
        ])
    }

    @Test("EXPLAIN shows the session window and its operator")
    func explain() throws {
        let s = SQLSession(parallelism: 2, workers: 2)
        _ = try s.execute(script: """
            CREATE TABLE clicks (ts TIMESTAMP(3), `user` STRING, page STRING, n INT, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE)
            WITH ('connector' = 'filesystem', 'path' = '\(Self.path)', 'format' = 'csv');
            """)
        let plan = try s.execute(script: """
            EXPLAIN SELECT `user`, window_start, COUNT(*) FROM TABLE(SESSION(TABLE clicks PARTITION BY `user`, DESCRIPTOR(ts), INTERVAL '5' SECOND))
            GROUP BY `user`, window_start, window_end
            """)[0].message
        #expect(plan.contains("WindowAggregate(window=[SESSION(gap 5000000 µs) on ts], groupBy=[user]"), "\(plan)")
        #expect(plan.contains("session-window-aggregate"), "\(plan)")
        #expect(plan.contains("-> session-window-aggregate  hash(#0; max 128)"), "\(plan)")
    }
}

extension SessionWindowSQLTests {
    @Test("sessions that touch merge (a row exactly one gap after the last one joins its session)")
    func touchingSessionsMerge() throws {
        let actual = try rows("""
            SELECT window_start, window_end, COUNT(*) FROM TABLE(SESSION(TABLE clicks PARTITION BY `user`, DESCRIPTOR(ts), INTERVAL '4' SECOND))
            GROUP BY `user`, window_start, window_end HAVING `user` = 'b'
            """, parallelism: 1, streaming: false)
        #expect(actual == ["2024-01-01 00:00:11.000|2024-01-01 00:00:23.000|3"])
    }
}

extension SessionWindowSQLTests {
    @Test("a streaming session-window job with checkpoints enabled still returns every session")
    func withCheckpoints() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-session-ckpt-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = SQLSession(parallelism: 2, workers: 2)
        _ = try s.execute(script: """
            CREATE TABLE clicks (ts TIMESTAMP(3), `user` STRING, page STRING, n INT, WATERMARK FOR ts AS ts - INTERVAL '1' MINUTE)
            WITH ('connector' = 'filesystem', 'path' = '\(Self.path)', 'format' = 'csv');
            SET 'execution.checkpointing.dir' = '\(dir)';
            SET 'execution.checkpointing.interval' = '1 ms';
            """)
        let rows = try s.execute(script: """
            SELECT `user`, COUNT(*) FROM TABLE(SESSION(TABLE clicks PARTITION BY `user`, DESCRIPTOR(ts), INTERVAL '5' SECOND))
            GROUP BY `user`, window_start, window_end
            """).last!.finalRows.map { $0.map(\.description).joined(separator: "|") }.sorted()
        #expect(rows == ["a|2", "a|2", "b|3", "c|1"])
    }
}
