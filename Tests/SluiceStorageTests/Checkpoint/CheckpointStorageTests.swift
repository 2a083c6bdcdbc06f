import Foundation
import Testing
@testable import SluiceStorage
import SluiceColumnar

@Suite("Checkpoint storage")
struct CheckpointStorageTests {
    func write(_ storage: CheckpointStorage, _ relative: String, bytes: Int) throws -> CheckpointManifest.StateFile {
        let path = "\(storage.root)/\(relative)"
        try Data(repeating: 7, count: bytes).write(to: URL(fileURLWithPath: path))
        let writer = Int64(relative.split(separator: "/")[0].dropFirst(4))!
        return .init(path: relative, bytes: Int64(bytes), writtenBy: writer, chunks: [0, 3])
    }

    /// Checkpoint `id` with a full file from `base` and an increment of its own (unless id == base).
    func checkpoint(_ storage: CheckpointStorage, id: Int64, base: Int64) throws -> CheckpointManifest {
        _ = try storage.prepareDirectory(id)
        var files = [CheckpointManifest.StateFile]()
        if id == base {
            files.append(try write(storage, "chk-\(id)/agg-0.snap", bytes: 1000))
        } else {
            let full = try storage.manifest(base).state[0].files[0]
            files = [full, try write(storage, "chk-\(id)/agg-0.snap", bytes: 40)]
        }
        let manifest = CheckpointManifest(
            id: id, createdAtMillis: 1_764_000_000_000 + id, durationMillis: 12, maxParallelism: 128,
            state: [.init(operatorUID: "agg", subtask: 0, keyGroups: 0...127, files: files)],
            sources: [.init(operatorUID: "src", subtask: 0, split: "events.csv:0-4096", offset: 100 * id)],
            sinks: [.init(operatorUID: "sink", subtask: 0, transaction: "part-0-\(id)")])
        try storage.commit(manifest)
        return manifest
    }

    @Test("a manifest round-trips through its file, with totals for full and incremental bytes")
    func roundTrip() throws {
        let dir = TestDirectory()
        let storage = try CheckpointStorage(directory: dir.file("chk"))
        let first = try checkpoint(storage, id: 1, base: 1)
        let second = try checkpoint(storage, id: 2, base: 1)
        #expect(try storage.manifest(1) == first)
        #expect(try storage.manifest(2) == second)
        #expect(second.totalBytes == 1040 && second.incrementalBytes == 40)
        #expect(try storage.completeIDs() == [1, 2])
        #expect(try storage.latest()?.id == 2)
    }

    @Test("a directory without a manifest is not a checkpoint")
    func incompleteIsInvisible() throws {
        let dir = TestDirectory()
        let storage = try CheckpointStorage(directory: dir.file("chk"))
        _ = try checkpoint(storage, id: 1, base: 1)
        _ = try storage.prepareDirectory(2)
        _ = try write(storage, "chk-2/agg-0.snap", bytes: 10)
        #expect(try storage.completeIDs() == [1])
        #expect(throws: SluiceError.self) { try storage.manifest(2) }
    }

    @Test("committing a manifest that names a missing or wrongly sized file fails")
    func commitChecksFiles() throws {
        let dir = TestDirectory()
        let storage = try CheckpointStorage(directory: dir.file("chk"))
        var m = try checkpoint(storage, id: 1, base: 1)
        m.id = 2
        m.state[0].files[0].bytes = 999
        #expect(throws: SluiceError.self) { try storage.commit(m) }
        m.state[0].files[0] = .init(path: "chk-2/missing.snap", bytes: 1, writtenBy: 2)
        #expect(throws: SluiceError.self) { try storage.commit(m) }
        #expect(try storage.completeIDs() == [1])
    }

