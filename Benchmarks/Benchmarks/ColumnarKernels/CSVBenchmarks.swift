import Benchmark
import Foundation
import SluiceColumnar

/// Parsing the bundled sample events (bench-data/events.csv) into typed columns on one core.
func csvBenchmarks() {
    let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let path = root.appendingPathComponent("bench-data/events.csv").path
    let schema = Schema([
        Field("ts", .timestamp(precision: 3)), Field("color", .string), Field("shape", .string),
        Field("value", .int32), Field("price", .decimal(precision: 10, scale: 2)),
    ])
    let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    Benchmark("csv/parse sample events into typed columns") { benchmark in
        var rows = 0
        try Rates.measure(benchmark, rows: 300_000, bytes: bytes) {
            let reader = try CSVReader(path: path, schema: schema)
            while let batch = try reader.next() { rows += batch.count }
        }
        blackHole(rows)
    }
}
