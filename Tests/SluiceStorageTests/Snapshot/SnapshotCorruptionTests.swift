import Foundation
import Testing
@testable import SluiceStorage
import SluiceColumnar

@Suite("Snapshot corruption")
struct SnapshotCorruptionTests {
    static func damage(_ path: String, _ edit: (inout [UInt8]) -> Void) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        edit(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func snapshot(_ dir: TestDirectory, keys: Int = 1500) throws -> String {
        let path = dir.file("s.snap")
        try StateFixtures.filledTable(keys).captureChunks(full: true).write(to: path)
        return path
    }

    @Test("a flipped byte in a block fails with the file and the payload offset")
    func flippedBlockByte() throws {
        let dir = TestDirectory()
        let path = try Self.snapshot(dir)
        let block = try SnapshotReader(path: path).blocks[1]
        let payloadAt = block.offset + 24
        try Self.damage(path) { $0[payloadAt + block.storedLength / 2] ^= 0x10 }
        let error = caughtError { try StateTable.restore(chain: [path]) }
        #expect(error?.code == .corruptState)
        #expect(error?.context.file == path)
        #expect(error?.message.hasPrefix("snapshot file '\(path)' is corrupt at byte \(payloadAt): checksum mismatch in block chunk \(block.id) of arena \(block.arena): stored 0x") == true)
    }

    @Test("a truncated file fails naming the missing end marker")
    func truncated() throws {
        let dir = TestDirectory()
        let path = try Self.snapshot(dir)
        var size = 0
        try Self.damage(path) { size = $0.count - 100; $0.removeLast(100) }
        let error = caughtError { try SnapshotReader(path: path) }
        #expect(error?.code == .corruptState)
        #expect(error?.message == "snapshot file '\(path)' is corrupt at byte \(size - 8): end marker \"SLUICEND\" missing; the file is truncated or was not completely written")
        try Self.damage(path) { $0.removeLast($0.count - 20) }
        #expect(caughtError { try SnapshotReader(path: path) }?.message == "snapshot file '\(path)' is corrupt at byte 20: the file has 20 bytes, fewer than a header and a trailer (56); it is truncated")
    }

    @Test("a damaged index fails with the index offset")
    func damagedIndex() throws {
        let dir = TestDirectory()
        let path = try Self.snapshot(dir)
        let reader = try SnapshotReader(path: path)
        let indexAt = reader.blocks.last!.offset + 24 + reader.blocks.last!.storedLength
        try Self.damage(path) { $0[indexAt + 30] ^= 0x01 }
        let error = caughtError { try SnapshotReader(path: path) }
        #expect(error?.code == .corruptState)
        #expect(error?.message.hasPrefix("snapshot file '\(path)' is corrupt at byte \(indexAt): index checksum mismatch: stored 0x") == true)
    }

    @Test("a damaged block header fails at the damaged byte")
    func damagedBlockHeader() throws {
        let dir = TestDirectory()
        let path = try Self.snapshot(dir)
        let block = try SnapshotReader(path: path).blocks[0]
        try Self.damage(path) { $0[block.offset + 8] ^= 0x01 }   // the chunk index
        let error = caughtError { try SnapshotReader(path: path).verify() }
        #expect(error?.message == "snapshot file '\(path)' is corrupt at byte \(block.offset + 8): the header of block chunk 0 of arena 0 does not match the index")
    }

    @Test("a flipped bit at any byte of a snapshot file is detected", arguments: [SnapshotCodec.zstd, .none])
    func everyByte(codec: SnapshotCodec) throws {
        let dir = TestDirectory()
        let path = dir.file("small.snap")
        let table = try StateTable(slotWidth: 8, maxParallelism: 4, chunkSize: 4096)
        for key in StateFixtures.keys(20) { table.storeSlot(Int64(key.count), slot: try table.findOrInsert(keyBytes: key, hash: Hashing.hashBytes(key))) }
        try table.captureKeyGroups().write(to: path, codec: codec)
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var undetected: [Int] = []
        let fd = open(path, O_RDWR)
        defer { close(fd) }
        for i in original.indices {
            var flipped = original[i] ^ 0x04
            _ = pwrite(fd, &flipped, 1, off_t(i))
            let error = caughtError { try SnapshotReader(path: path).verify() }
            if error == nil || (error?.code != .corruptState && error?.code != .unsupported) { undetected.append(i) }
            var back = original[i]
            _ = pwrite(fd, &back, 1, off_t(i))
        }
        #expect(undetected == [], "file of \(original.count) bytes")
    }
}
