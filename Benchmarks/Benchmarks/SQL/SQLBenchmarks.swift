import Benchmark
import Foundation
import Sluice

/// SQL benchmarks (issue 7 targets): the seed query as SQL over 10 M CSV rows in batch mode at
/// parallelism 1, side by side with the same job built by hand with the DataStream API; and planning
/// a 100-line query (parse, bind, optimize, physical plan; no execution).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .cpuTotal, SQLRates.rowsPerSecond, SQLRates.cpuRowsPerSecond],
                                           warmupIterations: 1, maxDuration: .seconds(20), maxIterations: 10)
    let rows = 10_000_000
    let schema = "ts TIMESTAMP(3), color STRING, shape STRING, `value` INT, price DECIMAL(10, 2)"

    Benchmark("sql/seed query as SQL, batch, 10M rows, parallelism 1") { benchmark in
        let path = try largeEvents(rows: rows)
        let tEnv = TableEnvironment(parallelism: 1, mode: .batch, workers: 1)
        try tEnv.executeSQL("CREATE TABLE events (\(schema)) WITH ('connector' = 'filesystem', 'path' = '\(path)', 'format' = 'csv')")
        benchmark.startMeasurement()
        let result = try tEnv.executeSQL("SELECT color, COUNT(*) FROM events WHERE color <> 'orange' GROUP BY color")
        benchmark.stopMeasurement()
        blackHole(result.rows)
        SQLRates.record(benchmark, rows: rows, wallNanos: result.job!.wallNanos, cpuNanos: result.job!.cpuNanos)
    }

    Benchmark("sql/seed query hand-built with the DataStream API, batch, 10M rows, parallelism 1") { benchmark in
        let path = try largeEvents(rows: rows)
        let env = StreamEnvironment(parallelism: 1, mode: .batch, workers: 1)
        var options = CSVOptions()
        options.projection = [1]
        let counts = try env.readCSV(path, schema: try Schema.parse(schema.replacingOccurrences(of: "`", with: "")), options: options)
            .filter(col("color") != "orange")
            .keyBy("color")
            .aggregate(.count().as("cnt"))
            .collect()
        benchmark.startMeasurement()
        let run = try env.execute()
        benchmark.stopMeasurement()
        blackHole(counts.rows())
        SQLRates.record(benchmark, rows: rows, wallNanos: run.job.wallNanos, cpuNanos: run.job.cpuNanos)
    }

    Benchmark("sql/plan a 100-line query (parse, bind, optimize, physical plan)",
              configuration: .init(metrics: [.wallClock], warmupIterations: 2, maxDuration: .seconds(10), maxIterations: 50)) { benchmark in
        let tEnv = TableEnvironment(parallelism: 2, mode: .batch, workers: 1)
        try tEnv.executeSQL("CREATE TABLE events (\(schema)) WITH ('connector' = 'filesystem', 'path' = '/dev/null', 'format' = 'csv')")
        let query = SQLRates.hundredLineQuery()
        benchmark.startMeasurement()
        let plan = try tEnv.explain(query)
        benchmark.stopMeasurement()
        blackHole(plan)
    }
}

enum SQLRates {
    static let rowsPerSecond = BenchmarkMetric.custom("M rows/s (wall)", polarity: .prefersLarger, useScalingFactor: false)
    static let cpuRowsPerSecond = BenchmarkMetric.custom("M rows/s per CPU second", polarity: .prefersLarger, useScalingFactor: false)

    static func record(_ benchmark: Benchmark, rows: Int, wallNanos: Int64, cpuNanos: Int64) {
        benchmark.measurement(rowsPerSecond, Int(Double(rows) / (Double(wallNanos) / 1e9) / 1e6))
        benchmark.measurement(cpuRowsPerSecond, Int(Double(rows) / max(Double(cpuNanos) / 1e9, 1e-9) / 1e6))
    }

    /// A 100-line query: a WITH of 8 filtered, computed subqueries unioned and aggregated.
    static func hundredLineQuery() -> String {
        var lines = ["WITH"]
        for i in 0..<8 {
            lines += [
                "  q\(i) AS (",
                "    SELECT",
                "      color,",
                "      shape,",
                "      price * \(i + 1) AS p,",
                "      CASE WHEN `value` > \(i * 10) THEN 'hi' ELSE 'lo' END AS band,",
                "      UPPER(color) AS uc",
                "    FROM events",
                "    WHERE price > \(i).5",
                "      AND color <> 'orange'",
                "  )\(i == 7 ? "" : ",")",
            ]
        }
        lines += ["SELECT band, uc, COUNT(*) AS n, SUM(p) AS total, MIN(p), MAX(p), AVG(p)", "FROM ("]
        for i in 0..<8 { lines.append("  SELECT band, uc, p FROM q\(i)" + (i == 7 ? "" : " UNION ALL")) }
        lines += [") AS u", "WHERE p > 1", "GROUP BY band, uc", "HAVING COUNT(*) > 1"]
        while lines.count < 100 { lines.insert("  -- padding comment line \(lines.count)", at: 1) }
        return lines.joined(separator: "\n")
    }
}

/// bench-data/large/events-10m.csv: the file the RuntimeJobs benchmark generates (or
/// `python3 bench-data/generate_events.py --rows 10000000 --out bench-data/large/events-10m.csv`).
func largeEvents(rows: Int) throws -> String {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let path = root.appendingPathComponent("bench-data/large/events-\(rows / 1_000_000)m.csv").path
    guard FileManager.default.fileExists(atPath: path) else {
        throw SluiceError(.io, "missing \(path); generate it with python3 bench-data/generate_events.py --rows \(rows) --out \(path)")
    }
    return path
}
