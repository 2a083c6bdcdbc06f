import SluiceConnectors

extension DataStream {
    /// Adds a sink fed by this stream (same parallelism, chained when the edge is forward).
    private func sink(_ base: String, _ add: (inout JobGraph, String, Int) -> VertexID) -> VertexID {
        let name = env.uniqueName(base)
        let id = add(&env.graph, name, parallelism)
        env.graph.connect(vertex, id, partitioning)
        return id
    }

    /// Collects every row in memory; read the result after `execute()`. At-least-once.
    public func collect() -> CollectedResult {
        let target = CollectedBatches()
        let schema = self.schema
        _ = sink("collect") { graph, name, p in graph.addCollectSink(name: name, parallelism: p, schema: schema, into: target) }
        return CollectedResult(sink: target, schema: schema)
    }

    /// Prints rows as Flink's print connector does (`+I[red, 12]`, prefixed `n> ` by subtask when
    /// parallelism > 1). At-least-once.
    public func print(identifier: String? = nil, write: PrintSink.Write? = nil) {
        let schema = self.schema
        _ = sink("print") { graph, name, p in
            graph.addPrintSink(name: name, parallelism: p, schema: schema, identifier: identifier, write: write)
        }
    }

    /// Writes CSV part files into `directory`. Plain: one file per subtask (`part-<i>.csv`), written as
    /// rows arrive. `exactlyOnce`: the transactional file sink — rows become visible in
    /// `part-<job>-<subtask>-<n>.csv` only when a checkpoint completes (or the input ends), so with
    /// `enableCheckpointing` a failure neither loses nor duplicates committed rows.
    public func writeCSV(directory: String, options: CSVOptions = CSVOptions(), exactlyOnce: Bool = false) throws(SluiceError) {
        try options.validate()
        if isChangelog {
            throw SluiceError(.plan, "the CSV file sink takes only inserts, but this stream is an updating changelog (a streaming aggregate); run in batch mode, or collect/print the changelog instead")
        }
        let schema = self.schema
        _ = sink("csv-sink") { graph, name, p in
            exactlyOnce
                ? graph.addTransactionalFileSink(name: name, uid: name, parallelism: p, schema: schema, directory: directory, options: options)
                : graph.addCSVFileSink(name: name, parallelism: p, schema: schema, directory: directory, options: options)
        }
    }

    /// Discards every row, counting them (for throughput runs).
    @discardableResult
    public func discard() -> RowCounter {
        let counter = RowCounter()
        let schema = self.schema
        _ = sink("blackhole") { graph, name, p in graph.addBlackholeSink(name: name, parallelism: p, schema: schema, counter: counter) }
        return counter
    }
}
