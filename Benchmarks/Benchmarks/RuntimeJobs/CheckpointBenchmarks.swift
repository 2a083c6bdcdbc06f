import Benchmark
import Foundation
import Sluice

/// Issue target: a keyed aggregation with 1 M keys loses ≤ 5 % throughput with a checkpoint every
/// second. The same job (datagen → local/global keyed COUNT/SUM over 1 M keys → blackhole; the
/// global table holds all keys until the end) runs without checkpoints and with a 1 s interval;
/// compare the two `M rows/s` figures of one run. The state written per checkpoint is reported too.
/// 200 M rows keep the job running for several intervals (about 7 s here), so the figure is the
/// steady cost of checkpoints rather than of the first one.
func checkpointBenchmarks() {
    let rows = 200_000_000
    for interval in [nil, 1.0] as [Double?] {
        let label = interval.map { "checkpoint every \(Int($0)) s" } ?? "no checkpoints"
        Benchmark("checkpoint/keyed COUNT+SUM, 1M keys, 200M rows, parallelism 2, \(label)",
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

/// Issue target: an incremental checkpoint after 1 % of the keys changed writes ≤ 5 % of a full one.
/// One datagen split (2 M rows/s) first inserts 1 M distinct keys, then only updates 10 k of them
/// (1 %); a checkpoint every 100 ms. Reported: the bytes of the full checkpoints (written whole) and
/// the median bytes written by incremental checkpoints once the table stopped growing, and their
/// ratio in per mille (compressed files as on disk, zstd-1).
func incrementalCheckpointBenchmarks() {
    let keys: Int64 = 1_000_000, hot: Int64 = 10_000, rows = 4_000_000
    Benchmark("checkpoint/incremental after 1% of 1M keys changed",
              configuration: .init(metrics: [.wallClock, fullCheckpointKiB, incrementalCheckpointKiB, incrementalPerMille],
                                   maxDuration: .seconds(60), maxIterations: 2)) { benchmark in
        let root = NSTemporaryDirectory() + "sluice-bench-inc-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let env = StreamEnvironment(parallelism: 1, mode: .batch, workers: 2)
        env.enableCheckpointing(directory: root, intervalSeconds: 0.1, retained: 1000)
        let schema = try Schema.parse("id BIGINT NOT NULL, v BIGINT NOT NULL")
        let keyed = try Schema.parse("k BIGINT NOT NULL, v BIGINT NOT NULL")
        try env.datagen(schema: schema, rowsPerSecond: 2_000_000, rows: rows,
                        fields: ["id": .sequence(start: 0, end: Int64(rows - 1)), "v": .random(min: 0, max: 100)])
            .process(outputSchema: keyed) { (batch, _) throws(SluiceError) in
                let dense = batch.compacted()
                let ids = dense.columns[0].withValues(Int64.self) { Array($0) }
                return try RecordBatch(schema: keyed, columns: [.int64(ids.map { $0 < keys ? $0 : $0 % hot }), dense.columns[1]],
                                       count: dense.count)
            }
            .keyBy("k")
            .aggregate(.count().as("n"), .sum("v").as("total"))
            .discard()
        benchmark.startMeasurement()
        _ = try env.execute()
        benchmark.stopMeasurement()
        let storage = try CheckpointStorage(directory: root, create: false)
        let manifests = try storage.completeIDs().map { try storage.manifest($0) }
        // The largest full snapshot written (the first file of a chain), and the increments written
        // once every key existed at the previous checkpoint (its source position is past the keys).
        let fullBytes = manifests.flatMap { $0.state.compactMap { $0.files.first?.bytes } }.max() ?? 0
        var deltas: [Int64] = []
        for (previous, m) in zip(manifests, manifests.dropFirst())
        where previous.sources.reduce(0, { $0 + $1.offset }) >= keys && m.state.contains(where: { $0.files.count > 1 }) {
            deltas.append(m.incrementalBytes)
        }
        deltas.sort()
        guard fullBytes > 0, !deltas.isEmpty else {
            let summary = manifests.map { m in "\(m.id): " + m.state.map { "\($0.files.map(\.bytes))" }.joined(separator: " ") }
            throw SluiceError(.execution, "no incremental checkpoint after the table settled: \(summary.joined(separator: "; "))")
        }
        let median = deltas[deltas.count / 2]
        benchmark.measurement(fullCheckpointKiB, Int(fullBytes >> 10))
        benchmark.measurement(incrementalCheckpointKiB, Int(median >> 10))
        benchmark.measurement(incrementalPerMille, Int(median * 1000 / fullBytes))
    }
}

let fullCheckpointKiB = BenchmarkMetric.custom("full checkpoint (KiB)", polarity: .prefersSmaller, useScalingFactor: false)
let incrementalCheckpointKiB = BenchmarkMetric.custom("incremental checkpoint, median (KiB)", polarity: .prefersSmaller, useScalingFactor: false)
let incrementalPerMille = BenchmarkMetric.custom("incremental / full (‰)", polarity: .prefersSmaller, useScalingFactor: false)
