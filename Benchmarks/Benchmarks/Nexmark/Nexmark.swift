import Benchmark
#if canImport(Glibc)
import Glibc
#endif
import SluiceConnectors

/// Issue 8 target: the Nexmark generator alone at ≥ 20 M events/s per core, all kinds together, and
/// bids only (persons and auctions still draw their random numbers but build no batches).
///
/// One generator (one split) on the benchmark thread, 10 M events in batches of 8,192 events, the
/// reference proportions (1:3:46) and sizes. Two figures: events per second of the thread's CPU
/// time (one core's rate, unaffected by other processes on a shared machine) and of wall time.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, NexmarkRates.eventsPerCPUSecond,
                                                     NexmarkRates.eventsPerSecond],
                                           warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 5)
    let events = 10_000_000
    var options = NexmarkOptions(baseTimeMillis: 1_767_225_593_250)
    options.eventsNum = Int64(events)
    options.seed = 42
    let tables = NexmarkTables(seed: options.seed)
    let cases: [(String, NexmarkEventKinds)] = [("all kinds", .all), ("bids only", .bids), ("persons only", .persons)]
    for (name, kinds) in cases {
        Benchmark("generator/\(name), 10 M events, 1 core") { benchmark in
            var generator = NexmarkGenerator(options: options, tables: tables)
            var rows = 0
            benchmark.startMeasurement()
            let start = ContinuousClock.now
            let cpuStart = NexmarkRates.threadCPUNanos()
            while !generator.isExhausted {
                let batches = try generator.next(maxEvents: options.batchSize, kinds: kinds)
                rows &+= (batches.persons?.count ?? 0) &+ (batches.auctions?.count ?? 0) &+ (batches.bids?.count ?? 0)
            }
            let elapsed = ContinuousClock.now - start
            let cpu = Double(NexmarkRates.threadCPUNanos() - cpuStart) / 1e9
            benchmark.stopMeasurement()
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            benchmark.measurement(NexmarkRates.eventsPerSecond, Int(Double(events) / seconds / 1e3))
            benchmark.measurement(NexmarkRates.eventsPerCPUSecond, Int(Double(events) / cpu / 1e3))
            blackHole(rows)
        }
    }
}

enum NexmarkRates {
    static let eventsPerSecond = BenchmarkMetric.custom("K events/s (wall)", polarity: .prefersLarger, useScalingFactor: false)
    static let eventsPerCPUSecond = BenchmarkMetric.custom("K events/s (thread CPU)", polarity: .prefersLarger,
                                                           useScalingFactor: false)

    static func threadCPUNanos() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
