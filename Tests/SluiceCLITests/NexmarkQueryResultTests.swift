import Foundation
import Testing
import Sluice
@testable import sluice

/// The team's Nexmark queries on the `nexmark` connector, checked row for row against DuckDB running the
/// same semantics over the same events, written by the independent Python generator
/// (`scripts/nexmark_reference.py`).
@Suite("Nexmark queries against the DuckDB reference", .serialized)
struct NexmarkQueryResultTests {
    static let events: Int64 = 20_000
    static let baseTime = "2025-12-31 23:59:53.250"

    /// The reference run, made once: `<dir>/expected/<query>.csv`, or why it could not be made.
    static let reference: Result<String, ReferenceError> = makeReference()

    struct ReferenceError: Error, CustomStringConvertible { var description: String }

    static func makeReference() -> Result<String, ReferenceError> {
        let check = python(["-c", "import duckdb"])
        guard check.status == 0 else {
            return .failure(ReferenceError(description: "python3 cannot import duckdb (\(check.output)); run ./scripts/setup.sh to install it"))
        }
        let out = NSTemporaryDirectory() + "sluice-nexmark-reference-\(getpid())"
        let run = python([FilterCountJobTests.root.path + "/scripts/nexmark_reference.py", "--out", out, "--events", String(events),
                          "--seed", "42", "--rate", "10000", "--splits", "2", "--base-time", baseTime])
        guard run.status == 0 else { return .failure(ReferenceError(description: "nexmark_reference.py failed: \(run.output)")) }
        return .success(out)
    }

    static func python(_ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "cannot start python3: \(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The bench harness over the team's files with the reference run's settings (2 splits, seed 42).
    static func bench() throws -> NexmarkBench {
        let files = try NexmarkQueryFiles.load(directory: FilterCountJobTests.root.path + "/queries/nexmark")
        let settings = NexmarkBench.Settings(events: events, rate: 10_000, parallelism: 2, seed: 42, baseTime: baseTime)
        return NexmarkBench(files: files, settings: settings)
    }

    /// The query's final rows in batch mode: its INSERT turned into the SELECT it feeds.
    static func rows(_ name: String) throws -> [String] {
        let bench = try bench()
        let query = try bench.files.select(name)[0]
        var script = try bench.script(for: query, events: events)
        script = script.replacingOccurrences(of: #"INSERT\s+INTO\s+\w+"#, with: "", options: .regularExpression)
        let results = try SQLSession(parallelism: 2, workers: 2).execute(script: "SET 'execution.runtime-mode' = 'batch';\n" + script)
        return results.last!.rows.map { $0.map(\.description).joined(separator: ",") }
    }

    static func expected(_ name: String) throws -> [String] {
        let dir = try reference.get()
        let text = try String(contentsOfFile: "\(dir)/expected/\(name).csv", encoding: .utf8)
        return Array(text.split(whereSeparator: \.isNewline).dropFirst().map(String.init))
    }

    @Test("each supported query gives DuckDB's rows", arguments: ["q0", "q1", "q2", "q14", "q15", "q16", "q17", "q21", "q22"])
    func query(_ name: String) throws {
        let want = try Self.expected(name).sorted()
        let got = try Self.rows(name).sorted()
        #expect(got.count == want.count, "\(name): \(got.count) rows, DuckDB \(want.count)")
        let missing = Set(want).subtracting(got).sorted().prefix(3)
        let extra = Set(got).subtracting(want).sorted().prefix(3)
        #expect(missing.isEmpty && extra.isEmpty, "\(name): missing \(Array(missing)), unexpected \(Array(extra))")
        #expect(got == want, "\(name): the same rows, but not as often each")
    }

    @Test("q12 (processing-time windows) counts each bidder's bids once over all its windows")
    func q12() throws {
        var want: [String: Int64] = [:]
        for line in try Self.expected("q12") {
            let f = line.split(separator: ",")
            want[String(f[0])] = Int64(f[1])
        }
        var got: [String: Int64] = [:]
        for line in try Self.rows("q12") {
            let f = line.split(separator: ",")
            got[String(f[0]), default: 0] += Int64(f[1])!
        }
        #expect(got.count == want.count && got == want, "q12: \(got.count) bidders, DuckDB \(want.count)")
    }

    @Test("q10 writes every bid once into dt=…/hm=… partitions, each committed with a _SUCCESS file")
    func q10() throws {
        let bench = try Self.bench()
        let out = NSTemporaryDirectory() + "sluice-q10-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: out) }
        var script = try bench.script(for: try bench.files.select("q10")[0], events: Self.events)
        script = script.replacingOccurrences(of: #"'path' = '[^']*'"#, with: "'path' = 'file://\(out)'", options: .regularExpression)
        // As `sluice bench nexmark` runs it: streaming, the partition-time trigger on the source's watermarks.
        _ = try SQLSession(parallelism: 2, workers: 2).execute(script: script)
        // Read back through the filesystem source (partition values from the paths).
        let read = """
            SET 'execution.runtime-mode' = 'batch';
            CREATE TABLE back (auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3), extra VARCHAR, dt STRING, hm STRING)
            PARTITIONED BY (dt, hm) WITH ('connector' = 'filesystem', 'path' = '\(out)', 'format' = 'csv');
            SELECT * FROM back;
            """
        let got = try SQLSession(parallelism: 2, workers: 2).execute(script: read).last!.rows
            .map { $0.map(\.description).joined(separator: ",") }.sorted()
        let want = try Self.expected("q10").sorted()
        #expect(got.count == want.count, "q10: \(got.count) rows, DuckDB \(want.count)")
        #expect(got == want)
        // Every partition DuckDB's rows name is a directory with its marker, and there are no others.
        let partitions = Set(want.map { line -> String in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            return "dt=\(f[f.count - 2])/hm=\(f[f.count - 1].replacingOccurrences(of: ":", with: "%3A"))"
        })
        var found: Set<String> = []
        for dt in try FileManager.default.contentsOfDirectory(atPath: out) {
            for hm in try FileManager.default.contentsOfDirectory(atPath: out + "/" + dt) {
                found.insert(dt + "/" + hm)
                #expect(FileManager.default.fileExists(atPath: "\(out)/\(dt)/\(hm)/_SUCCESS"), "\(dt)/\(hm) has no _SUCCESS")
            }
        }
        #expect(found == partitions)
    }
}
