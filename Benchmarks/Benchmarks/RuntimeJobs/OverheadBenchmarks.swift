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
            var graph = JobGraph()
            var previous = graph.addBatchSource(name: "source", schema: schema, batches: batches)
            for i in 0..<chain {
                let next = graph.addOperator(name: "no-op \(i)", schema: schema) { _ in NoOp() }
                graph.connect(previous, next)
                previous = next
            }
            let sink = graph.addOperator(name: "sink", schema: schema) { _ in Discard() }
            graph.connect(previous, sink)
            let executor = JobExecutor(workers: 1)
            defer { executor.shutdown() }
            let run = try executor.execute(graph)
            benchmark.measurement(JobRates.batchesPerSecond, Int(Double(batchCount) / (Double(run.wallNanos) / 1e9) / 1e3))
        }
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

/// Passes every batch on (the Operator protocol's default `process`).
final class NoOp: Operator {}

/// Drops every batch.
final class Discard: Operator {
    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {}
}
