import Foundation
import Testing
@testable import SluiceStorage
import SluiceColumnar

/// A backend with four kinds of state over `keys` keys, and a reader of all of it per key.
private struct Fixture {
    static func fill(_ backend: KeyedStateBackend, keys: Range<Int>, round: Int = 0) throws {
        let value = try backend.valueState("v", of: Int64.self)
        let text = try backend.valueState("t", serializer: .string)
        let map = try backend.mapState("m", keyType: Int64.self, valueType: Int64.self)
        let list = try backend.listState("l", serializer: .string)
        let agg = try backend.aggregatingState("a", function: .sum)
        for k in keys {
            try backend.setCurrentKey("key-\(k)")
            try value.update(Int64(k * 10 + round))
            try text.update("text \(k) round \(round) " + String(repeating: "z", count: k % 40))
            try map.put(Int64(k % 5), Int64(k + round))
            try list.add("e\(k)-\(round)")
            try agg.add(Int64(k))
            backend.setCurrentNamespace(Int64(round))
            try value.update(Int64(-k))
            backend.clearCurrentNamespace()
        }
    }

    /// Everything stored for each key, as text, for equality checks.
    static func read(_ backend: KeyedStateBackend, keys: Range<Int>) throws -> [String: String] {
        let value = try backend.valueState("v", of: Int64.self)
        let text = try backend.valueState("t", serializer: .string)
        let map = try backend.mapState("m", keyType: Int64.self, valueType: Int64.self)
        let list = try backend.listState("l", serializer: .string)
        let agg = try backend.aggregatingState("a", function: .sum)
        var out: [String: String] = [:]
        for k in keys {
            let key = "key-\(k)"
            let hash = Hashing.hashString(key)
            guard backend.keyGroupRange.contains(KeyGroups.keyGroup(hash: hash, maxParallelism: backend.maxParallelism)) else { continue }
            try backend.setCurrentKey(key)
            var namespaced: [Int64?] = []
            for round in 0..<3 {
                backend.setCurrentNamespace(Int64(round))
                namespaced.append(try value.value())
            }
            backend.clearCurrentNamespace()
            let entries = try map.entries().sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            out[key] = "\(String(describing: try value.value())) \(String(describing: try text.value())) \(entries) \(try list.get()) \(try agg.result()) \(namespaced)"
        }
        return out
    }
}

@Suite("Keyed state backend snapshots")
struct BackendSnapshotTests {
    @Test("snapshot then restore gives the same state, through an incremental chain")
    func roundTripChain() throws {
        let dir = TestDirectory()
        let backend = try KeyedStateBackend(chunkSize: 4096)
        try Fixture.fill(backend, keys: 0..<300)
        let s1 = try backend.snapshot(to: dir.file("s1"))
        try Fixture.fill(backend, keys: 100..<130, round: 1)
        let s2 = try backend.snapshot(to: dir.file("s2"))
        #expect(s2.bytesWritten < s1.bytesWritten)
        try Fixture.fill(backend, keys: 290..<320, round: 2)
        try backend.snapshot(to: dir.file("s3"), codec: .lz4)
        let expected = try Fixture.read(backend, keys: 0..<320)

        let restored = try KeyedStateBackend.restore(chains: [[dir.file("s1"), dir.file("s2"), dir.file("s3")]])
        #expect(Set(restored.stateNames) == ["v", "t", "m", "l", "a"])
        #expect(try Fixture.read(restored, keys: 0..<320) == expected)
        // The restored backend keeps chaining.
        try Fixture.fill(restored, keys: 0..<5, round: 1)
        let after = try Fixture.read(restored, keys: 0..<320)
        try restored.snapshot(to: dir.file("s4"))
        let again = try KeyedStateBackend.restore(chains: [[dir.file("s1"), dir.file("s2"), dir.file("s3"), dir.file("s4")]])
        #expect(try Fixture.read(again, keys: 0..<320) == after)
    }

