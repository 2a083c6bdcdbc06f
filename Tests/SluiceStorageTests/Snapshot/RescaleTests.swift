import Testing
@testable import SluiceStorage
import SluiceColumnar

@Suite("Restore at another parallelism")
struct RescaleTests {
    static let maxParallelism = 128

    static func ranges(_ parallelism: Int) throws -> [ClosedRange<Int>] {
        try (0..<parallelism).map { try KeyGroups.keyGroupRange(subtask: $0, maxParallelism: maxParallelism, parallelism: parallelism) }
    }

    /// Writes a key-group snapshot per table and restores them into `parallelism` subtasks.
    static func rescale(_ tables: [StateTable], to parallelism: Int, in dir: TestDirectory, step: String) throws -> [StateTable] {
        var paths: [String] = []
        for (i, table) in tables.enumerated() {
            let path = dir.file("\(step)-\(i).snap")
            try table.captureKeyGroups().write(to: path)
            paths.append(path)
        }
        return try ranges(parallelism).map { try StateTable.restore(keyGroupSnapshots: paths, keyGroupRange: $0, chunkSize: 4096) }
    }

    static func check(_ tables: [StateTable], equal original: [[UInt8]: [UInt8]]) {
        var union: [[UInt8]: [UInt8]] = [:]
        for table in tables {
            for (key, slot) in StateFixtures.contents(table) {
                #expect(table.keyGroupRange.contains(KeyGroups.keyGroup(hash: Hashing.hashBytes(key), maxParallelism: maxParallelism)))
                #expect(union.updateValue(slot, forKey: key) == nil, "each key in one subtask only")
            }
        }
        #expect(union == original)
    }

    @Test("1 → 2 → 4 → 2 subtasks through key-group snapshots keeps every entry in its owner")
    func keyGroupSnapshots() throws {
        let dir = TestDirectory()
        let one = try StateFixtures.filledTable(3000)
        let original = StateFixtures.contents(one)
        let two = try Self.rescale([one], to: 2, in: dir, step: "a")
        #expect(two.map(\.keyGroupRange) == [0...63, 64...127])
        Self.check(two, equal: original)
        let four = try Self.rescale(two, to: 4, in: dir, step: "b")
        Self.check(four, equal: original)
        let backToTwo = try Self.rescale(four, to: 2, in: dir, step: "c")
        Self.check(backToTwo, equal: original)
    }

    @Test("reads only the blocks of the new subtask's key groups")
    func readsOnlyOwnGroups() throws {
        let dir = TestDirectory()
        let path = dir.file("all.snap")
        try StateFixtures.filledTable(500).captureKeyGroups().write(to: path)
        let reader = try SnapshotReader(path: path)
        #expect(reader.blocks.count == 128)
        #expect(reader.blocks.map(\.id) == Array(0..<128))
        // Damage a block of key group 100: a subtask owning 0...63 restores fine, one owning 64...127 fails.
        let block = try #require(reader.block(.keyGroup, id: 100))
        try SnapshotCorruptionTests.damage(path) { $0[block.offset + 24] ^= 0xFF }
        _ = try StateTable.restore(keyGroupSnapshots: [path], keyGroupRange: 0...63, chunkSize: 4096)
        let error = caughtError { try StateTable.restore(keyGroupSnapshots: [path], keyGroupRange: 64...127, chunkSize: 4096) }
        #expect(error?.message.hasPrefix("snapshot file '\(path)' is corrupt at byte \(block.offset + 24): checksum mismatch in block key group 100") == true)
    }

    @Test("1 → 2 subtasks from incremental chunk chains")
    func chunkChains() throws {
        let dir = TestDirectory()
        let one = try StateFixtures.filledTable(2000)
        try one.captureChunks(full: true).write(to: dir.file("0.snap"))
        for key in StateFixtures.keys(2500).suffix(500) { _ = try one.findOrInsert(keyBytes: key, hash: Hashing.hashBytes(key)) }
        try one.captureChunks().write(to: dir.file("1.snap"))
        let chain = [dir.file("0.snap"), dir.file("1.snap")]
        let two = try Self.ranges(2).map { try StateTable.restore(chains: [chain], keyGroupRange: $0, chunkSize: 4096) }
        Self.check(two, equal: StateFixtures.contents(one))
    }

    @Test("a missing subtask file names the first key group it held")
    func missingFile() throws {
        let dir = TestDirectory()
        let two = try Self.rescale([try StateFixtures.filledTable(100)], to: 2, in: dir, step: "a")
        try two[0].captureKeyGroups().write(to: dir.file("only-first.snap"))
        let error = caughtError { try StateTable.restore(keyGroupSnapshots: [dir.file("only-first.snap")], keyGroupRange: 0...127) }
        #expect(error?.code == .invalidInput)
        #expect(error?.message == "key group 64 is in none of the snapshot files (\(dir.file("only-first.snap"))); a file of the snapshot is missing")
    }
}
