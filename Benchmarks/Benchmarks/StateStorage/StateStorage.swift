import Benchmark
import Foundation
import SluiceColumnar
import SluiceStorage

/// Keyed state backend benchmarks (issue 4 targets): COUNT+SUM into mmap-backed state tables next to
/// the heap `HashAggregator`, and snapshot write / restore throughput per codec.
let benchmarks: @Sendable () -> Void = {
    let rowsPerSecond = BenchmarkMetric.custom("M rows/s", polarity: .prefersLarger, useScalingFactor: false)
    let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    let percentOfFull = BenchmarkMetric.custom("% of full", polarity: .prefersSmaller, useScalingFactor: false)
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, rowsPerSecond, megabytesPerSecond],
                                           warmupIterations: 1, maxDuration: .seconds(3), maxIterations: 50)
    let rows = 4 << 20
    let batchRows = 8192

    func timed(_ benchmark: Benchmark, rows: Int, bytes: Int, _ body: () throws -> Void) rethrows {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        let d = clock.now - start
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        benchmark.measurement(rowsPerSecond, Int(Double(rows) / seconds / 1e6))
        benchmark.measurement(megabytesPerSecond, Int(Double(bytes) / seconds / 1e6))
    }

    func keys(groups: Int) -> [Int64] {
        var state: UInt64 = UInt64(groups)
        return (0..<rows).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            return Int64(Hashing.fmix64(state) % UInt64(groups)) * 7919
        }
    }

    /// COUNT(*) + SUM(value) by an Int64 key, batch by batch: hash, find-or-insert, update slots.
    func aggregate(into table: StateTable, keys: [Int64]) throws {
        var hashes = [UInt64](repeating: 0, count: batchRows)
        var slots = [Int](repeating: 0, count: batchRows)
        let starts = (0...batchRows).map { $0 * 8 }
        try keys.withUnsafeBytes { keyBytes in
            for start in stride(from: 0, to: keys.count, by: batchRows) {
                let n = min(batchRows, keys.count - start)
                for i in 0..<n { hashes[i] = Hashing.hashInt(keys[start + i]) }
                try hashes.withUnsafeBufferPointer { h in
                    try starts.withUnsafeBufferPointer { s in
                        try slots.withUnsafeMutableBufferPointer { out in
                            try table.findOrInsert(hashes: UnsafeBufferPointer(rebasing: h[0..<n]),
                                                   keyStarts: UnsafeBufferPointer(rebasing: s[0...n]),
                                                   keyBytes: UnsafeRawBufferPointer(rebasing: keyBytes[start * 8 ..< (start + n) * 8]),
                                                   slots: UnsafeMutableBufferPointer(rebasing: out[0..<n]))
                        }
                    }
                }
                slots.withUnsafeBufferPointer { s in
                    table.withUnsafeMutableSlots(UnsafeBufferPointer(rebasing: s[0..<n])) { base in
                        for i in 0..<n {
                            let slot = base + s[i]
                            slot.storeBytes(of: slot.load(as: Int64.self) &+ 1, as: Int64.self)
                            slot.storeBytes(of: slot.load(fromByteOffset: 8, as: Int64.self) &+ Int64(i & 1023), toByteOffset: 8, as: Int64.self)
                        }
                    }
                }
            }
        }
    }

    for groups in [10_000, 1_000_000] {
        let input = keys(groups: groups)
        Benchmark("state/COUNT+SUM by Int64 key, \(groups) groups (mmap StateTable)") { benchmark in
            try timed(benchmark, rows: rows, bytes: rows * 16) {
                let table = try StateTable(slotWidth: 16)
                try aggregate(into: table, keys: input)
                blackHole(table.count)
            }
        }
        let batches = stride(from: 0, to: rows, by: batchRows).map { start in
            try! RecordBatch(schema: Schema([Field("key", .int64), Field("value", .int64)]), columns: [
                Column.int64(Array(input[start..<(start + batchRows)])),
                Column.int64((0..<batchRows).map { Int64($0 & 1023) }),
            ])
        }
        Benchmark("state/COUNT+SUM by Int64 key, \(groups) groups (HashAggregator, state in mmap files)") { benchmark in
            let memory = try MappedAggregateMemory()
            try timed(benchmark, rows: rows, bytes: rows * 16) {
                var agg = try HashAggregator(inputSchema: batches[0].schema, keyColumns: [0],
                                             aggregates: [.countStar(), AggregateSpec(.sum, input: 1)], memory: memory)
                for batch in batches { try agg.consume(batch) }
                blackHole(try agg.finish())
            }
        }
        Benchmark("state/COUNT+SUM by Int64 key, \(groups) groups (heap HashAggregator)") { benchmark in
            try timed(benchmark, rows: rows, bytes: rows * 16) {
                var agg = try HashAggregator(inputSchema: batches[0].schema, keyColumns: [0],
                                             aggregates: [.countStar(), AggregateSpec(.sum, input: 1)])
                for batch in batches { try agg.consume(batch) }
                blackHole(try agg.finish())
            }
        }
    }

    // Snapshot throughput over a table of 1M keys (≈ 50 MB of entries), built inside the benchmarks
    // that need it (each benchmark runs in its own process).
    func snapshotTable() throws -> StateTable {
        let table = try StateTable(slotWidth: 16)
        try aggregate(into: table, keys: keys(groups: 1_000_000))
        return table
    }
    let directory = NSTemporaryDirectory() + "sluice-bench-state"
    try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for codec in SnapshotCodec.allCases {
        let path = "\(directory)/full-\(codec).snap"
        Benchmark("snapshot/full write, \(codec)") { benchmark in
            let table = try snapshotTable()
            let capture = table.captureChunks(full: true)
            benchmark.startMeasurement()
            try timed(benchmark, rows: table.count, bytes: capture.rawByteCount) {
                try capture.write(to: path, codec: codec)
            }
        }
        Benchmark("snapshot/full restore, \(codec)") { benchmark in
            let table = try snapshotTable()
            let capture = table.captureChunks(full: true)
            try capture.write(to: path, codec: codec)
            benchmark.startMeasurement()
            try timed(benchmark, rows: table.count, bytes: capture.rawByteCount) {
                blackHole(try StateTable.restore(chain: [path]).count)
            }
        }
    }
    Benchmark("snapshot/incremental after 1% of keys changed (bytes vs full)",
              configuration: .init(metrics: [percentOfFull], maxIterations: 5)) { benchmark in
        let table = try snapshotTable()
        let full = table.captureChunks(full: true).rawByteCount
        try aggregate(into: table, keys: Array(keys(groups: 1_000_000).prefix(10_000)))
        let incremental = table.captureChunks().rawByteCount
        benchmark.measurement(percentOfFull, Int(100 * Double(incremental) / Double(full)))
    }
    keyedStateBenchmarks()
}
