import Foundation
import Testing
@testable import SluiceStorage
import SluiceColumnar

@Suite("Keyed state primitives")
struct StatePrimitivesTests {
    @Test("value state holds one value per key and namespace")
    func valueStatePerKeyAndNamespace() throws {
        let backend = try KeyedStateBackend(chunkSize: 4096)
        let state = try backend.valueState("sum", of: Int64.self)
        for k in 0..<500 {
            try backend.setCurrentKey(Int64(k))
            #expect(try state.value() == nil)
            try state.update(Int64(k * 10))
            backend.setCurrentNamespace(7)
            try state.update(Int64(k * 10 + 7))
            backend.clearCurrentNamespace()
        }
        for k in 0..<500 {
            try backend.setCurrentKey(Int64(k))
            #expect(try state.value() == Int64(k * 10))
            backend.setCurrentNamespace(7)
            #expect(try state.value() == Int64(k * 10 + 7))
            backend.setCurrentNamespace(8)
            #expect(try state.value() == nil)
            backend.clearCurrentNamespace()
        }
        try backend.setCurrentKey(Int64(3))
        try state.clear()
        #expect(try state.value() == nil)
        backend.setCurrentNamespace(7)
        #expect(try state.value() == 37)
    }

    @Test("value state of strings and custom (Codable) values lives in the value arena")
    func variableValues() throws {
        struct Profile: Codable, Equatable { var name: String; var visits: Int }
        let backend = try KeyedStateBackend(chunkSize: 4096)
        let names = try backend.valueState("name", serializer: .string)
        let profiles = try backend.valueState("profile", serializer: StateSerializer<Profile>.custom(
            encode: { value in Array(try! JSONEncoder().encode(value)) },
            decode: { bytes in try! JSONDecoder().decode(Profile.self, from: Data(bytes)) }))
        for k in 0..<200 {
            try backend.setCurrentKey("user-\(k)")
            try names.update(String(repeating: "x", count: k))
            try profiles.update(Profile(name: "p\(k)", visits: k))
        }
        for k in stride(from: 0, to: 200, by: 3) {
            try backend.setCurrentKey("user-\(k)")
            try names.update("short")   // shrinking rewrites in place
        }
        for k in 0..<200 {
            try backend.setCurrentKey("user-\(k)")
            #expect(try names.value() == (k % 3 == 0 ? "short" : String(repeating: "x", count: k)))
            #expect(try profiles.value() == Profile(name: "p\(k)", visits: k))
        }
        try backend.setCurrentKey("user-5")
        try names.clear()
        #expect(try names.value() == nil)
    }

    @Test("map state: put, get, remove, contains, entries, clear per key")
    func mapState() throws {
        let backend = try KeyedStateBackend(chunkSize: 4096)
        let map = try backend.mapState("m", keyType: Int64.self, valueType: Double.self)
        for k in 0..<50 {
            try backend.setCurrentKey(Int64(k))
            for u in 0..<k % 7 { try map.put(Int64(u), Double(k) + Double(u) / 10) }
        }
        for k in 0..<50 {
            try backend.setCurrentKey(Int64(k))
            let entries = try map.entries().sorted { $0.key < $1.key }
            #expect(entries.map(\.key) == (0..<Int64(k % 7)).map { $0 })
            #expect(entries.map(\.value) == (0..<k % 7).map { Double(k) + Double($0) / 10 })
            #expect(try map.isEmpty() == (k % 7 == 0))
            #expect(try map.get(99) == nil)
        }
        try backend.setCurrentKey(Int64(6))
        #expect(try map.remove(3))
        #expect(try !map.remove(3))
        #expect(try !map.contains(3))
        #expect(try map.contains(4))
        try map.clear()
        #expect(try map.isEmpty())
        try backend.setCurrentKey(Int64(13))
        #expect(try map.keys().sorted() == [0, 1, 2, 3, 4, 5])
        backend.setCurrentNamespace([1, 2, 3])
        #expect(try map.isEmpty())
    }

    @Test("map state with string keys and byte values")
    func mapStateVariable() throws {
        let backend = try KeyedStateBackend(chunkSize: 4096)
        let map = try backend.mapState("tags", keySerializer: .string, valueSerializer: .bytes)
        try backend.setCurrentKey("a")
        try map.put("red", [1, 2, 3])
        try map.put("a much longer tag name than sixteen bytes", Array(repeating: 9, count: 100))
        try map.put("red", [4])
        #expect(try map.get("red") == [4])
        #expect(try map.get("a much longer tag name than sixteen bytes") == Array(repeating: 9, count: 100))
        try backend.setCurrentKey("b")
        #expect(try map.get("red") == nil)
    }

    @Test("list state appends, replaces and clears; elements of any size")
    func listState() throws {
        let backend = try KeyedStateBackend(chunkSize: 4096)
        let ints = try backend.listState("ints", of: Int32.self)
        let words = try backend.listState("words", serializer: .string)
        for k in 0..<100 {
            try backend.setCurrentKey(Int64(k))
            for i in 0..<k { try ints.add(Int32(i)) }
            try words.addAll(["k\(k)", String(repeating: "w", count: k)])
        }
        for k in 0..<100 {
            try backend.setCurrentKey(Int64(k))
            #expect(try ints.get() == (0..<Int32(k)).map { $0 })
            #expect(try words.get() == ["k\(k)", String(repeating: "w", count: k)])
        }
        try backend.setCurrentKey(Int64(50))
        try ints.update([7, 8])
        #expect(try ints.get() == [7, 8])
        try ints.clear()
        #expect(try ints.get().isEmpty)
        try ints.add(1)
        #expect(try ints.get() == [1])
    }

