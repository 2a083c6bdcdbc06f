import Testing
@testable import SluiceStorage
import SluiceColumnar

@Suite("State TTL on a manual clock")
struct StateTTLTests {
    @Test("an entry expires after its TTL and is never returned again")
    func expiresOnCreateAndWrite() throws {
        let clock = StateClock.manual(start: 1_000)
        let backend = try KeyedStateBackend(clock: clock, chunkSize: 4096)
        let state = try backend.valueState("v", of: Int64.self, ttl: StateTTLConfig(timeToLiveMillis: 100))
        try backend.setCurrentKey("a")
        try state.update(1)
        try clock.advanceProcessingTime(to: 1_099)
        #expect(try state.value() == 1)          // reading does not refresh under onCreateAndWrite
        try clock.advanceProcessingTime(to: 1_100)
        #expect(try state.value() == nil)
        try state.update(2)                      // a write starts a new life
        try clock.advanceProcessingTime(to: 1_150)
        try state.update(3)
        try clock.advanceProcessingTime(to: 1_249)
        #expect(try state.value() == 3)
    }

    @Test("onReadAndWrite: reads refresh the expiry")
    func readRefreshes() throws {
        let clock = StateClock.manual()
        let backend = try KeyedStateBackend(clock: clock, chunkSize: 4096)
        let list = try backend.listState("l", of: Int64.self,
                                         ttl: StateTTLConfig(timeToLiveMillis: 10, updateType: .onReadAndWrite))
        try backend.setCurrentKey(Int64(1))
        try list.add(5)
        for t in stride(from: Int64(5), through: 50, by: 5) {
            try clock.advanceProcessingTime(to: t)
            #expect(try list.get() == [5])
        }
        try clock.advanceProcessingTime(by: 10)
        #expect(try list.get().isEmpty)
    }

    @Test("event-time TTL follows the watermark")
    func eventTime() throws {
        let backend = try KeyedStateBackend(clock: .manual(), chunkSize: 4096)
        let map = try backend.mapState("m", keyType: Int64.self, valueType: Int64.self,
                                       ttl: StateTTLConfig(timeToLiveMillis: 60, timeCharacteristic: .eventTime))
        backend.clock.eventTime = 0
        try backend.setCurrentKey(Int64(9))
        try map.put(1, 10)
        backend.clock.eventTime = 30
        try map.put(2, 20)
        backend.clock.eventTime = 60
        #expect(try map.get(1) == nil)
        #expect(try map.get(2) == 20)
        #expect(try map.entries().map(\.key) == [2])
    }

    @Test("expired entries are cleaned incrementally, a bounded number per access")
    func incrementalCleanup() throws {
        let clock = StateClock.manual()
        let backend = try KeyedStateBackend(clock: clock, chunkSize: 4096)
        let state = try backend.valueState("v", of: Int64.self,
                                           ttl: StateTTLConfig(timeToLiveMillis: 5, cleanupPerAccess: 3))
        for k in 0..<100 {
            try backend.setCurrentKey(Int64(k))
            try state.update(Int64(k))
        }
        #expect(state.store.table.count == 100)
        try clock.advanceProcessingTime(to: 10)
        try backend.setCurrentKey(Int64(1_000))
        _ = try state.value()
        #expect(state.store.table.count == 97)     // three examined, all expired
        for _ in 0..<40 { _ = try state.value() }
        #expect(state.store.table.count == 0)
    }

    @Test("a snapshot removes every expired entry first")
    func cleanupAtSnapshot() throws {
        let dir = TestDirectory()
        let clock = StateClock.manual()
        let backend = try KeyedStateBackend(clock: clock, chunkSize: 4096)
        let state = try backend.valueState("v", serializer: .string, ttl: StateTTLConfig(timeToLiveMillis: 5, cleanupPerAccess: 0))
        for k in 0..<50 {
            if k == 25 { try clock.advanceProcessingTime(to: 3) }
            try backend.setCurrentKey(Int64(k))
            try state.update("value \(k) long enough for the arena")
        }
        try clock.advanceProcessingTime(to: 6)
        let snapshot = try backend.snapshot(to: dir.file("s1"))
        #expect(snapshot.expiredRemoved == 25)
        #expect(state.store.table.count == 25)
        #expect(state.store.table.values.count == 25)
    }
}
