import Benchmark
import Sluice

/// What the runtime itself costs: chained no-op operators, and batches through a channel.
func overheadBenchmarks() {
    let batchCount = 50_000
    let schema = Schema([Field("x", .int64)])
    let batch = try! RecordBatch(schema: schema, columns: [Column.int64((0..<4096).map { Int64($0) })])
    let batches = Array(repeating: batch, count: batchCount)
    let configuration = Benchmark.Configuration(metrics: [.wallClock, JobRates.batchesPerSecond], warmupIterations: 1,
                                                maxDuration: .seconds(10), maxIterations: 20)

    for chain in [1, 5] {
        Benchmark("overhead/chain of \(chain) no-op operators, 4096-row batches", configuration: configuration) { benchmark in
            let nanos = try runChain(chain, batches: batches, schema: schema) { Discard() }
            benchmark.measurement(JobRates.batchesPerSecond, Int(Double(batchCount) / (Double(nanos) / 1e9) / 1e3))
        }
    }
    // The same chains with a sink that reads every row (sums the column) of distinct batches that
    // stream through memory, as data does in a job: the figure is the time of the chain of five per
    // 1,000 of the chain of one, both measured in the same iteration (best of five runs each, alternated,
    // so that noise from other processes on a shared machine falls out).
    let streamed = (0..<2_000).map { b in
        try! RecordBatch(schema: schema, columns: [Column.int64((0..<4096).map { Int64(b &* 4096 &+ $0) })])
    }
    let streamedBatches = (0..<batchCount).map { streamed[$0 % streamed.count] }
    let ratio = BenchmarkMetric.custom("chain of 5 time per 1000 of chain of 1", polarity: .prefersSmaller, useScalingFactor: false)
    let ratioConfiguration = Benchmark.Configuration(metrics: [.wallClock, ratio], warmupIterations: 1,
                                                     maxDuration: .seconds(20), maxIterations: 10)
    Benchmark("overhead/chain of 5 vs 1 no-op operators, sink reads every row", configuration: ratioConfiguration) { benchmark in
        func run(chain: Int) throws -> Double {
            Double(try runChain(chain, batches: streamedBatches, schema: schema) { SumSink() })
        }
        var one = Double.infinity, five = Double.infinity
        for _ in 0..<5 {
            one = min(one, try run(chain: 1))
            five = min(five, try run(chain: 5))
        }
        benchmark.measurement(ratio, Int((1000 * five / one).rounded()))
    }
    Benchmark("overhead/batches through a rebalance channel, 2 workers", configuration: configuration) { benchmark in
        let env = StreamEnvironment(parallelism: 1, mode: .batch, workers: 2)
        try env.fromBatches(batches, schema: schema).rebalance()
            .process(outputSchema: schema) { (batch, _) throws(SluiceError) in batch }
            .discard()
        let run = try env.execute()
        benchmark.measurement(JobRates.batchesPerSecond, Int(Double(batchCount) / run.wallSeconds / 1e3))
    }
}

/// Wall nanoseconds of a job on one worker: a source of `batches`, `chain` no-op operators, the sink.
func runChain(_ chain: Int, batches: [RecordBatch], schema: Schema,
              sink: @escaping @Sendable () -> any Operator) throws -> Int64 {
    var graph = JobGraph()
    var previous = graph.addBatchSource(name: "source", schema: schema, batches: batches)
    for i in 0..<chain {
        let next = graph.addOperator(name: "no-op \(i)", schema: schema) { _ in NoOp() }
        graph.connect(previous, next)
        previous = next
    }
    let last = graph.addOperator(name: "sink", schema: schema) { _ in sink() }
    graph.connect(previous, last)
    let executor = JobExecutor(workers: 1)
    defer { executor.shutdown() }
    return try executor.execute(graph).wallNanos
}

/// Passes every batch on (the Operator protocol's default `process`).
final class NoOp: Operator {}

/// Reads every row of every batch (sums the Int64 column), as the least work a real operator does.
final class SumSink: Operator {
    var total: Int64 = 0
    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        batch.columns[0].withValues(Int64.self) { v in
            var sum: Int64 = 0
            for x in v { sum &+= x }
            total &+= sum
        }
        blackHole(total)
    }
}

/// Drops every batch.
final class Discard: Operator {
    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {}
}
