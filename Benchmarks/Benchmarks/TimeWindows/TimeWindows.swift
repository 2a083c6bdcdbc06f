import Benchmark
import SluiceColumnar
import SluiceOperators
import SluiceRuntime

/// Issue 5 targets: TUMBLE(10 s) COUNT/SUM/MAX per key over 10 M in-memory rows with 10 k keys on
/// one core (≥ 40 M rows/s), and HOP(10 s, 2 s) at most 2× its cost; CUMULATE(10 s, 2 s) for comparison.
///
/// One chained task (source → watermarks → window aggregate → collect) on one worker, so the figure
/// is one core's. Rows: ts = row · 10 µs (100 k rows/s of event time, 100 s in all) with up to 2 ms of
/// disorder, key = a multiplicative hash of the row number mod 10 000, value = row mod 1 000.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, WindowRates.rowsPerSecond],
                                           warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 5)
    let data = WindowData.make(rows: 10_000_000, keys: 10_000)
    let second: Int64 = 1_000_000
    let windows: [(String, SliceAssigner)] = [
        ("tumble 10 s", try! .tumble(size: 10 * second)),
        ("hop 10 s / 2 s", try! .hop(size: 10 * second, slide: 2 * second)),
        ("cumulate 10 s / 2 s", try! .cumulate(size: 10 * second, step: 2 * second)),
    ]
    for (name, window) in windows {
        Benchmark("window/\(name), COUNT/SUM/MAX, 10 M rows, 10 k keys, 1 core") { benchmark in
            let out = CollectedBatches()
            _ = try WindowJob.measure(benchmark, data: data) { g, wm in
                let agg = try g.addWindowAggregate(name: "window", input: wm, timeColumn: "ts", keyColumns: [1],
                                                   aggregates: WindowJob.aggregates, window: window)
                let sink = g.addCollectSink(name: "collect", schema: g[agg].outputSchema, into: out)
                g.connect(agg, sink)
                return sink
            }
            blackHole(out.rowCount)
        }
    }
    sessionBenchmarks()
}

/// One chained job on one worker: source → watermarks (5 ms out of order) → what `build` adds; runs it
/// under measurement and reports rows/s.
enum WindowJob {
    static let aggregates = [AggregateSpec.countStar(), AggregateSpec(.sum, input: 2), AggregateSpec(.max, input: 2)]

    static func measure(_ benchmark: Benchmark, data: [RecordBatch],
                        _ build: (inout JobGraph, VertexID) throws -> VertexID) throws -> JobResult {
        let executor = JobExecutor(workers: 1)
        defer { executor.shutdown() }
        var g = JobGraph()
        let src = g.addBatchSource(name: "src", schema: WindowData.schema, batches: data)
        let wm = try g.addWatermarkAssigner(name: "watermarks", input: src, strategy: .boundedOutOfOrderness(5_000, column: "ts"))
        _ = try build(&g, wm)
        benchmark.startMeasurement()
        let result = try executor.execute(g)
        benchmark.stopMeasurement()
        let rows = data.reduce(0) { $0 + $1.count }
        benchmark.measurement(WindowRates.rowsPerSecond, Int(Double(rows) / (Double(result.wallNanos) / 1e9) / 1e6))
        return result
    }
}

enum WindowRates {
    static let rowsPerSecond = BenchmarkMetric.custom("M rows/s (wall)", polarity: .prefersLarger, useScalingFactor: false)
}

enum WindowData {
    static let schema = Schema([Field("ts", .timestamp(precision: 3)), Field("key", .int64), Field("value", .int64)])

    static func make(rows: Int, keys: Int, batchRows: Int = 4_096) -> [RecordBatch] {
        stride(from: 0, to: rows, by: batchRows).map { start in
            let n = min(batchRows, rows - start)
            var ts = FixedWidthColumnBuilder<Int64>(type: .timestamp(precision: 3), capacity: n)
            var key = FixedWidthColumnBuilder<Int64>(type: .int64, capacity: n)
            var value = FixedWidthColumnBuilder<Int64>(type: .int64, capacity: n)
            for i in start..<(start + n) {
                let h = UInt64(i) &* 0x9E37_79B9_7F4A_7C15
                ts.append(Int64(i) * 10 - Int64(h >> 53))   // up to 2 ms behind
                key.append(Int64((h >> 20) % UInt64(keys)))
                value.append(Int64(i % 1_000))
            }
            return try! RecordBatch(schema: schema, columns: [ts.finish(), key.finish(), value.finish()])
        }
    }
}
