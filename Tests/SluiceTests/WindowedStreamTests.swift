import Testing
import Sluice

/// Windows through the DataStream API, as a user writes them (`import Sluice` only).
@Suite("DataStream windows")
struct WindowedStreamTests {
    struct Click: Codable, Sendable { var user: String; var ts: Int64; var amount: Int64 }
    struct Total: Codable, Equatable { var user: String; var window_start: Int64; var window_end: Int64; var clicks: Int64; var total: Int64 }

    static let s: Int64 = 1_000_000
    /// Out of order within 3 s.
    static let clicks: [Click] = [
        Click(user: "ann", ts: 1 * s, amount: 1), Click(user: "bob", ts: 4 * s, amount: 10), Click(user: "ann", ts: 12 * s, amount: 2),
        Click(user: "ann", ts: 9 * s, amount: 4), Click(user: "bob", ts: 13 * s, amount: 20), Click(user: "bob", ts: 11 * s, amount: 40),
        Click(user: "ann", ts: 30 * s, amount: 8),
    ]

    func run(_ window: WindowSpec, parallelism: Int, lateness: Duration = .zero, late: LateDataOutput? = nil,
             clicks: [Click] = WindowedStreamTests.clicks) throws -> [Total] {
        let env = StreamEnvironment(parallelism: parallelism, mode: .streaming, workers: 2)
        var windowed = try env.fromValues(clicks, batchSize: 2)
            .assignTimestampsAndWatermarks(.boundedOutOfOrderness(3 * Self.s, column: "ts"))
            .keyBy("user")
            .window(window)
            .allowedLateness(lateness)
        if let late { windowed = windowed.sideOutputLateData(late) }
        let result = try windowed.aggregate(.count().as("clicks"), .sum("amount").as("total")).collect()
        try env.execute(timeoutSeconds: 60)
        return try result.decode(Total.self).sorted { ($0.user, $0.window_start, $0.total) < ($1.user, $1.window_start, $1.total) }
    }

    @Test("tumbling windows of an out-of-order stream, same rows at parallelism 1, 2 and 4", arguments: [1, 2, 4])
    func tumble(parallelism: Int) throws {
        let rows = try run(.tumble(size: .seconds(10)), parallelism: parallelism)
        #expect(rows == [
            Total(user: "ann", window_start: 0, window_end: 10 * Self.s, clicks: 2, total: 5),
            Total(user: "ann", window_start: 10 * Self.s, window_end: 20 * Self.s, clicks: 1, total: 2),
            Total(user: "ann", window_start: 30 * Self.s, window_end: 40 * Self.s, clicks: 1, total: 8),
            Total(user: "bob", window_start: 0, window_end: 10 * Self.s, clicks: 1, total: 10),
            Total(user: "bob", window_start: 10 * Self.s, window_end: 20 * Self.s, clicks: 2, total: 60),
        ])
    }

    @Test("hop and cumulate windows", arguments: [1, 2])
    func hopAndCumulate(parallelism: Int) throws {
        let hop = try run(.hop(size: .seconds(20), slide: .seconds(10)), parallelism: parallelism)
        #expect(hop.filter { $0.user == "bob" }.map(\.total) == [10, 70, 60])
        let cumulate = try run(.cumulate(size: .seconds(20), step: .seconds(10)), parallelism: parallelism)
        #expect(cumulate.filter { $0.user == "ann" }.map(\.total) == [5, 7, 8])   // [20, 30) is empty
    }

    @Test("session windows merge clicks less than the gap apart", arguments: [1, 2, 4])
    func session(parallelism: Int) throws {
        let rows = try run(.session(gap: .seconds(5)), parallelism: parallelism)
        #expect(rows == [
            Total(user: "ann", window_start: 1 * Self.s, window_end: 6 * Self.s, clicks: 1, total: 1),
            Total(user: "ann", window_start: 9 * Self.s, window_end: 17 * Self.s, clicks: 2, total: 6),
            Total(user: "ann", window_start: 30 * Self.s, window_end: 35 * Self.s, clicks: 1, total: 8),
            Total(user: "bob", window_start: 4 * Self.s, window_end: 9 * Self.s, clicks: 1, total: 10),
            Total(user: "bob", window_start: 11 * Self.s, window_end: 18 * Self.s, clicks: 2, total: 60),
        ])
    }

    @Test("allowed lateness re-emits an updated window; later rows reach the late-data output")
    func lateness() throws {
        let late = LateDataOutput()
        let stream = [Click(user: "ann", ts: 1 * Self.s, amount: 1), Click(user: "ann", ts: 14 * Self.s, amount: 2),
                      Click(user: "ann", ts: 2 * Self.s, amount: 4),      // window [0, 10) fired at 13 s - 1: within 5 s lateness
                      Click(user: "ann", ts: 30 * Self.s, amount: 8),
                      Click(user: "ann", ts: 3 * Self.s, amount: 16)]     // beyond the lateness: late output
        let rows = try run(.tumble(size: .seconds(10)), parallelism: 1, lateness: .seconds(5), late: late, clicks: stream)
        #expect(rows.filter { $0.window_start == 0 }.map(\.total) == [1, 5])
        #expect(late.rows().map { $0[2] } == [.int(16)])
    }

    @Test("a window without an event-time column says how to get one")
    func noEventTime() throws {
        let env = StreamEnvironment(parallelism: 1, mode: .streaming, workers: 2)
        let keyed = try env.fromValues(Self.clicks).keyBy("user")
        #expect(throws: SluiceError.self) { try keyed.window(.tumble(size: .seconds(10))) }
        do {
            _ = try keyed.window(.session(gap: .seconds(1)))
        } catch {
            #expect(error.message.contains("call assignTimestampsAndWatermarks(…) before keyBy, or pass timeColumn:"))
        }
    }
}

