import Benchmark
import Foundation
import Sluice

/// Issue target: a keyed aggregation with 1 M keys loses ≤ 5 % throughput with a checkpoint every
/// second. The same job (datagen → local/global keyed COUNT/SUM over 1 M keys → blackhole; the
/// global table holds all keys until the end) runs without checkpoints and with a 1 s interval;
/// compare the two `M rows/s` figures of one run. The state written per checkpoint is reported too.
func checkpointBenchmarks() {
    let rows = 40_000_000
    for interval in [nil, 1.0] as [Double?] {
        let label = interval.map { "checkpoint every \(Int($0)) s" } ?? "no checkpoints"
        Benchmark("checkpoint/keyed COUNT+SUM, 1M keys, 40M rows, parallelism 2, \(label)",
                  configuration: .init(metrics: [.wallClock, .cpuTotal, JobRates.rowsPerSecond, JobRates.cpuRowsPerSecond,
                                                 checkpointCount, checkpointMiB],
                                       maxDuration: .seconds(120), maxIterations: 3)) { benchmark in
            let root = NSTemporaryDirectory() + "sluice-bench-chk-" + UUID().uuidString
            defer { try? FileManager.default.removeItem(atPath: root) }
            let env = StreamEnvironment(parallelism: 2, mode: .batch, workers: 2)
            if let interval { env.enableCheckpointing(directory: root, intervalSeconds: interval, retained: 1) }
            let schema = try Schema.parse("k BIGINT NOT NULL, v BIGINT NOT NULL")
            try env.datagen(schema: schema, rows: rows, fields: ["k": .random(min: 0, max: 999_999), "v": .random(min: 0, max: 100)])
                .keyBy("k")
                .aggregate(.count().as("n"), .sum("v").as("total"))
                .discard()
            benchmark.startMeasurement()
            let run = try env.execute()
            benchmark.stopMeasurement()
            JobRates.record(benchmark, rows: rows, run)
            benchmark.measurement(checkpointCount, run.job.completedCheckpoints.count)
            if interval != nil, let storage = try? CheckpointStorage(directory: root, create: false), let latest = try? storage.latest() {
                benchmark.measurement(checkpointMiB, Int(latest.totalBytes >> 20))
            }
        }
    }
}

let checkpointCount = BenchmarkMetric.custom("checkpoints completed", polarity: .prefersLarger, useScalingFactor: false)
let checkpointMiB = BenchmarkMetric.custom("last checkpoint (MiB)", polarity: .prefersSmaller, useScalingFactor: false)
