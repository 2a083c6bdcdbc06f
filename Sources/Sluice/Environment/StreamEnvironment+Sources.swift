import SluiceConnectors

extension StreamEnvironment {
    /// Reads a CSV file in parallel byte-range splits (one per subtask), typed by `schema`.
    /// `options.projection` reads only some columns; `options.ignoreParseErrors` skips and counts bad lines.
    public func readCSV(_ path: String, schema: Schema, options: CSVOptions = CSVOptions()) throws(SluiceError) -> DataStream {
        try checkParallelism(parallelism)
        try options.validate()
        let name = uniqueName("csv")
        let id = graph.addCSVSource(name: name, parallelism: parallelism, path: path, schema: schema, options: options)
        return DataStream(env: self, vertex: id, schema: graph[id].outputSchema, parallelism: parallelism)
    }

    /// A bounded stream of Swift values: each stored property becomes a column (see `BatchEncoder`).
    public func fromValues<T: Encodable>(_ values: [T], schema: Schema? = nil, batchSize: Int = 4096) throws(SluiceError) -> DataStream {
        try checkParallelism(parallelism)
        let id = try graph.addMemorySource(name: uniqueName("values"), parallelism: parallelism, values: values,
                                           schema: schema, batchSize: batchSize)
        return DataStream(env: self, vertex: id, schema: graph[id].outputSchema, parallelism: parallelism)
    }

    /// A bounded stream replaying batches of one schema.
    public func fromBatches(_ batches: [RecordBatch], schema: Schema) throws(SluiceError) -> DataStream {
        try checkParallelism(parallelism)
        for batch in batches where batch.schema.fields != schema.fields {
            throw .invalidInput("fromBatches got a batch of schema \(batch.schema) but the stream's schema is \(schema)")
        }
        let id = graph.addBatchSource(name: uniqueName("batches"), parallelism: parallelism, schema: schema, batches: batches)
        return DataStream(env: self, vertex: id, schema: schema, parallelism: parallelism)
    }

    /// Generated rows: deterministic per seed, bounded by `rows` (nil: unbounded), throttled to
    /// `rowsPerSecond` across all subtasks (nil: as fast as possible). Columns are random unless
    /// `fields` says otherwise (`.sequence(start:end:)`, `.random(min:max:length:)`).
    public func datagen(schema: Schema, rowsPerSecond: Double? = nil, rows: Int? = nil,
                        fields: [String: DatagenKind] = [:], seed: UInt64 = 0) throws(SluiceError) -> DataStream {
        try checkParallelism(parallelism)
        let options = DatagenOptions(fields: fields, rowsPerSecond: rowsPerSecond, rowsTotal: rows, seed: seed)
        try options.validate(schema)
        if mode == .batch && options.totalRows(schema) == nil {
            throw .invalidInput("datagen is unbounded but the job runs in batch mode; give it `rows:` or use streaming mode")
        }
        let id = graph.addDatagenSource(name: uniqueName("datagen"), parallelism: parallelism, schema: schema, options: options)
        return DataStream(env: self, vertex: id, schema: schema, parallelism: parallelism)
    }

    /// A stream from a source of your own, like Flink's `fromSource`: `factory` makes one
    /// `SourceReader` per subtask. A reader that records positions (`snapshotPosition`, `restore`)
    /// takes part in checkpoints; give it a `uid` that stays the same across versions of the job.
    public func source(name: String = "source", uid: String? = nil, schema: Schema,
                       _ factory: @escaping @Sendable (SubtaskInfo) -> any SourceReader) throws(SluiceError) -> DataStream {
        try checkParallelism(parallelism)
        let id = graph.addSource(name: uniqueName(name), uid: uid, parallelism: parallelism, schema: schema, factory)
        return DataStream(env: self, vertex: id, schema: schema, parallelism: parallelism)
    }
}