@Suite("DataStream keyed process with timers")
struct KeyedProcessStreamTests {
    @Test("per key, a timer 5 s after each click reports the clicks seen by then", arguments: [1, 2])
    func timers(parallelism: Int) throws {
        let s = WindowedStreamTests.s
        let env = StreamEnvironment(parallelism: parallelism, mode: .streaming, workers: 2)
        let out = Schema([Field("user", .string), Field("fired_at", .int64)])
        let result = try env.fromValues(WindowedStreamTests.clicks, batchSize: 2)
            .assignTimestampsAndWatermarks(.boundedOutOfOrderness(3 * s, column: "ts"))
            .keyBy("user")
            .process(outputSchema: out, onTimer: { timer, key, ctx, out throws(SluiceError) in
                #expect(ctx.currentWatermark >= timer.timestamp)
                try out.emit([key[0], .int(timer.timestamp)])
            }) { row, ctx, _ throws(SluiceError) in
                try ctx.registerEventTimeTimer(try row.int64("ts")! + 5 * s)
            }
            .collect()
        try env.execute(timeoutSeconds: 60)
        let fired = result.rows().map { "\($0[0])@\($0[1])" }.sorted()
        let expected = WindowedStreamTests.clicks.map { "\($0.user)@\($0.ts + 5 * s)" }.sorted()
        #expect(fired == expected)
    }
}

@Suite("DataStream keyed process with state and timers together")
struct KeyedStateAndTimerTests {
    @Test("onTimer reads the state of the timer's key: a count per user, reported 5 s after the last click", arguments: [1, 2])
    func stateInTimers(parallelism: Int) throws {
        let s = WindowedStreamTests.s
        let env = StreamEnvironment(parallelism: parallelism, mode: .streaming, workers: 2)
        let out = Schema([Field("user", .string), Field("clicks", .int64)])
        let result = try env.fromValues(WindowedStreamTests.clicks, batchSize: 2)
            .assignTimestampsAndWatermarks(.boundedOutOfOrderness(3 * s, column: "ts"))
            .keyBy("user")
            .process(outputSchema: out, onTimer: { timer, key, ctx, out throws(SluiceError) in
                let count = try ctx.valueState("count", of: Int64.self)
                let last = try ctx.valueState("last", of: Int64.self)
                if try last.value() == timer.timestamp { try out.emit([key[0], .int(try count.value() ?? 0)]) }
            }) { row, ctx, _ throws(SluiceError) in
                let count = try ctx.valueState("count", of: Int64.self)
                try count.update((try count.value() ?? 0) + 1)
                let due = try row.int64("ts")! + 5 * s
                let last = try ctx.valueState("last", of: Int64.self)
                if due > (try last.value() ?? .min) {
                    try last.update(due)
                    try ctx.registerEventTimeTimer(due)
                }
            }
            .collect()
        try env.execute(timeoutSeconds: 60)
        var expected: [String: Int64] = [:]
        for c in WindowedStreamTests.clicks { expected[c.user, default: 0] += 1 }
        var got: [String: Int64] = [:]
        for row in result.rows() { if case .int(let n) = row[1] { got["\(row[0])"] = n } }
        #expect(got == expected)
    }
}

@Suite("The README's window example")
struct ReadmeWindowTests {
    @Test("runs as written")
    func example() throws {
        let clicks = WindowedStreamTests.clicks
        let env = StreamEnvironment(parallelism: 2, mode: .streaming)
        let late = LateDataOutput()
        let totals = try env.fromValues(clicks)
            .assignTimestampsAndWatermarks(.boundedOutOfOrderness(3_000_000, column: "ts"))   // 3 s, µs
            .keyBy("user")
            .window(.session(gap: .seconds(30)))            // or .tumble(size:), .hop(size:slide:), .cumulate(size:step:)
            .allowedLateness(.seconds(10))
            .sideOutputLateData(late)
            .aggregate(.count().as("clicks"), .sum("amount").as("total"))
            .collect()
        let run = try env.execute()
        #expect(Set(totals.rows().map { "\($0[0]):\($0[4])" }) == ["ann:15", "bob:70"])
        #expect(run.watermarkReport().contains { $0.hasPrefix("watermarks") })
        #expect(late.rows().isEmpty)
    }
}

@Suite("DataStream processing-time windows")
struct ProcessingTimeStreamTests {
    @Test("rows count by arrival on the clock; a session window on processing time is refused")
    func tumble() throws {
        let clock = ManualClock(12_000_000)   // 12 s: every row arrives in [10 s, 20 s)
        let env = StreamEnvironment(parallelism: 1, mode: .streaming, workers: 2)
        let keyed = try env.fromValues(WindowedStreamTests.clicks).keyBy("user")
        let result = try keyed.window(.tumble(size: .seconds(10)), processingTime: clock, timeColumn: "ts")
            .aggregate(.count().as("clicks"))
            .collect()
        try env.execute(timeoutSeconds: 60)
        #expect(Set(result.rows().map { "\($0[0]) \($0[1]) \($0[3])" }) == ["ann 10000000 4", "bob 10000000 3"])
        #expect(throws: SluiceError.self) { try keyed.window(.session(gap: .seconds(1)), processingTime: clock, timeColumn: "ts") }
    }
}
