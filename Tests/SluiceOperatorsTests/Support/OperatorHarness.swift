@testable import SluiceRuntime
import SluiceColumnar
import SluiceOperators

/// Shared executor for job tests: two workers, like the target machine.
let sharedExecutor = JobExecutor(workers: 2)

/// Drives one operator directly: open it, feed batches and watermarks, finish it, and read what it
/// emitted (batches with their row kinds).
final class OperatorHarness {
    let op: any Operator
    let collected = CollectedBatches()
    let context: OperatorContext
    let output: Output

    /// `bufferTimeoutNanos` 0 makes mini-batch operators emit after every batch; `.max` never by time.
    /// `downstream` replaces the collecting sink (to observe watermarks).
    /// `incrementalCheckpoints` is what `CheckpointSettings.incremental` gives operators in a job.
    init(_ op: any Operator, bufferTimeoutNanos: Int64 = .max, subtask: Int = 0, parallelism: Int = 1,
         downstream: (any Operator)? = nil, incrementalCheckpoints: Bool = false) throws(SluiceError) {
        self.op = op
        let info = SubtaskInfo(vertexName: "op", uid: "op", index: subtask, parallelism: parallelism)
        context = OperatorContext(subtask: info, metrics: OperatorMetrics(), memoryBudgetBytes: 1 << 20,
                                  bufferTimeoutNanos: bufferTimeoutNanos, incrementalCheckpoints: incrementalCheckpoints)
        let sinkContext = OperatorContext(subtask: info, metrics: OperatorMetrics(), memoryBudgetBytes: 1 << 20,
                                          bufferTimeoutNanos: bufferTimeoutNanos)
        let link = ChainLink(op: downstream ?? CollectSink(into: collected), context: sinkContext, failure: ChainFailure())
        link.output = Output(.none, metrics: sinkContext.metrics)
        output = Output(.chained(link), metrics: context.metrics)
        try op.open(context)
    }

    func process(_ batch: RecordBatch, input: Int = 0) throws(SluiceError) { try op.process(batch, input: input, output: output) }
    func watermark(_ t: Int64) throws(SluiceError) { try op.processWatermark(Watermark(t), output: output) }
    func finish() throws(SluiceError) { try op.finish(output: output) }

    var batches: [RecordBatch] { collected.batches }
    var rows: [[Value]] { collected.rows() }

    /// Emitted rows as `+I[red, 12]` lines (the print format).
    var lines: [String] { batches.flatMap(Lines.of) }

    /// The lines emitted since the last call (to look at one emission alone).
    func takeLines() -> [String] {
        let all = lines
        defer { consumed = all.count }
        return Array(all[consumed...])
    }
    private var consumed = 0
}

enum Lines {
    static func of(_ batch: RecordBatch) -> [String] {
        (0..<batch.count).map { i in
            let physical = batch.selection.map { $0[i] } ?? i
            return batch.rowKind(at: physical).description + "[" + batch.row(i).map(\.description).joined(separator: ", ") + "]"
        }
    }
}

enum Data {
    /// (color STRING, value BIGINT, price DOUBLE)
    static let schema = Schema([Field("color", .string), Field("value", .int64), Field("price", .float64)])

    static func batch(_ rows: [(String?, Int64?, Double?)], kinds: [RowKind]? = nil) -> RecordBatch {
        try! RecordBatch(schema: schema, columns: [
            Column.string(rows.map(\.0)), Column.int64(rows.map(\.1)), Column.float64(rows.map(\.2)),
        ], rowKinds: kinds.map { Buffer($0.map(\.rawValue)) })
    }

    /// `count` batches of `rows` rows: value = global row number, color cycles over `colors`.
    static func batches(count: Int, rows: Int, colors: [String] = ["red", "green", "blue", "orange", "violet"]) -> [RecordBatch] {
        (0..<count).map { b in
            batch((0..<rows).map { r in
                let n = b * rows + r
                return (colors[n % colors.count], Int64(n), Double(n % 100) / 4)
            })
        }
    }

    static func column(_ name: String) -> PhysicalExpression { try! .column(name, in: schema) }
}
