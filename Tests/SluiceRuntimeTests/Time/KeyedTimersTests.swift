import Testing
import SluiceColumnar
@testable import SluiceRuntime

@Suite("Keyed timers")
struct KeyedTimersTests {
    func key(_ s: String) -> [UInt8] { TimerKeyCodec.encode([.string(s)]) }

    func drain(_ t: inout KeyedTimers, through now: Int64) -> [String] {
        var out: [String] = []
        while let f = t.popDue(through: now) {
            out.append("\(f.timestamp):\(try! TimerKeyCodec.decode(f.key)[0]):\(f.namespace)")
        }
        return out
    }

    @Test("timers fire in timestamp order, once per (time, key, namespace), only when due")
    func orderAndDedup() {
        var t = KeyedTimers()
        let added = [t.register(time: 30, key: key("a")), t.register(time: 10, key: key("b")),
                     t.register(time: 10, key: key("b")),              // duplicate
                     t.register(time: 10, key: key("b"), namespace: 7), // another window
                     t.register(time: 20, key: key("a"))]
        #expect(added == [true, true, false, true, true])
        #expect(t.count == 4)
        #expect(t.nextTime == 10)
        let early = drain(&t, through: 9), due = drain(&t, through: 20), rest = drain(&t, through: .max)
        #expect(early.isEmpty)
        #expect(due == ["10:b:0", "10:b:7", "20:a:0"])
        #expect(rest == ["30:a:0"])
        #expect(t.count == 0 && t.nextTime == nil)
    }

    @Test("deleted timers never fire and their slots are reused")
    func delete() {
        var t = KeyedTimers()
        t.register(time: 5, key: key("a"))
        t.register(time: 6, key: key("b"))
        let deleted = [t.delete(time: 5, key: key("a")), t.delete(time: 5, key: key("a"))]
        #expect(deleted == [true, false])
        t.register(time: 5, key: key("c"))   // reuses a's slot at the same time
        let fired = drain(&t, through: 10)
        #expect(fired == ["5:c:0", "6:b:0"])
    }

    @Test("many timers against a sorted reference; the key arena compacts")
    func randomized() {
        var t = KeyedTimers()
        var reference = Set<String>()
        var rng: UInt64 = 42
        func next() -> UInt64 { rng = rng &* 6364136223846793005 &+ 1442695040888963407; return rng >> 33 }
        for _ in 0..<5_000 {
            let time = Int64(next() % 1_000), k = "k\(next() % 50)"
            if next() % 4 == 0 {
                if t.delete(time: time, key: key(k)) { reference.remove("\(time):\(k):0") }
            } else if t.register(time: time, key: key(k)) {
                reference.insert("\(time):\(k):0")
            }
        }
        #expect(t.count == reference.count)
        let fired = drain(&t, through: .max)
        #expect(Set(fired) == reference)
        let times = fired.map { Int64($0.split(separator: ":")[0])! }
        #expect(times == times.sorted())
    }

    @Test("a snapshot restores the same timers; bad bytes fail as corrupt state")
    func snapshot() throws {
        var t = KeyedTimers()
        t.register(time: 3, key: TimerKeyCodec.encode([.int(1), .string("x"), .null]), keyGroup: 17, namespace: 9)
        t.register(time: -4, key: key("b"))
        let restored = try KeyedTimers(snapshot: t.snapshot())
        #expect(restored.all == t.all)
        #expect(restored.all.first?.timestamp == -4)
        #expect(throws: SluiceError.self) { try KeyedTimers(snapshot: [1, 2, 3]) }
        var bytes = t.snapshot()
        bytes.removeLast()
        do {
            _ = try KeyedTimers(snapshot: bytes)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .corruptState)
            #expect(error.message.contains("timer snapshot ends early"))
        }
    }

    @Test("timer keys round-trip through bytes for every value kind")
    func keyCodec() throws {
        let values: [Value] = [.null, .boolean(true), .int(-3), .float(1.5), .decimal(-12345, scale: 2), .string("héllo"),
                               .binary([0, 255]), .date(-1), .time(1000), .timestamp(42), .intervalDayTime(5),
                               .intervalYearMonth(14), .row([.int(1), .string("a")])]
        #expect(try TimerKeyCodec.decode(TimerKeyCodec.encode(values)) == values)
        #expect(throws: SluiceError.self) { try TimerKeyCodec.decode([99]) }
    }

    @Test("the timer service fires event time on watermarks and processing time on a manual clock")
    func service() throws {
        let clock = ManualClock(100)
        let service = TimerService(clock: clock)
        var fired: [String] = []
        service.registerEventTimeTimer(50, key: key("a"))
        service.registerProcessingTimeTimer(150, key: key("p"))
        try service.advanceWatermark(to: 49) { fired.append("e\($0.timestamp)") }
        try service.fireProcessingTimers { fired.append("p\($0.timestamp)") }
        #expect(fired.isEmpty)
        clock.advance(by: 50)
        try service.fireProcessingTimers { fired.append("p\($0.timestamp)") }
        try service.advanceWatermark(to: 50) { (t: FiredTimer) throws(SluiceError) in
            fired.append("e\(t.timestamp)")
            if t.key == key("a") { service.registerEventTimeTimer(50, key: key("again")) }   // already due: fires in this call
        }
        try service.advanceWatermark(to: 10) { _ in fired.append("backwards") }
        #expect(fired == ["p150", "e50", "e50"])
        #expect(service.currentWatermark == 50)
    }
}
