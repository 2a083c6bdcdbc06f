import Foundation
import SluiceColumnar
import SluiceRuntime
import SluiceTestSupport
@testable import SluiceSQL

/// Runs SQL scripts in a fresh session over a small generated CSV file (`events`), and DuckDB over the
/// same file as the oracle.
enum SQLHarness {
    /// A seeded CSV of events: ts, color, shape, value (some empty = NULL), price; written once per process.
    static let eventsPath: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-sql-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("events.csv").path
        var rng = SplitMix64(seed: 7)
        var text = "ts,color,shape,value,price\n"
        let colors = ["red", "blue", "green", "orange", "black", "white"]
        let shapes = ["circle", "square", "star", "triangle"]
        var ms: Int64 = 1_704_067_200_000
        for _ in 0..<5000 {
            ms += Int64(rng.below(2000))
            let value = rng.below(10) == 0 ? "" : String(rng.below(1000) - 200)
            let price = "\(rng.below(500)).\(String(format: "%02d", rng.below(100)))"
            text += "\(timestamp(ms)),\(rng.pick(colors)),\(rng.pick(shapes)),\(value),\(price)\n"
        }
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    static func timestamp(_ ms: Int64) -> String {
        Value.timestamp(ms * 1000).description
    }

    static var createEvents: String {
        """
        CREATE TABLE events (ts TIMESTAMP(3), color STRING, shape STRING, `value` INT, price DECIMAL(10, 2),
          WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
        WITH ('connector' = 'filesystem', 'path' = '\(eventsPath)', 'format' = 'csv');
        """
    }

    /// A session with `events` created; batch mode unless `streaming`.
    static func session(parallelism: Int = 2, streaming: Bool = false) throws -> SQLSession {
        let s = SQLSession(parallelism: parallelism, workers: 2)
        _ = try s.execute(script: createEvents)
        if !streaming { try s.config.set("execution.runtime-mode", "batch") }
        return s
    }

    /// The result rows of the last statement, each rendered as text, sorted.
    static func rows(_ script: String, parallelism: Int = 2, streaming: Bool = false) throws -> [String] {
        let results = try session(parallelism: parallelism, streaming: streaming).execute(script: script)
        return results.last!.finalRows.map { $0.map(\.description).joined(separator: "|") }.sorted()
    }

    /// The error a script throws, or nil.
    static func error(_ script: String, streaming: Bool = false) -> SluiceError? {
        do {
            _ = try session(streaming: streaming).execute(script: script)
            return nil
        } catch {
            return error as? SluiceError
        }
    }

    /// DuckDB's rows for `query` over the same CSV (as table `events`), rendered and sorted.
    static func duckdb(_ query: String) throws -> [String] {
        try duckdb(setup: """
            CREATE TABLE events AS SELECT * FROM read_csv('\(eventsPath)', header=true, columns={'ts': 'TIMESTAMP', \
            'color': 'VARCHAR', 'shape': 'VARCHAR', 'value': 'INTEGER', 'price': 'DECIMAL(10,2)'})
            """, query)
    }

    /// DuckDB's rows for `query` after the statement `setup`, rendered and sorted.
    static func duckdb(setup: String, _ query: String) throws -> [String] {
        let program = """
        import sys
        try:
            import duckdb
        except ImportError:
            print("DUCKDB-MISSING"); sys.exit(3)
        con = duckdb.connect()
        con.execute(sys.argv[1])
        import datetime
        def fmt(v):
            if v is None: return "NULL"
            if isinstance(v, datetime.datetime): return v.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
            return str(v)
        for row in con.execute(sys.argv[2]).fetchall():
            print("|".join(fmt(v) for v in row))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", program, setup, query]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        if process.terminationStatus == 3 {
            throw SluiceError(.execution, "DuckDB is not installed for python3; run scripts/setup.sh (it installs duckdb from PyPI)")
        }
        guard process.terminationStatus == 0 else { throw SluiceError(.execution, "DuckDB failed: \(text)") }
        return text.split(separator: "\n").map(String.init).sorted()
    }

    /// True when two rendered rows agree field by field (numbers compared with a relative tolerance).
    static func same(_ a: String, _ b: String) -> Bool {
        let x = a.split(separator: "|", omittingEmptySubsequences: false)
        let y = b.split(separator: "|", omittingEmptySubsequences: false)
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) where p != q {
            guard let u = Double(p), let v = Double(q), abs(u - v) <= 1e-6 * max(1, abs(u)) else { return false }
        }
        return true
    }
}
