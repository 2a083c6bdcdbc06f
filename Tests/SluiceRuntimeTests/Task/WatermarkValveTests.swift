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
