import Sluice

/// SELECT key, COUNT(*) FROM csv WHERE key <> excluded GROUP BY key, as a DataStream job.
///
/// CSV source (byte-range splits, only the key column parsed) → filter → local count → hash edge →
/// global count → collect, in batch mode at the given parallelism. This is the job the README's
/// first command runs until SQL takes it over.
struct FilterCountJob {
    struct Result {
        var table: RecordBatch
        var rowsRead: Int
        var rowsKept: Int
        var bytes: Int
        var skippedLines: Int
        var execution: JobExecutionResult
    }

    let path: String
    let schema: Schema
    let key: String
    let keyIndex: Int
    let excluded: String
    let parallelism: Int
    let options: CSVOptions

    init(path: String, schema: Schema, key: String, excluded: String, parallelism: Int,
         ignoreParseErrors: Bool) throws(SluiceError) {
        self.path = path
        self.schema = schema
        self.key = key
        keyIndex = try schema.requireIndex(of: key, in: path)
        self.excluded = excluded
        self.parallelism = parallelism
        var options = CSVOptions()
        options.ignoreParseErrors = ignoreParseErrors
        options.projection = [keyIndex]
        self.options = options
    }

    func run() throws(SluiceError) -> Result {
        let env = StreamEnvironment(parallelism: parallelism, mode: .batch, workers: min(parallelism, WorkerPool.defaultWorkerCount))
        let counts = try env.readCSV(path, schema: schema, options: options)
            .filter(col(key) != .literal(.string(excluded)))
            .keyBy(key)
            .aggregate(.count().as("cnt"))
            .collect()
        let execution = try env.execute()
        let rows = try counts.finalRows().sorted { $0[0].description < $1[0].description }
        let keyType = schema[keyIndex].type
        let table = try RecordBatch(schema: counts.schema, columns: [
            ColumnBuilder.column(keyType, rows.map { $0[0] }), ColumnBuilder.column(.int64, rows.map { $0[1] }),
        ])
        let source = execution.operators.filter { $0.operatorName == "csv" }
        return Result(table: table, rowsRead: source.reduce(0) { $0 + $1.rowsOut }, rowsKept: execution.rows(of: "filter").rowsOut,
                      bytes: (try? PosixFileSize.of(path)) ?? 0,
                      skippedLines: source.reduce(0) { $0 + ($1.custom["skippedLines"] ?? 0) }, execution: execution)
    }
}
