import Testing
@testable import SluiceStorage
import SluiceColumnar

@Suite("StateTable")
struct StateTableTests {
    @Test("agrees with a Dictionary over random inserts, updates and removes across many chunks")
    func matchesDictionary() throws {
        var rng = SeededGenerator(seed: 42)
        let table = try StateTable(slotWidth: 8, chunkSize: 4096)
        var reference: [[UInt8]: Int64] = [:]
        for _ in 0..<20_000 {
            let id = Int.random(in: 0..<3000, using: &rng)
            let key = StateFixtures.key(id, length: id % 41)   // 0…40 bytes: inline and long keys
            let hash = Hashing.hashBytes(key)
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<6:
                let slot = try table.findOrInsert(keyBytes: key, hash: hash)
                let value = table.loadSlot(Int64.self, slot: slot) + 1
                table.storeSlot(value, slot: slot)
                reference[key, default: 0] += 1
                #expect(value == reference[key])
            case 6..<8:
                #expect(table.remove(keyBytes: key, hash: hash) == (reference.removeValue(forKey: key) != nil))
            default:
                #expect(table.lookup(keyBytes: key, hash: hash).map { table.loadSlot(Int64.self, slot: $0) } == reference[key])
            }
        }
        #expect(table.count == reference.count)
        #expect(table.entries.chunkCount > 4)
        for (key, value) in reference {
            let slot = try #require(table.lookup(keyBytes: key, hash: Hashing.hashBytes(key)))
            #expect(table.loadSlot(Int64.self, slot: slot) == value)
            #expect(table.key(ofSlot: slot) == key)
        }
        #expect(StateFixtures.contents(table).mapValues { $0.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) } } == reference)
    }

    @Test("keys with colliding hashes are told apart by their bytes, also after removes")
    func collidingHashes() throws {
        let table = try StateTable(slotWidth: 8, chunkSize: 4096)
        let keys = StateFixtures.keys(400)
        func hash(_ i: Int) -> UInt64 { Hashing.fmix64(UInt64(i % 4)) }   // 4 hashes for 400 keys
        for (i, key) in keys.enumerated() { table.storeSlot(Int64(i), slot: try table.findOrInsert(keyBytes: key, hash: hash(i))) }
        for (i, key) in keys.enumerated() where i % 2 == 0 { #expect(table.remove(keyBytes: key, hash: hash(i))) }
        #expect(table.count == 200)
        for (i, key) in keys.enumerated() {
            let slot = table.lookup(keyBytes: key, hash: hash(i))
            #expect(slot.map { table.loadSlot(Int64.self, slot: $0) } == (i % 2 == 0 ? nil : Int64(i)))
        }
    }

    @Test("zeroes the slot of a new key, also when it reuses a removed entry")
    func freshSlotsAreZero() throws {
        let table = try StateTable(slotWidth: 24, chunkSize: 4096)
        let a: [UInt8] = [1, 2, 3]
        let slot = try table.findOrInsert(keyBytes: a, hash: Hashing.hashBytes(a))
        table.writeSlot([UInt8](repeating: 0xFF, count: 24), slot: slot)
        table.remove(keyBytes: a, hash: Hashing.hashBytes(a))
        let b: [UInt8] = [4, 5]
        let reused = try table.findOrInsert(keyBytes: b, hash: Hashing.hashBytes(b))
        #expect(reused == slot)
        #expect(table.slotBytes(reused) == [UInt8](repeating: 0, count: 24))
    }

    @Test("the batch variant returns the same slots as one-by-one calls")
    func batchFindOrInsert() throws {
        let table = try StateTable(slotWidth: 8, chunkSize: 4096)
        let keys = (0..<2000).map { StateFixtures.key($0 % 700, length: 8 + $0 % 700 % 20) }
        var starts = [0], bytes: [UInt8] = []
        for key in keys { bytes += key; starts.append(bytes.count) }
        let slots = try table.findOrInsert(hashes: keys.map { Hashing.hashBytes($0) }, keyStarts: starts, keyBytes: bytes)
        #expect(table.count == 700)
        for (i, key) in keys.enumerated() {
            #expect(try table.findOrInsert(keyBytes: key, hash: Hashing.hashBytes(key)) == slots[i])
        }
        slots.withUnsafeBufferPointer { offsets in
            table.withUnsafeMutableSlots(offsets) { base in
                for s in offsets { base.storeBytes(of: base.load(fromByteOffset: s, as: Int64.self) + 1, toByteOffset: s, as: Int64.self) }
            }
        }
        for (i, key) in keys.prefix(700).enumerated() {
            let expected = Int64(keys.count / 700 + (i < keys.count % 700 ? 1 : 0))
            #expect(table.loadSlot(Int64.self, slot: slots[i]) == expected, "key \(key)")
        }
    }

    @Test("slot writes mark their chunk dirty")
    func slotWritesAreTracked() throws {
        let table = try StateTable(slotWidth: 8, chunkSize: 4096)
        var slots: [Int] = []
        for key in StateFixtures.keys(500) { slots.append(try table.findOrInsert(keyBytes: key, hash: Hashing.hashBytes(key))) }
        _ = table.captureChunks()
        #expect(table.entries.dirtyChunkCount == 0)
        table.storeSlot(Int64(5), slot: slots[400])
        #expect(table.entries.takeDirtyChunks() == [slots[400] / 4096])
        [slots[0], slots[499]].withUnsafeBufferPointer { table.withUnsafeMutableSlots($0) { _ in } }
        #expect(table.entries.takeDirtyChunks() == Array(Set([slots[0] / 4096, slots[499] / 4096])).sorted())
    }

    @Test("enumerating every key group visits each entry exactly once, in its own group")
    func keyGroupEnumeration() throws {
        let table = try StateFixtures.filledTable(3000)
        for key in StateFixtures.keys(3000).filter({ $0.count % 3 == 0 }) { table.remove(keyBytes: key, hash: Hashing.hashBytes(key)) }
        var seen: [[UInt8]: Int] = [:]
        for group in 0..<table.maxParallelism {
            let entries = table.entries(inKeyGroup: group)
            #expect(entries.count == table.count(inKeyGroup: group))
            for entry in entries {
                #expect(entry.keyGroup == group)
                #expect(KeyGroups.keyGroup(hash: Hashing.hashBytes(entry.key), maxParallelism: 128) == group)
                seen[entry.key, default: 0] += 1
            }
        }
        #expect(seen.count == table.count)
        #expect(seen.values.allSatisfy { $0 == 1 })
        #expect(Set(seen.keys) == Set(StateFixtures.keys(3000).filter { $0.count % 3 != 0 }))
    }

    @Test("a key of another subtask's key group is an internal error naming the groups")
    func foreignKeyGroup() throws {
        let table = try StateTable(slotWidth: 8, maxParallelism: 128, keyGroupRange: 0...63, chunkSize: 4096)
        let hash: UInt64 = 100   // key group 100
        let error = caughtError { try table.findOrInsert(keyBytes: [1], hash: hash) }
        #expect(error?.code == .internal)
        #expect(error?.message == "key with hash 0x64 belongs to key group 100, but this state table holds key groups 0...63 (max parallelism 128); the key was routed to the wrong subtask")
        #expect(table.lookup(keyBytes: [1], hash: hash) == nil)
        #expect(table.remove(keyBytes: [1], hash: hash) == false)
    }
}
