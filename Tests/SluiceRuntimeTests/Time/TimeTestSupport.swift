@testable import SluiceRuntime
import SluiceColumnar

/// What reached an operator downstream of the one under test, in order.
enum TimeEvent: Equatable, CustomStringConvertible {
    case rows([Int64])
    case watermark(Int64)

    var description: String {
        switch self {
        case .rows(let ts): return "rows\(ts)"
        case .watermark(let w): return "wm(\(w))"
        }
    }
}

/// Records batches (their first column, Int64) and watermarks in arrival order.
final class TimeRecorder: Operator {
    var events: [TimeEvent] = []

    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        events.append(.rows(batch.rows().map { if case .timestamp(let t) = $0[0] { return t }; if case .int(let t) = $0[0] { return t }; return -1 }))
    }

    func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) {
        events.append(.watermark(watermark.timestamp))
    }
}

/// An output chained into a `TimeRecorder`, and the context an operator under test opens with.
struct TimeHarness {
    let recorder = TimeRecorder()
    let output: Output
    let context: OperatorContext

    init() {
        let info = SubtaskInfo(vertexName: "wm", uid: "wm", index: 0, parallelism: 1)
        context = OperatorContext(subtask: info, metrics: OperatorMetrics(), memoryBudgetBytes: 1 << 20, bufferTimeoutNanos: .max)
        let link = ChainLink(op: recorder, context: OperatorContext(subtask: info, metrics: OperatorMetrics(), memoryBudgetBytes: 0,
                                                                     bufferTimeoutNanos: .max), failure: ChainFailure())
        link.output = Output(.none, metrics: OperatorMetrics())
        output = Output(.chained(link), metrics: context.metrics)
    }
}

enum TimeData {
    /// (ts TIMESTAMP(6), key BIGINT)
    static let schema = Schema([Field("ts", .timestamp(precision: 6)), Field("key", .int64)])

    static func batch(_ ts: [Int64?], selection: [Int]? = nil) -> RecordBatch {
        var b = FixedWidthColumnBuilder<Int64>(type: .timestamp(precision: 6), capacity: ts.count)
        for t in ts { b.append(t) }
        return try! RecordBatch(schema: schema, columns: [b.finish(), Column.int64(ts.map { _ in 1 })],
                                selection: selection.map { SelectionVector($0) })
    }
}
