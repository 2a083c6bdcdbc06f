import Testing
@testable import SluiceRuntime

@Suite("Watermark valve")
struct WatermarkValveTests {
    func run(_ channels: Int, _ events: [WatermarkValve.Event]) -> [Int64?] {
        var valve = WatermarkValve(channels: channels)
        return events.map { valve.on($0)?.timestamp }
    }

    @Test("emits the minimum over channels, once every channel has one, and only forward")
    func minimum() {
        #expect(run(2, [
            .watermark(channel: 0, Watermark(10)),
            .watermark(channel: 1, Watermark(4)),
            .watermark(channel: 1, Watermark(12)),
            .watermark(channel: 0, Watermark(9)),   // a smaller one from the same channel is ignored
            .watermark(channel: 0, Watermark(11)),
            .watermark(channel: 0, Watermark(20)),
        ]) == [nil, 4, 10, nil, 11, 12])
    }

    @Test("idle channels do not hold the watermark back; becoming active again does not move it back")
    func idleness() {
        #expect(run(2, [
            .watermark(channel: 0, Watermark(5)),
            .status(channel: 1, .idle),
            .watermark(channel: 0, Watermark(8)),
            .status(channel: 1, .active),
            .watermark(channel: 1, Watermark(3)),
            .watermark(channel: 1, Watermark(9)),
        ]) == [nil, 5, 8, nil, nil, nil])
    }

    @Test("an ended channel stops counting; all idle emits nothing")
    func endedAndAllIdle() {
        #expect(run(2, [
            .watermark(channel: 0, Watermark(7)),
            .ended(channel: 1),
            .status(channel: 0, .idle),
            .watermark(channel: 0, Watermark(9)),
        ]) == [nil, 7, nil, nil])
    }
}

@Suite("Watermark valve: idleness, alignment and end of input")
struct WatermarkValveStatusTests {
    typealias Step = WatermarkValve.Step

    func steps(_ channels: Int, _ events: [WatermarkValve.Event]) -> [Step] {
        var valve = WatermarkValve(channels: channels)
        return events.map { valve.step($0) }
    }

    @Test("all channels idle makes the task idle once; a channel waking makes it active again")
    func allIdle() {
        #expect(steps(2, [
            .watermark(channel: 0, Watermark(5)),
            .watermark(channel: 1, Watermark(6)),
            .status(channel: 0, .idle),
            .status(channel: 1, .idle),
            .status(channel: 1, .idle),
            .status(channel: 0, .active),
            .watermark(channel: 0, Watermark(8)),
        ]) == [Step(), Step(watermark: Watermark(5)), Step(watermark: Watermark(6)), Step(status: .idle), Step(),
               Step(status: .active), Step(watermark: Watermark(8))])
    }

    @Test("a channel active again with an old watermark neither moves it back nor holds the others")
    func reactivationBehind() {
        #expect(steps(2, [
            .watermark(channel: 0, Watermark(2)),
            .status(channel: 1, .idle),
            .watermark(channel: 0, Watermark(10)),
            .status(channel: 1, .active),          // channel 1 still at Int64.min: unaligned
            .watermark(channel: 0, Watermark(12)),  // not held back by channel 1
            .watermark(channel: 1, Watermark(11)),  // behind 12: still unaligned
            .watermark(channel: 1, Watermark(15)),  // caught up: counts again
            .watermark(channel: 0, Watermark(20)),
        ]).map { $0.watermark?.timestamp } == [nil, 2, 10, nil, 12, nil, nil, 15])
    }

    @Test("the end of every channel moves the watermark to +∞, once; an idle task that ends does too")
    func endOfInput() {
        #expect(steps(2, [
            .watermark(channel: 0, Watermark(3)),
            .ended(channel: 0),
            .ended(channel: 1),
        ]).map(\.watermark) == [nil, nil, .max])
        var valve = WatermarkValve(channels: 1)
        #expect(valve.step(.status(channel: 0, .idle)) == Step(status: .idle))
        #expect(valve.step(.ended(channel: 0)) == Step(watermark: .max))
        #expect(valve.current == .max)
    }
}