    @Test("a flipped byte anywhere in a manifest is detected")
    func corruptionDetected() throws {
        let dir = TestDirectory()
        let storage = try CheckpointStorage(directory: dir.file("chk"))
        let manifest = try checkpoint(storage, id: 1, base: 1)
        let bytes = manifest.encoded()
        for i in bytes.indices {
            var flipped = bytes
            flipped[i] ^= 0x04
            #expect(throws: SluiceError.self, "byte \(i)") { try CheckpointManifest.decode(flipped, path: "m") }
        }
        #expect(throws: SluiceError.self) { try CheckpointManifest.decode(Array(bytes.dropLast(9)), path: "m") }
        let path = "\(storage.root)/chk-1/_manifest"
        var onDisk = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        onDisk[onDisk.count - 20] ^= 1
        try Data(onDisk).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: SluiceError.self) { try storage.latest() }
        #expect(error.code == .corruptState && error.message.contains("chk-1/_manifest"))
    }

    @Test("retention keeps the last N and the files they still reference")
    func retention() throws {
        let dir = TestDirectory()
        let storage = try CheckpointStorage(directory: dir.file("chk"))
        _ = try checkpoint(storage, id: 1, base: 1)
        _ = try checkpoint(storage, id: 2, base: 1)
        _ = try checkpoint(storage, id: 3, base: 1)
        _ = try storage.prepareDirectory(4)   // in progress: left alone
        try storage.retain(last: 1)
        #expect(try storage.completeIDs() == [3])
        // The full file of checkpoint 1 is still used by 3; its manifest and other files are gone.
        #expect(FileManager.default.fileExists(atPath: "\(storage.root)/chk-1/agg-0.snap"))
        #expect(!FileManager.default.fileExists(atPath: "\(storage.root)/chk-1/_manifest"))
        #expect(!FileManager.default.fileExists(atPath: "\(storage.root)/chk-2"))
        #expect(FileManager.default.fileExists(atPath: "\(storage.root)/chk-4"))
        #expect(try storage.manifest(3).totalBytes == 1040)
        _ = try checkpoint(storage, id: 5, base: 5)
        try storage.retain(last: 1)
        #expect(!FileManager.default.fileExists(atPath: "\(storage.root)/chk-1"))
        #expect(!FileManager.default.fileExists(atPath: "\(storage.root)/chk-4"))
    }

    @Test("opening a missing directory without create says so")
    func missingDirectory() throws {
        let error = try #require(throws: SluiceError.self) {
            try CheckpointStorage(directory: "/nonexistent/sluice-checkpoints", create: false)
        }
        #expect(error.message.contains("/nonexistent/sluice-checkpoints"))
    }
}

@Suite("JSON values")
struct JSONValueTests {
    @Test("serialize and parse round-trip, with escapes and nesting")
    func roundTrip() throws {
        let value: JSONValue = .object([
            ("a", .int(-42)), ("b", .string("quote \" back \\ nl \n tab \t é \u{1}")),
            ("c", .array([.null, .bool(true), .bool(false), .double(1.5)])), ("d", .object([])),
        ])
        #expect(try JSONValue.parse(value.serialized) == value)
        #expect(try JSONValue.parse(" { \"x\" : [ 1 , 2 ] , \"y\":\"\\u00e9\\ud83d\\ude00\" } ")
                == .object([("x", .array([.int(1), .int(2)])), ("y", .string("é😀"))]))
    }

    @Test("malformed documents fail with the byte offset", arguments: [
        "", "{", "{\"a\"}", "[1,]", "tru", "\"abc", "{\"a\":1} x", "-", "\"\\q\"", "01x",
    ])
    func malformed(_ text: String) {
        #expect(throws: SluiceError.self) { try JSONValue.parse(text) }
    }

    @Test("deep nesting is refused instead of overflowing the stack")
    func deepNesting() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: SluiceError.self) { try JSONValue.parse(text) }
    }
}

@Suite("Operator state files")
struct OperatorStateFileTests {
    @Test("round-trips empty, small and multi-block payloads with every codec")
    func roundTrip() throws {
        let dir = TestDirectory()
        var rng = SeededGenerator(seed: 3)
        for codec in SnapshotCodec.allCases {
            for size in [0, 1, 1000, (1 << 20) + 17] {
                let bytes = (0..<size).map { i in i % 7 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : UInt8(i % 13) }
                let path = dir.file("s-\(codec)-\(size)")
                try OperatorStateFile.write(bytes, to: path, codec: codec)
                #expect(try OperatorStateFile.read(path) == bytes)
            }
        }
    }

