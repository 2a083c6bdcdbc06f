import Testing
@testable import SluiceStorage
import SluiceColumnar

@Suite("ValueArena")
struct ValueArenaTests {
    @Test("stores values of any size, including ones spanning chunks")
    func roundTrip() throws {
        let values = try ValueArena(arena: MappedArena(chunkSize: 4096))
        let sizes = [0, 1, 7, 8, 9, 100, 4000, 5000, 20_000]
        var handles: [(ValueHandle, [UInt8])] = []
        for size in sizes {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ size) }
            handles.append((try values.allocate(bytes), bytes))
        }
        for (handle, bytes) in handles {
            #expect(values.bytes(of: handle) == bytes)
            #expect(values.length(of: handle) == bytes.count)
            values.withUnsafeBytes(of: handle) { #expect(Array($0) == bytes) }
        }
        #expect(values.count == sizes.count)
    }

    @Test("reuses a freed block for the next value of its size class")
    func reuse() throws {
        let values = try ValueArena(arena: MappedArena(chunkSize: 4096))
        let a = try values.allocate([UInt8](repeating: 1, count: 40))
        _ = try values.allocate([UInt8](repeating: 2, count: 40))
        let used = values.usedBytes
        values.free(a)
        let c = try values.allocate([UInt8](repeating: 3, count: 50))   // same 64-byte class
        #expect(c == a)
        #expect(values.usedBytes == used)
        #expect(values.bytes(of: c) == [UInt8](repeating: 3, count: 50))
        let d = try values.allocate([UInt8](repeating: 4, count: 40))
        #expect(d != a)
        #expect(values.usedBytes > used)
    }

    @Test("random allocations and frees keep every live value and bound the space used")
    func randomChurn() throws {
        var rng = SeededGenerator(seed: 7)
        let values = try ValueArena(arena: MappedArena(chunkSize: 4096))
        var live: [ValueHandle: [UInt8]] = [:]
        var maxLiveBytes = 0
        for step in 0..<4000 {
            if !live.isEmpty && Int.random(in: 0..<3, using: &rng) == 0 {
                let victim = live.keys.randomElement(using: &rng)!
                #expect(values.bytes(of: victim) == live[victim])
                values.free(victim)
                live[victim] = nil
            } else {
                let bytes = (0..<Int.random(in: 0..<300, using: &rng)).map { UInt8(truncatingIfNeeded: $0 ^ step) }
                let handle = try values.allocate(bytes)
                #expect(live[handle] == nil)
                live[handle] = bytes
            }
            maxLiveBytes = max(maxLiveBytes, live.values.reduce(0) { $0 + $1.count + 8 })
        }
        for (handle, bytes) in live { #expect(values.bytes(of: handle) == bytes) }
        #expect(values.count == live.count)
        #expect(values.usedBytes <= 512 + 4 * maxLiveBytes + 64 * 512, "free space is reused")
    }

    @Test("refuses to attach to an arena that holds something else")
    func badMagic() throws {
        let arena = try MappedArena(chunkSize: 4096)
        arena.store(UInt64(0xDEAD), at: 0)
        let error = caughtError { try ValueArena(arena: arena) }
        #expect(error?.code == .corruptState)
        #expect(error?.message == "value arena '\(arena.path)' has magic 0xdead at byte 0, expected 0x3152414c41564c53 (\"SLVALAR1\")")
    }
}
