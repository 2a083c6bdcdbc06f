import Benchmark

/// Kernel benchmarks of the columnar core (issue targets: compare, filter+take, hashing, aggregation,
/// CSV parsing), each reported as rows/s, MB/s and % of a memcpy of the same bytes in the same run.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = Rates.configuration()
    baselineBenchmarks()
    takeBenchmarks()
    compareBenchmarks()
    csvBenchmarks()
    aggregationBenchmarks()
}
