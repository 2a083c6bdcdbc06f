import Foundation
import Testing
import Sluice
@testable import sluice

/// The CLI killed with SIGKILL at random moments and restarted with `--restore latest`: the committed
/// output of a filesystem sink must be every row exactly once.
@Suite("sluice sql: SIGKILL and --restore latest")
struct CrashRecoveryTests {
    /// The `sluice` binary next to the test bundle (SwiftPM builds it for this test target).
    static var binary: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("sluice").path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    static func script(out: String, rows: Int) -> String {
        """
        CREATE TABLE gen (id BIGINT, k BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '\(rows / 2)',
          'number-of-rows' = '\(rows)', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0',
          'fields.id.end' = '\(rows - 1)', 'fields.k.min' = '0', 'fields.k.max' = '9');
        CREATE TABLE out (id BIGINT, k BIGINT) WITH ('connector' = 'filesystem', 'path' = '\(out)', 'format' = 'csv');
        INSERT INTO out SELECT id, k * 2 FROM gen WHERE k >= 0;
        """
    }

    static func committedIDs(_ directory: String) throws -> [Int64] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        var ids: [Int64] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where !name.hasPrefix(".") {
            let text = try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
            for line in text.split(separator: "\n") {
                if let id = line.split(separator: ",").first.flatMap({ Int64($0) }) { ids.append(id) }
            }
        }
        return ids.sorted()
    }

    @Test("killed at seeded random moments, resumed until done: every row committed exactly once", arguments: [1, 2])
    func killAndResume(parallelism: Int) throws {
        let root = NSTemporaryDirectory() + "sluice-crash-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let rows = 40_000
        var arguments = ["sql", "-e", Self.script(out: root + "/out", rows: rows), "--parallelism", "\(parallelism)",
                         "--checkpoint-dir", root + "/chk", "--checkpoint-interval", "100 ms"]
        var seed = UInt64(parallelism) &* 0x9E37_79B9
        var kills = 0
        for attempt in 0..<8 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            if attempt < 3 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                usleep(useconds_t(300_000 + Int(seed >> 33) % 900_000))
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    kills += 1
                }
            }
            process.waitUntilExit()
            if process.terminationReason == .exit {
                #expect(process.terminationStatus == 0)
                break
            }
            if attempt == 0 { arguments += ["--restore", "latest"] }
        }
        #expect(kills >= 1, "the job ended before it could be killed; the test did not exercise recovery")
        #expect(try Self.committedIDs(root + "/out") == (0..<Int64(rows)).map { $0 })
    }
}
