import Foundation
import Testing
@testable import SluiceSQL

/// EXPLAIN output compared with snapshots in Resources/explain (`<name>.txt`: mode and query on the
/// first two lines, then the expected plan). Set SLUICE_UPDATE_SNAPSHOTS=1 to rewrite them.
@Suite("EXPLAIN snapshots")
struct ExplainSnapshotTests {
    static let names = ["seed-batch", "seed-streaming", "regroup-no-shuffle", "pushdown-union", "window-tumble", "window-session", "having-pushdown"]

    @Test("the plan matches its snapshot", arguments: names)
    func snapshot(_ name: String) throws {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Resources/explain"))
        let text = try String(contentsOf: url, encoding: .utf8)
        let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        let streaming = lines[0] == "mode: streaming"
        let query = String(lines[1].dropFirst("query: ".count))
        let session = try SQLHarness.session(parallelism: 2, streaming: streaming)
        let plan = try session.execute(script: "EXPLAIN " + query)[0].message
            .replacingOccurrences(of: SQLHarness.eventsPath, with: "<events>")
        if ProcessInfo.processInfo.environment["SLUICE_UPDATE_SNAPSHOTS"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Resources/explain/\(name).txt")
            try (lines[0] + "\n" + lines[1] + "\n" + plan).write(to: source, atomically: true, encoding: .utf8)
            return
        }
        #expect(plan == lines[2], "EXPLAIN \(query) changed:\n\(plan)")
    }
}
