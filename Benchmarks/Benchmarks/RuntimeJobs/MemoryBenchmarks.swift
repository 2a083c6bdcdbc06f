import Benchmark
import Foundation
import Sluice

/// Peak memory of a bounded job whose slow sink backpressures the source: it must not grow with the
/// input. Runs the same job on 1 M and then 8 M generated rows (generated on the fly, so the input
/// itself takes no memory) and reports how much the process's peak RSS grew during the larger run.
func memoryBenchmarks() {
    let schema = try! Schema.parse("id BIGINT, v DOUBLE, s STRING")
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, JobRates.rssGrowth, JobRates.peakResident], warmupIterations: 0, maxDuration: .seconds(30),
        maxIterations: 3)
    Benchmark("memory/slow sink: peak RSS growth from 1M to 8M rows", configuration: configuration) { benchmark in
        func run(rows: Int) throws {
            let env = StreamEnvironment(parallelism: 1, mode: .batch, workers: 2)
            try env.datagen(schema: schema, rows: rows)
                .rebalance()
                .process(outputSchema: schema) { (batch, _) throws(SluiceError) in
                    usleep(200)  // a slow sink: the channel fills and the source waits
                    return nil
                }
                .discard()
            try env.execute()
        }
        try run(rows: 1_000_000)
        let before = peakResidentBytes()
        try run(rows: 8_000_000)
        let after = peakResidentBytes()
        benchmark.measurement(JobRates.rssGrowth, Int((after - before) / 1_048_576))
        benchmark.measurement(JobRates.peakResident, Int(after / 1_048_576))
    }
}

/// The process's peak resident set so far, in bytes.
func peakResidentBytes() -> Int64 {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int64(usage.ru_maxrss) * 1024
}