    @Test("aggregating state: COUNT, SUM, MIN, MAX, AVG over BIGINT and DOUBLE")
    func aggregatingState() throws {
        let backend = try KeyedStateBackend(chunkSize: 4096)
        var states: [AggregatingState] = []
        for f in AggregatingState.Function.allCases {
            states.append(try backend.aggregatingState("i-\(f)", function: f))
            states.append(try backend.aggregatingState("d-\(f)", function: f, inputType: .double))
        }
        let values: [Int64] = [5, -3, 12, 7]
        try backend.setCurrentKey("k")
        for s in states { #expect(try s.result() == (s.function == .count ? .int(0) : .null)) }
        for v in values { for s in states { try s.add(v) } }
        let expected: [Value] = [.int(4), .int(4), .int(21), .float(21), .int(-3), .float(-3), .int(12), .float(12), .float(5.25), .float(5.25)]
        #expect(try states.map { try $0.result() } == expected)
        #expect(throws: SluiceError.self) { try states[0].add(1.5) }
        try backend.setCurrentKey("other")
        #expect(try states[2].result() == .null)
        let sum = states[2]
        try sum.add(Int64.max)
        let error = caughtError { try sum.add(1) }
        #expect(error?.code == .execution)
        #expect(error?.message.contains("overflowed") == true)
    }

    @Test("enumerates the keys and namespaces of a key group")
    func enumerateKeyGroup() throws {
        let backend = try KeyedStateBackend(maxParallelism: 8, chunkSize: 4096)
        let state = try backend.valueState("v", of: Int64.self)
        let map = try backend.mapState("m", keyType: Int32.self, valueType: Int32.self)
        var expected: [Int: Set<StateKey>] = [:]
        for k in 0..<100 {
            try backend.setCurrentKey(Int64(k))
            backend.setCurrentNamespace(Int64(k % 3))
            try state.update(1)
            try map.put(1, 1)
            try map.put(2, 2)
            let group = KeyGroups.keyGroup(hash: Hashing.hashInt(Int64(k)), maxParallelism: 8)
            #expect(backend.currentKeyGroup == group)
            expected[group, default: []].insert(StateKey(key: StateKeyLayout.keyBytes(Int64(k)),
                                                         namespace: StateKeyLayout.namespaceBytes(Int64(k % 3))))
        }
        for group in 0..<8 {
            #expect(Set(state.keys(inKeyGroup: group)) == expected[group, default: []])
            #expect(Set(map.keys(inKeyGroup: group)) == expected[group, default: []])
        }
        state.clearAll()
        #expect((0..<8).allSatisfy { state.keys(inKeyGroup: $0).isEmpty })
    }

    @Test("errors: no current key, wrong key group, re-registering another kind")
    func errors() throws {
        let backend = try KeyedStateBackend(subtask: 0, parallelism: 2, maxParallelism: 4)
        let state = try backend.valueState("v", of: Int64.self)
        let noKey = caughtError { try state.value() }
        #expect(noKey?.message.contains("before a current key was set") == true)
        let foreign = (0..<100).first { KeyGroups.keyGroup(hash: Hashing.hashInt(Int64($0)), maxParallelism: 4) >= 2 }!
        let wrong = caughtError { try backend.setCurrentKey(Int64(foreign)) }
        #expect(wrong?.code == .internal)
        #expect(wrong?.message.contains("routed to the wrong subtask") == true)
        let kind = caughtError { try backend.listState("v", of: Int64.self) }
        #expect(kind?.message.contains("already registered") == true)
        let ttl = caughtError { try backend.valueState("t", of: Int64.self, ttl: StateTTLConfig(timeToLiveMillis: 0)) }
        #expect(ttl?.message.contains("must be positive") == true)
        #expect(try backend.valueState("v", of: Int64.self).name == "v")
    }
}

@Suite("State key layout")
struct StateKeyLayoutTests {
    @Test("entry hashes keep the key's key group and split back into key and namespace")
    func entryHashKeepsKeyGroup() {
        var rng = SeededGenerator(seed: 11)
        for maxParallelism in [1, 7, 128, 32_768] {
            for _ in 0..<2_000 {
                let keyHash = rng.next(), extra = rng.next()
                let h = StateKeyLayout.entryHash(keyHash: keyHash, mixing: extra, maxParallelism: maxParallelism)
                #expect(h % UInt64(maxParallelism) == keyHash % UInt64(maxParallelism))
            }
        }
        let entry: [UInt8] = [1, 2, 3, 9, 9, 2, 0, 0, 0]
        let parts = StateKeyLayout.split(entry)
        #expect(parts?.key == [1, 2, 3])
        #expect(parts?.namespace == [9, 9])
        #expect(StateKeyLayout.split([1, 2])?.key == nil)
        #expect(StateKeyLayout.split([0, 9, 0, 0, 0])?.key == nil)
    }
}
