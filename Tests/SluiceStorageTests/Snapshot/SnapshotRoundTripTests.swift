import Foundation
import Testing
@testable import SluiceStorage
import SluiceColumnar

@Suite("Snapshot round trips")
struct SnapshotRoundTripTests {
    @Test("a full snapshot restores the same entries", arguments: SnapshotCodec.allCases)
    func fullRoundTrip(codec: SnapshotCodec) throws {
        let dir = TestDirectory()
        let table = try StateFixtures.filledTable(2500)
        let capture = table.captureChunks(full: true)
        let size = try capture.write(to: dir.file("full.snap"), codec: codec)
        #expect(size > 0)
        let reader = try SnapshotReader(path: dir.file("full.snap"))
        #expect(reader.codec == codec)
        #expect(reader.kind == .full)
        #expect(reader.blocks.count == table.entries.chunkCount + table.values.arena.chunkCount)
        let restored = try StateTable.restore(chain: [dir.file("full.snap")], directory: dir.path)
        #expect(restored.count == table.count)
        #expect(StateFixtures.contents(restored) == StateFixtures.contents(table))
        #expect(restored.entries.dirtyChunkCount == 0, "a restored table equals its snapshot")
        // The restored table keeps working: inserts, lookups, removes.
        let key: [UInt8] = Array("a brand new key that is long".utf8)
        let slot = try restored.findOrInsert(keyBytes: key, hash: Hashing.hashBytes(key))
        #expect(restored.loadSlot(Int64.self, slot: slot) == 0)
        #expect(restored.count == table.count + 1)
    }

    @Test("an incremental chain restores the live state and writes only changed chunks")
    func incrementalChain() throws {
        let dir = TestDirectory()
        var rng = SeededGenerator(seed: 5)
        let table = try StateFixtures.filledTable(4000)
        let fullSize = try table.captureChunks(full: true).write(to: dir.file("0.snap"))
        var chain = [dir.file("0.snap")]
        let keys = StateFixtures.keys(6000)
        for step in 1...3 {
            for _ in 0..<40 {
                let key = keys[Int.random(in: 0..<keys.count, using: &rng)]
                let hash = Hashing.hashBytes(key)
                if Int.random(in: 0..<4, using: &rng) == 0 {
                    table.remove(keyBytes: key, hash: hash)
                } else {
                    let slot = try table.findOrInsert(keyBytes: key, hash: hash)
                    table.storeSlot(Int64(step * 1000), slot: slot, field: 8)
                }
            }
            let capture = table.captureChunks()
            #expect(capture.kind == .incremental)
            let size = try capture.write(to: dir.file("\(step).snap"))
            #expect(size < fullSize)
            chain.append(dir.file("\(step).snap"))
            let restored = try StateTable.restore(chain: chain)
            #expect(StateFixtures.contents(restored) == StateFixtures.contents(table), "after step \(step)")
        }
    }

    @Test("the asynchronous phase writes the state as of the capture while the table keeps changing")
    func asynchronousWrite() async throws {
        let dir = TestDirectory()
        let table = try StateFixtures.filledTable(3000)
        let atCapture = StateFixtures.contents(table)
        let capture = table.captureChunks(full: true)
        let path = dir.file("async.snap")
        let writer = Task.detached { try capture.write(to: path, codec: .lz4) }
        for key in StateFixtures.keys(3000).prefix(500) {
            table.storeSlot(Int64(-7), slot: try table.findOrInsert(keyBytes: key, hash: Hashing.hashBytes(key)))
        }
        _ = try await writer.value
        #expect(StateFixtures.contents(try StateTable.restore(chain: [path])) == atCapture)
        #expect(StateFixtures.contents(table) != atCapture)
    }

    @Test("an incremental snapshot after one update holds a patch of its line")
    func incrementalIsSmall() throws {
        let table = try StateFixtures.filledTable(5000)
        _ = table.captureChunks(full: true)
        let key = StateFixtures.keys(5000)[1234]
        let slot = try #require(table.lookup(keyBytes: key, hash: Hashing.hashBytes(key)))
        table.storeSlot(Int64(-1), slot: slot)
        let capture = table.captureChunks()
        #expect(capture.blocks.count == 1)
        #expect(capture.blocks[0].kind == .chunkPatch)
        #expect(capture.blocks[0].id == slot / 4096)
        #expect(capture.blocks[0].bytes.count <= 4 + 8 + 64)
    }

    @Test("after 1 % of random keys changed, an incremental snapshot is under 5 % of a full one")
    func incrementalAfterOnePercent() throws {
        let dir = TestDirectory()
        var rng = SeededGenerator(seed: 9)
        let table = try StateFixtures.filledTable(20_000, chunkSize: 65536)
        let full = table.captureChunks(full: true)
        try full.write(to: dir.file("0.snap"))
        let keys = StateFixtures.keys(20_000)
        for _ in 0..<200 {
            let key = keys[Int.random(in: 0..<keys.count, using: &rng)]
            table.storeSlot(Int64(77), slot: try table.findOrInsert(keyBytes: key, hash: Hashing.hashBytes(key)), field: 8)
        }
        let incremental = table.captureChunks()
        #expect(incremental.rawByteCount * 20 < full.rawByteCount, "\(incremental.rawByteCount) of \(full.rawByteCount) bytes")
        #expect(incremental.blocks.allSatisfy { $0.kind == .chunkPatch })
        try incremental.write(to: dir.file("1.snap"))
        #expect(StateFixtures.contents(try StateTable.restore(chain: [dir.file("0.snap"), dir.file("1.snap")])) == StateFixtures.contents(table))
    }

    @Test("a chain without its middle file names the missing chunk")
    func missingFile() throws {
        let dir = TestDirectory()
        let table = try StateFixtures.filledTable(100)
        try table.captureChunks(full: true).write(to: dir.file("0.snap"))
        let chunksInFull = table.entries.chunkCount
        for key in StateFixtures.keys(2000).dropFirst(100) {   // grows the arenas
            _ = try table.findOrInsert(keyBytes: key, hash: Hashing.hashBytes(key))
        }
        try table.captureChunks().write(to: dir.file("1.snap"))
        let slot = try #require(table.lookup(keyBytes: StateFixtures.keys(1)[0], hash: Hashing.hashBytes(StateFixtures.keys(1)[0])))
        table.storeSlot(Int64(9), slot: slot)
        try table.captureChunks().write(to: dir.file("2.snap"))
        let error = caughtError { try StateTable.restore(chain: [dir.file("0.snap"), dir.file("2.snap")]) }
        #expect(error?.code == .corruptState)
        #expect(error?.message.hasPrefix("chunk \(chunksInFull) of the entries arena is in no file of the snapshot chain (\(dir.file("0.snap")), \(dir.file("2.snap")))") == true)
        let notFull = caughtError { try StateTable.restore(chain: [dir.file("1.snap")]) }
        #expect(notFull?.message == "snapshot chain must start with a full snapshot, but '\(dir.file("1.snap"))' is incremental")
    }
}
