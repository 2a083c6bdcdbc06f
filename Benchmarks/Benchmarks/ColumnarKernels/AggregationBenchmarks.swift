import Benchmark
import SluiceColumnar

/// Hashing and COUNT(*) + SUM(value) GROUP BY key, fed in 8,192-row batches as an operator would.
func aggregationBenchmarks() {
    let rows = 4 << 20
    let batchRows = 8192
    var generator = SplitMix(seed: 7)
    let values = (0..<rows).map { _ in Int64(generator.next() % 1000) }

    func int64Batches(groups: Int) -> [RecordBatch] {
        let schema = Schema([Field("key", .int64), Field("value", .int64)])
        var g = SplitMix(seed: UInt64(groups))
        let keys = (0..<rows).map { _ in Int64(g.next() % UInt64(groups)) * 7919 }
        return stride(from: 0, to: rows, by: batchRows).map { start in
            let n = min(batchRows, rows - start)
            return try! RecordBatch(schema: schema, columns: [
                Column.int64(Array(keys[start..<(start + n)])), Column.int64(Array(values[start..<(start + n)])),
            ])
        }
    }

    func dictionaryBatches(groups: Int) -> [RecordBatch] {
        let schema = Schema([Field("key", .string), Field("value", .int64)])
        let dictionary = DictionaryValues((0..<groups).map { "key-\($0)" })
        var g = SplitMix(seed: 99)
        let codes = (0..<rows).map { _ in Int32(g.next() % UInt64(groups)) }
        return stride(from: 0, to: rows, by: batchRows).map { start in
            let n = min(batchRows, rows - start)
            let key = Column(type: .string, count: n,
                             storage: .dictionary(codes: Buffer(Array(codes[start..<(start + n)])), dictionary: dictionary))
            return try! RecordBatch(schema: schema, columns: [key, Column.int64(Array(values[start..<(start + n)]))])
        }
    }

    func aggregate(_ name: String, _ batches: [RecordBatch]) {
        let schema = batches[0].schema
        Benchmark("aggregate/COUNT+SUM by \(name)") { benchmark in
            try Rates.measure(benchmark, rows: rows, bytes: rows * 16) {
                var agg = try HashAggregator(inputSchema: schema, keyColumns: [0],
                                             aggregates: [.countStar(), AggregateSpec(.sum, input: 1)])
                for batch in batches { try agg.consume(batch) }
                blackHole(try agg.finish())
            }
        }
    }

    aggregate("Int64 key, 8 groups", int64Batches(groups: 8))
    aggregate("Int64 key, 10k groups", int64Batches(groups: 10_000))
    aggregate("Int64 key, 1M groups", int64Batches(groups: 1_000_000))
    aggregate("dictionary string key, 1k groups", dictionaryBatches(groups: 1_000))

    let hashInput = int64Batches(groups: 1_000_000)
    Benchmark("hash/Int64 key column") { benchmark in
        Rates.measure(benchmark, rows: rows, bytes: rows * 8) {
            for batch in hashInput { blackHole(Hashing.hash([batch.columns[0]])) }
        }
    }
    let strings = dictionaryBatches(groups: 1_000).map { $0.columns[0].decoded() }
    Benchmark("hash/string key column") { benchmark in
        Rates.measure(benchmark, rows: rows, bytes: rows * 8) {
            for column in strings { blackHole(Hashing.hash([column])) }
        }
    }
    Benchmark("partition/2 columns into 4 targets") { benchmark in
        try Rates.measure(benchmark, rows: rows, bytes: rows * 16) {
            for batch in hashInput { blackHole(try Partition.split(batch, keyColumns: [0], parallelism: 4)) }
        }
    }
}
