import Dispatch
import Synchronization
import SluiceColumnar

/// SELECT key, COUNT(*) FROM csv WHERE key <> excluded GROUP BY key, over byte-range splits in parallel.
///
/// Each split runs filter → local aggregation on its own thread; the partial states are merged by a
/// global aggregator (the two phases of a keyed aggregation). This is the job the README's first
/// command runs until the dataflow runtime and SQL take it over.
struct FilterCountJob {
    struct Result {
        var table: RecordBatch
        var rowsRead: Int
        var rowsKept: Int
        var bytes: Int
        var splits: Int
        var seconds: Double
        var skippedLines: Int
        var firstErrors: [SluiceError]
    }

    let path: String
    /// The file's columns.
    let schema: Schema
    /// The one column the job reads (the key): the reader parses nothing else.
    let projected: Schema
    let predicate: PhysicalExpression
    let parallelism: Int
    let options: CSVOptions

    init(path: String, schema: Schema, key: String, excluded: String, parallelism: Int,
         ignoreParseErrors: Bool) throws(SluiceError) {
        self.path = path
        self.schema = schema
        let keyIndex = try schema.requireIndex(of: key, in: path)
        projected = schema.project([keyIndex])
        predicate = try PhysicalExpression.call("<>", [.column(key, in: projected), .literal(.string(excluded))])
        self.parallelism = parallelism
        var options = CSVOptions()
        options.ignoreParseErrors = ignoreParseErrors
        options.projection = [keyIndex]
        self.options = options
    }

    func run() throws(SluiceError) -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        let splits = try CSVReader.splits(path: path, count: parallelism)
        let outcomes = Mutex<[Int: Result]>([:])
        let failures = Mutex<[SluiceError]>([])
        let partials = Mutex<[RecordBatch]>([])
        DispatchQueue.concurrentPerform(iterations: splits.count) { i in
            do {
                let (partial, stats) = try runSplit(splits[i])
                partials.withLock { $0.append(partial) }
                outcomes.withLock { $0[i] = stats }
            } catch let error as SluiceError {
                failures.withLock { $0.append(error) }
            } catch {
                failures.withLock { $0.append(SluiceError(.internal, "\(error)")) }
            }
        }
        if let failure = failures.withLock({ $0.first }) { throw failure }
        var global = try aggregator()
        for partial in partials.withLock({ $0 }) { try global.merge(partial) }
        let table = try sortedByKey(global.finish())
        let stats = outcomes.withLock { $0 }.sorted { $0.key < $1.key }.map(\.value)
        return Result(table: table, rowsRead: stats.reduce(0) { $0 + $1.rowsRead },
                      rowsKept: stats.reduce(0) { $0 + $1.rowsKept }, bytes: splits.reduce(0) { $0 + $1.end - $1.start },
                      splits: splits.count, seconds: (clock.now - start).seconds,
                      skippedLines: stats.reduce(0) { $0 + $1.skippedLines },
                      firstErrors: Array(stats.flatMap(\.firstErrors).prefix(5)))
    }

    private func aggregator() throws(SluiceError) -> HashAggregator {
        try HashAggregator(inputSchema: projected, keyColumns: [0], aggregates: [.countStar(name: "cnt")])
    }

    /// Filter → local aggregation over one split; returns the partial state and the split's counts.
    private func runSplit(_ split: CSVSplit) throws(SluiceError) -> (RecordBatch, Result) {
        let reader = try CSVReader(split: split, schema: schema, options: options)
        var local = try aggregator()
        var kept = 0
        while let batch = try reader.next() {
            let filtered = try Filter.filter(batch, predicate.evaluateColumn(batch))
            kept += filtered.count
            try local.consume(filtered)
        }
        let stats = Result(table: RecordBatch.empty(schema), rowsRead: reader.rowsRead, rowsKept: kept, bytes: 0, splits: 1,
                           seconds: 0, skippedLines: reader.skippedLines, firstErrors: reader.errors)
        return (try local.partialState(), stats)
    }

    private func sortedByKey(_ batch: RecordBatch) -> RecordBatch {
        let keys = batch.columns[0].values().map(\.description)
        let order = keys.indices.sorted { keys[$0] < keys[$1] }
        return batch.withSelection(SelectionVector(order)).compacted()
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
