import Testing
@testable import SluiceRuntime

@Suite("Watermark generator")
struct WatermarkGeneratorTests {
    func run(_ kind: WatermarkStrategy.Kind, _ events: [WatermarkGenerator.Event]) -> [Int64?] {
        var g = WatermarkGenerator(kind)
        return events.map { g.on($0)?.timestamp }
    }

    @Test("bounded out-of-orderness trails the largest timestamp by the delay plus 1 µs, only forward")
    func bounded() {
        #expect(run(.boundedOutOfOrderness(delayMicros: 5), [
            .batchMax(100), .batchMax(90), .batchMax(100), .batchMax(103), .endOfInput, .batchMax(200),
        ]) == [94, nil, nil, 97, .max, nil])
    }

    @Test("monotonous timestamps give max - 1; none emits only +∞ at the end of input")
    func monotonousAndNone() {
        #expect(run(.monotonous, [.batchMax(10), .batchMax(11), .batchMax(11)]) == [9, 10, nil])
        #expect(run(.none, [.batchMax(10), .batchMax(11), .endOfInput, .endOfInput]) == [nil, nil, .max, nil])
    }

    @Test("the watermark saturates instead of overflowing near Int64.min")
    func saturation() {
        #expect(run(.boundedOutOfOrderness(delayMicros: 10), [.batchMax(.min + 3), .batchMax(.min + 20)]) == [nil, .min + 9])
        #expect(run(.monotonous, [.batchMax(.max)]) == [.max - 1])
    }
}

@Suite("Idleness detector")
struct IdlenessDetectorTests {
    @Test("a split becomes idle after the timeout without rows and active with its next row")
    func idleAndBack() {
        let clock = ManualClock(1_000)
        var d = IdlenessDetector(timeoutMicros: 100, now: clock.nowMicros())
        var seen: [StreamStatus?] = []
        clock.advance(by: 99)
        seen.append(d.on(.tick(now: clock.nowMicros())))       // 99 µs: still active
        clock.advance(by: 1)
        seen.append(d.on(.tick(now: clock.nowMicros())))       // 100 µs: idle
        clock.advance(by: 500)
        seen.append(d.on(.tick(now: clock.nowMicros())))       // already idle: nothing new
        seen.append(d.on(.rows(now: clock.nowMicros())))       // a row: active
        seen.append(d.on(.rows(now: clock.nowMicros())))
        clock.advance(by: 50)
        seen.append(d.on(.tick(now: clock.nowMicros())))       // the timeout restarts at the last row
        clock.advance(by: 50)
        seen.append(d.on(.tick(now: clock.nowMicros())))
        #expect(seen == [nil, .idle, nil, .active, nil, nil, .idle])
        #expect(d.status == .idle)
    }

    @Test("rows keep a split active however long it runs; a clock moved backwards does not make it idle")
    func steadyRows() {
        var d = IdlenessDetector(timeoutMicros: 10, now: 0)
        for t in stride(from: Int64(0), to: 1_000, by: 5) {
            #expect(d.on(.rows(now: t)) == nil)
            #expect(d.on(.tick(now: t + 9)) == nil)
        }
        #expect(d.on(.tick(now: -5_000)) == nil)
        #expect(d.status == .active)
    }
}
