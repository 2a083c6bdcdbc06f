import Foundation
import Testing
import Sluice
@testable import sluice

@Suite("sluice checkpoints: listing a checkpoint directory")
struct CheckpointListingTests {
    func scratch() throws -> String {
        let path = NSTemporaryDirectory() + "sluice-cli-chk-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("lists id, kind, time, size, incremental bytes and duration; reports a corrupt manifest by name")
    func listing() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let storage = try CheckpointStorage(directory: root)
        for (id, bytes) in [(Int64(1), 3 * 1024 * 1024), (2, 2048)] {
            let dir = try storage.prepareDirectory(id)
            try Data(count: bytes).write(to: URL(fileURLWithPath: "\(dir)/agg-0.snap"))
            var files = [CheckpointManifest.StateFile(path: "chk-\(id)/agg-0.snap", bytes: Int64(bytes), writtenBy: id)]
            if id == 2 { files.insert(.init(path: "chk-1/agg-0.snap", bytes: 3 * 1024 * 1024, writtenBy: 1), at: 0) }
            try storage.commit(CheckpointManifest(
                id: id, createdAtMillis: 1_767_225_600_000 + id * 1000, durationMillis: 40 + id, maxParallelism: 128,
                state: [.init(operatorUID: "agg", subtask: 0, keyGroups: 0...127, files: files)],
                sources: [.init(operatorUID: "src", subtask: 0, split: "a.csv:0-100", offset: 7)]))
        }
        let text = try CheckpointListing(directory: root).render()
        let lines = text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("|") }
        #expect(lines.count == 3, "header and two rows in:\n\(text)")
        #expect(lines[0].contains("incremental") && lines[0].contains("duration"))
        func cells(_ line: String) -> [String] {
            line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        #expect(cells(lines[1]) == ["1", "checkpoint", "2026-01-01 00:00:01.000", "3.0 MiB", "3.0 MiB", "41", "1", "1", "0"])
        #expect(cells(lines[2]) == ["2", "checkpoint", "2026-01-01 00:00:02.000", "3.0 MiB", "2.0 KiB", "42", "2", "1", "0"])

        let manifest = "\(root)/chk-2/_manifest"
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: manifest)))
        bytes[bytes.count - 5] ^= 0x10
        try Data(bytes).write(to: URL(fileURLWithPath: manifest))
        let after = try CheckpointListing(directory: root).render()
        #expect(after.contains("error: checkpoint 2: corruptState") && after.contains("chk-2/_manifest"))
    }

    @Test("a missing directory is an error naming it; an empty one says there is nothing")
    func emptyAndMissing() throws {
        #expect(throws: SluiceError.self) { try CheckpointListing(directory: "/nonexistent/chk") }
        let root = try scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try CheckpointListing(directory: root).render().contains("no complete checkpoints"))
    }
}
