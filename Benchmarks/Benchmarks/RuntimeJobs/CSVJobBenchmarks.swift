import Benchmark
import Sluice

/// SELECT color, COUNT(*) FROM events WHERE color <> 'orange' GROUP BY color over 10 M CSV rows.
func csvJobBenchmarks() {
    let rows = 10_000_000
    let schema = try! Schema.parse("ts TIMESTAMP(3), color STRING, shape STRING, value INT, price DECIMAL(10, 2)")
    for (parallelism, extraOperators) in [(1, 0), (2, 0), (1, 4)] {
        let variant = extraOperators == 0 ? "" : ", \(extraOperators) extra chained no-op operators"
        Benchmark("job/csv → filter → keyed count → collect, 10M rows, parallelism \(parallelism)\(variant)") { benchmark in
            let path = largeEvents(rows: rows)
            benchmark.startMeasurement()
            let env = StreamEnvironment(parallelism: parallelism, mode: .batch, workers: parallelism)
            var options = CSVOptions()
            options.projection = [1]
            var stream = try env.readCSV(path, schema: schema, options: options)
            let projected = stream.schema
            for _ in 0..<extraOperators {
                stream = stream.process(outputSchema: projected) { (batch, _) throws(SluiceError) in batch }
            }
            let counts = try stream
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
