import Testing
@testable import SluiceRuntime

@Suite("Watermark report")
struct WatermarkReportTests {
    func split(_ name: String, _ index: Int, watermark: Int, idle: Bool, late: Int = 0) -> OperatorSubtaskMetrics {
        var custom = ["watermark": watermark, "watermarkLagMillis": 5, "idle": idle ? 1 : 0]
        if late > 0 { custom["lateRowsDropped"] = late }
        return OperatorSubtaskMetrics(operatorName: name, uid: name, subtask: index, parallelism: 3, rowsIn: 0, batchesIn: 0,
                                      rowsOut: 0, batchesOut: 0, busyNanos: 0, idleNanos: 0, backpressuredNanos: 0,
                                      queueDepthMax: 0, custom: custom)
    }

    @Test("names the active split with the lowest watermark and counts idle ones; lists late rows")
    func holdback() {
        let result = JobResult(status: .finished, operators: [
            split("kafka", 0, watermark: 900, idle: false), split("kafka", 1, watermark: 100, idle: true),
            split("kafka", 2, watermark: 400, idle: false, late: 7),
        ], wallNanos: 0, cpuNanos: 0, peakResidentBytes: 0)
        #expect(result.watermarkHoldback() == "the watermark is held back by `kafka` split 3/3 at 1970-01-01 00:00:00.000400; windows ending after it cannot fire until that split reads later rows or goes idle (1 idle split is ignored)")
        #expect(result.watermarkReport() == ["kafka (1/3): watermark 1970-01-01 00:00:00.000900, lag 5 ms, active", "kafka (2/3): watermark 1970-01-01 00:00:00.000100, lag 5 ms, idle",
                                             "kafka (3/3): watermark 1970-01-01 00:00:00.000400, lag 5 ms, active, 7 late rows"])
    }
}
