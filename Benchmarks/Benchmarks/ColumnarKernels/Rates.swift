import Benchmark

/// Rates reported by every kernel benchmark, next to package-benchmark's own wall-clock percentiles.
///
/// Each iteration times the kernel and, in the same iteration, a memcpy of the same input bytes, so the
/// "% of memcpy" figure is a ratio measured in one run on one (shared, noisy) machine.
enum Rates {
    static let rowsPerSecond = BenchmarkMetric.custom("M rows/s", polarity: .prefersLarger, useScalingFactor: false)
    static let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    static let percentOfMemcpy = BenchmarkMetric.custom("% of memcpy", polarity: .prefersLarger, useScalingFactor: false)

    static let metrics: [BenchmarkMetric] = [.wallClock, rowsPerSecond, megabytesPerSecond, percentOfMemcpy]

    static func configuration(seconds: Int = 3) -> Benchmark.Configuration {
        .init(metrics: metrics, warmupIterations: 2, maxDuration: .seconds(seconds), maxIterations: 1_000)
    }

    /// Runs `body` once, timed, and records rows/s, MB/s and the ratio to a memcpy of `bytes` bytes.
    static func measure(_ benchmark: Benchmark, rows: Int, bytes: Int, _ body: () throws -> Void) rethrows {
        let copy = Baseline.shared.memcpySeconds(bytes: bytes)
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        let seconds = (clock.now - start).seconds
        benchmark.measurement(rowsPerSecond, Int(Double(rows) / seconds / 1e6))
        benchmark.measurement(megabytesPerSecond, Int(Double(bytes) / seconds / 1e6))
        benchmark.measurement(percentOfMemcpy, Int(100 * copy / seconds))
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