    @Test("a state registered after the first snapshot starts its own chain with a full capture")
    func lateState() throws {
        let dir = TestDirectory()
        let backend = try KeyedStateBackend(chunkSize: 4096)
        let first = try backend.valueState("first", of: Int64.self)
        try backend.setCurrentKey(Int64(1))
        try first.update(1)
        try backend.snapshot(to: dir.file("s1"))
        let late = try backend.listState("late", of: Int64.self)
        try late.add(42)
        try backend.snapshot(to: dir.file("s2"))
        let restored = try KeyedStateBackend.restore(chains: [[dir.file("s1"), dir.file("s2")]])
        try restored.setCurrentKey(Int64(1))
        #expect(try restored.listState("late", of: Int64.self).get() == [42])
        #expect(try restored.valueState("first", of: Int64.self).value() == 1)
        let wrong = caughtError { try restored.mapState("first", keyType: Int64.self, valueType: Int64.self) }
        #expect(wrong?.message.contains("already registered (or restored)") == true)
    }

    @Test("restore at parallelism 1 → 4 → 2 gives the same state per key")
    func rescale() throws {
        let dir = TestDirectory()
        let keys = 0..<400
        let one = try KeyedStateBackend(maxParallelism: 16, chunkSize: 4096)
        try Fixture.fill(one, keys: keys)
        try Fixture.fill(one, keys: 0..<50, round: 1)
        try one.snapshot(to: dir.file("p1-a"))
        try Fixture.fill(one, keys: 50..<60, round: 2)
        try one.snapshot(to: dir.file("p1-b"))
        let expected = try Fixture.read(one, keys: keys)

        var four: [String: String] = [:]
        for i in 0..<4 {
            let range = try KeyGroups.keyGroupRange(subtask: i, maxParallelism: 16, parallelism: 4)
            let b = try KeyedStateBackend.restore(chains: [[dir.file("p1-a"), dir.file("p1-b")]], keyGroupRange: range)
            let part = try Fixture.read(b, keys: keys)
            four.merge(part) { a, _ in a }
            try b.snapshot(to: dir.file("p4-\(i)"))
        }
        #expect(four == expected)

        var two: [String: String] = [:]
        for i in 0..<2 {
            let range = try KeyGroups.keyGroupRange(subtask: i, maxParallelism: 16, parallelism: 2)
            let b = try KeyedStateBackend.restore(chains: (0..<4).map { [dir.file("p4-\($0)")] }, keyGroupRange: range)
            two.merge(try Fixture.read(b, keys: keys)) { a, _ in a }
        }
        #expect(two == expected)
    }

    @Test("a damaged manifest or a missing snapshot is a clear error")
    func errors() throws {
        let dir = TestDirectory()
        let backend = try KeyedStateBackend(chunkSize: 4096)
        try Fixture.fill(backend, keys: 0..<10)
        try backend.snapshot(to: dir.file("s1"))
        let manifest = dir.file("s1/MANIFEST")
        var bytes = try [UInt8](contentsOf: manifest)
        bytes[12] ^= 0xFF
        try bytes.write(to: manifest)
        let corrupt = caughtError { try KeyedStateBackend.restore(chains: [[dir.file("s1")]]) }
        #expect(corrupt?.code == .corruptState)
        #expect(corrupt?.message.contains("MANIFEST") == true)
        let missing = caughtError { try KeyedStateBackend.restore(chains: [[dir.file("nope")]]) }
        #expect(missing?.code == .io)
        #expect(missing?.message.contains("without a manifest is incomplete") == true)
        #expect(caughtError { try KeyedStateBackend.restore(chains: []) }?.code == .invalidInput)
    }
}

extension Array where Element == UInt8 {
    init(contentsOf path: String) throws {
        self = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func write(to path: String) throws {
        try Data(self).write(to: URL(fileURLWithPath: path))
    }
}