    @Test("blocks tile the snapshot with a short first block; the header's block count is checked against it")
    func blockLayout() throws {
        let block = OperatorStateFile.blockSize, lead = OperatorStateFile.blockLead
        for count in [0, 1, block - lead - 1, block - lead, block - lead + 1, block, 3 * block + 7] {
            let ranges = OperatorStateFile.blockRanges(count)
            #expect(ranges.first?.lowerBound ?? 0 == 0 && ranges.last?.upperBound ?? 0 == count)
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect(ranges.allSatisfy { $0.count <= block && !$0.isEmpty })
            #expect(ranges.dropFirst().allSatisfy { $0.lowerBound % 8 == 3 }, "blocks after the first start 3 past a multiple of 8")
            #expect(OperatorStateFile.blockCount(count, version: 2) == UInt64(ranges.count), "\(count) bytes")
        }
    }

    @Test("version 1 files, whose blocks are all full, are still read")
    func versionOne() throws {
        let dir = TestDirectory()
        let payload = (0..<((2 << 20) + 9)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var file = Array("SLOS".utf8) + [1, SnapshotCodec.none.rawValue]
        func append<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { file.append(contentsOf: $0) } }
        append(UInt64(payload.count))
        append(UInt32(3))
        for start in stride(from: 0, to: payload.count, by: 1 << 20) {
            let block = Array(payload[start..<min(payload.count, start + (1 << 20))])
            append(UInt32(block.count))
            append(UInt32(block.count))
            append(CRC32C.checksum(block))
            file += block
        }
        let path = dir.file("v1")
        try Data(file).write(to: URL(fileURLWithPath: path))
        #expect(try OperatorStateFile.read(path) == payload)
    }

    @Test("columns of 8-byte values compress as well as when blocks do not start on a value (zstd-1)")
    func alignedColumnsCompress() throws {
        let dir = TestDirectory()
        // An aggregate's state after a restore at 1M keys: counts of 1 and small sums.
        let n = 1 << 20
        let batch = try RecordBatch(schema: Schema([Field("n", .int64), Field("s", .int64)]),
                                    columns: [.int64([Int64](repeating: 1, count: n)), .int64((0..<n).map { Int64($0 & 7) })])
        let path = dir.file("columns")
        let written = try OperatorStateFile.write(batch.serialized(), to: path, codec: .zstd)
        #expect(written * 100 < 2 * n * 8, "\(written) bytes for \(2 * n * 8)")
    }

    @Test("a flipped byte anywhere or a truncation is a corruptState error naming the file and offset")
    func corruption() throws {
        let dir = TestDirectory()
        let path = dir.file("state")
        let payload = (0..<5000).map { UInt8(truncatingIfNeeded: $0 * 31) }
        try OperatorStateFile.write(payload, to: path, codec: .lz4)
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        for i in good.indices {
            var bad = good
            bad[i] ^= 0x20
            try Data(bad).write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: SluiceError.self, "byte \(i)") { try OperatorStateFile.read(path) }
            #expect(error.code == .corruptState && error.message.contains(path) && error.message.contains("offset"))
        }
        try Data(good.dropLast(3)).write(to: URL(fileURLWithPath: path))
        #expect(throws: SluiceError.self) { try OperatorStateFile.read(path) }
    }

    @Test("blocks are checked and decompressed in parallel: a damaged later block is named by its own offset")
    func laterBlockCorruption() throws {
        let dir = TestDirectory()
        let path = dir.file("big")
        var rng = SeededGenerator(seed: 9)
        let size = (4 << 20) + 5
        var payload = [UInt8](repeating: 0, count: size)
        for i in 0..<size { payload[i] = i % 5 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : UInt8(i % 11) }
        try OperatorStateFile.write(payload, to: path, codec: .zstd)
        #expect(try OperatorStateFile.read(path) == payload)
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        // Walk the block headers to find where the third block starts.
        func u32(_ at: Int) -> Int {
            var v = 0
            for i in 0..<4 { v |= Int(good[at + i]) << (8 * i) }
            return v
        }
        var at = 4 + 1 + 1 + 8 + 4
        for _ in 0..<2 { at += 12 + u32(at + 4) }
        var bad = good
        bad[at + 12 + u32(at + 4) / 2] ^= 0x01
        try Data(bad).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: SluiceError.self) { try OperatorStateFile.read(path) }
        #expect(error.code == .corruptState && error.message.contains("offset \(at):") && error.message.contains("checksum"))
    }
}
