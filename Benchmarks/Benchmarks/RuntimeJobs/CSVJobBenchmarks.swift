import Benchmark
import Sluice

/// SELECT color, COUNT(*) FROM events WHERE color <> 'orange' GROUP BY color over 10 M CSV rows.
func csvJobBenchmarks() {
    let rows = 10_000_000
    let schema = try! Schema.parse("ts TIMESTAMP(3), color STRING, shape STRING, value INT, price DECIMAL(10, 2)")
    for parallelism in [1, 2] {
        Benchmark("job/csv → filter → keyed count → collect, 10M rows, parallelism \(parallelism)") { benchmark in
            let path = largeEvents(rows: rows)
            benchmark.startMeasurement()
            let env = StreamEnvironment(parallelism: parallelism, mode: .batch, workers: parallelism)
            var options = CSVOptions()
            options.projection = [1]
            let counts = try env.readCSV(path, schema: schema, options: options)
                .filter(col("color") != "orange")
                .keyBy("color")
                .aggregate(.count().as("cnt"))
                .collect()
            let run = try env.execute()
            benchmark.stopMeasurement()
            blackHole(counts.rows())
            JobRates.record(benchmark, rows: rows, run)
        }
    }
}
