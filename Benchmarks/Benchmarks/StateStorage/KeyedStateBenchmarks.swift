import Benchmark
import Foundation
import SluiceColumnar
import SluiceStorage

/// Keyed state backend targets (issue 4): ValueState point get/put, incremental backend snapshots
/// after 1 % of 1 M keys changed, and a large snapshot + restore round trip with zstd-1.
func keyedStateBenchmarks() {
    let opsPerSecond = BenchmarkMetric.custom("M ops/s", polarity: .prefersLarger, useScalingFactor: false)
    let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    let percentOfFull = BenchmarkMetric.custom("% of full", polarity: .prefersSmaller, useScalingFactor: false)

    let cpuOpsPerSecond = BenchmarkMetric.custom("M ops/CPU-s", polarity: .prefersLarger, useScalingFactor: false)
    let cpuMegabytesPerSecond = BenchmarkMetric.custom("MB/CPU-s", polarity: .prefersLarger, useScalingFactor: false)

    func seconds(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        let d = clock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// CPU seconds of `clock` (thread or process) spent in `body`: the machine is shared, so rates
    /// per CPU second show what one core does, next to the wall-clock rates.
    func cpuSeconds(_ clock: clockid_t, _ body: () throws -> Void) rethrows -> Double {
        var a = timespec(), b = timespec()
        clock_gettime(clock, &a)
        try body()
        clock_gettime(clock, &b)
        return Double(b.tv_sec - a.tv_sec) + Double(b.tv_nsec - a.tv_nsec) / 1e9
    }

    /// Pseudo-random keys in 0..<keyCount (a fixed sequence).
    func randomKeys(_ n: Int, keyCount: Int) -> [Int64] {
        var state: UInt64 = 42
        return (0..<n).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            return Int64(Hashing.fmix64(state) % UInt64(keyCount))
        }
    }

    // ValueState<Int64>: per operation pair, make a key current (its bytes copied and hashed once),
    // read the value and write it back plus one: 2 state ops. All pages resident (filled first).
    for keyCount in [10_000, 1_000_000] {
        Benchmark("valueState/get+put, \(keyCount) keys (resident)",
                  configuration: .init(metrics: [.wallClock, opsPerSecond, cpuOpsPerSecond], maxDuration: .seconds(3), maxIterations: 20)) { benchmark in
            let backend = try KeyedStateBackend()
            let state = try backend.valueState("v", of: Int64.self)
            for k in 0..<keyCount {
                try backend.setCurrentKey(Int64(k))
                try state.update(0)
            }
            let keys = randomKeys(2_000_000, keyCount: keyCount)
            benchmark.startMeasurement()
            var cpu = 0.0
            let s = try seconds {
                cpu = try cpuSeconds(CLOCK_THREAD_CPUTIME_ID) {
                    for k in keys {
                        try backend.setCurrentKey(k)
                        try state.update((try state.value() ?? 0) &+ 1)
                    }
                }
            }
            benchmark.stopMeasurement()
            benchmark.measurement(opsPerSecond, Int(Double(2 * keys.count) / s / 1e6))
            benchmark.measurement(cpuOpsPerSecond, Int(Double(2 * keys.count) / cpu / 1e6))
        }
    }

    // Same-key access (the process-function pattern: several states and ops per row of one key).
    Benchmark("valueState/get+put on the current key",
              configuration: .init(metrics: [.wallClock, opsPerSecond, cpuOpsPerSecond], maxDuration: .seconds(3), maxIterations: 20)) { benchmark in
        let backend = try KeyedStateBackend()
        let state = try backend.valueState("v", of: Int64.self)
        try backend.setCurrentKey(Int64(7))
        let n = 10_000_000
        benchmark.startMeasurement()
        var cpu = 0.0
        let s = try seconds {
            cpu = try cpuSeconds(CLOCK_THREAD_CPUTIME_ID) {
                for _ in 0..<n { try state.update((try state.value() ?? 0) &+ 1) }
            }
        }
        benchmark.stopMeasurement()
        blackHole(try state.value())
        benchmark.measurement(opsPerSecond, Int(Double(2 * n) / s / 1e6))
        benchmark.measurement(cpuOpsPerSecond, Int(Double(2 * n) / cpu / 1e6))
    }

    let directory = NSTemporaryDirectory() + "sluice-bench-backend"
    try? FileManager.default.removeItem(atPath: directory)
    try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)

    // Backend snapshots of 1 M keys (value + aggregating state): full, then incremental after
    // 10 000 random keys (1 %) changed; file bytes compared.
    Benchmark("backend/incremental snapshot after 1% of 1M keys changed (file bytes vs full)",
              configuration: .init(metrics: [percentOfFull], maxIterations: 3)) { benchmark in
        let backend = try KeyedStateBackend()
        let value = try backend.valueState("v", of: Int64.self)
        let sum = try backend.aggregatingState("s", function: .sum)
        for k in 0..<1_000_000 {
            try backend.setCurrentKey(Int64(k))
            try value.update(Int64(k))
            try sum.add(Int64(k & 1023))
        }
        let run = "\(directory)/inc-\(UUID().uuidString)"
        let full = try backend.snapshot(to: run + "-1")
        for k in randomKeys(10_000, keyCount: 1_000_000) {
            try backend.setCurrentKey(k)
            try value.update(-k)
            try sum.add(Int64(1))
        }
        let incremental = try backend.snapshot(to: run + "-2")
        print("backend snapshot: full \(full.bytesWritten) B (raw \(full.rawBytes)), incremental \(incremental.bytesWritten) B (raw \(incremental.rawBytes))")
        benchmark.measurement(percentOfFull, Int((100 * Double(incremental.bytesWritten) / Double(full.bytesWritten)).rounded(.up)))
        try? FileManager.default.removeItem(atPath: run + "-1")
        try? FileManager.default.removeItem(atPath: run + "-2")
    }

    // A large state (≈ 256 MiB of arenas: 2.6 M keys × value state with 64-byte string values),
    // full snapshot with zstd-1 and restore; MB/s of arena bytes each way.
    for phase in ["snapshot", "restore"] {
        Benchmark("backend/256 MiB state, zstd-1 \(phase)",
                  configuration: .init(metrics: [.wallClock, megabytesPerSecond, cpuMegabytesPerSecond], maxDuration: .seconds(20), maxIterations: 3)) { benchmark in
            let backend = try KeyedStateBackend(chunkSize: 4 << 20)
            let value = try backend.valueState("v", of: Int64.self)
            let text = try backend.valueState("t", serializer: .bytes)
            var payload = [UInt8](repeating: 0, count: 48)
            var k: Int64 = 0
            while backend.mappedBytes < 256 << 20 {
                for _ in 0..<65_536 {
                    try backend.setCurrentKey(k)
                    try value.update(k &* 31)
                    for i in 0..<6 { withUnsafeBytes(of: Hashing.fmix64(UInt64(k) &+ UInt64(i))) { payload.replaceSubrange(i * 8 ..< i * 8 + 8, with: $0) } }
                    payload[0] = UInt8(truncatingIfNeeded: k)
                    try text.update(payload)
                    k += 1
                }
            }
            let bytes = backend.mappedBytes
            let run = "\(directory)/big-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: run) }
            if phase == "snapshot" {
                benchmark.startMeasurement()
                var cpu = 0.0
                let s = try seconds { cpu = try cpuSeconds(CLOCK_PROCESS_CPUTIME_ID) { try backend.snapshot(to: run, full: true, codec: .zstd) } }
                benchmark.stopMeasurement()
                benchmark.measurement(megabytesPerSecond, Int(Double(bytes) / s / 1e6))
                benchmark.measurement(cpuMegabytesPerSecond, Int(Double(bytes) / cpu / 1e6))
            } else {
                let written = try backend.snapshot(to: run, full: true, codec: .zstd)
                print("256 MiB state: \(bytes) arena bytes, \(written.bytesWritten) file bytes, \(k) keys")
                benchmark.startMeasurement()
                var cpu = 0.0
                let s = try seconds {
                    cpu = try cpuSeconds(CLOCK_PROCESS_CPUTIME_ID) {
                        let restored = try KeyedStateBackend.restore(chains: [[run]], chunkSize: 4 << 20)
                        blackHole(restored.mappedBytes)
                    }
                }
                benchmark.stopMeasurement()
                benchmark.measurement(megabytesPerSecond, Int(Double(bytes) / s / 1e6))
                benchmark.measurement(cpuMegabytesPerSecond, Int(Double(bytes) / cpu / 1e6))
            }
        }
    }
}
