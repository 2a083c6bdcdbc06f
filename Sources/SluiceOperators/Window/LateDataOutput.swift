import Synchronization
import SluiceColumnar
import SluiceRuntime

/// Where a window operator sends rows too late for any window (Flink's `sideOutputLateData`),
/// instead of dropping them: the input rows, unchanged, as batches.
///
/// Shared by every subtask of the operator; read it after (or while) the job runs. Rows routed here
/// are counted in the operator metric `lateRowsSideOutput` (dropped ones in `lateRowsDropped`).
public final class LateDataOutput: Sendable {
    private let stored = Mutex<[RecordBatch]>([])

    public init() {}

    /// The late batches received so far (their selections name the late rows).
    public var batches: [RecordBatch] { stored.withLock { $0 } }

    /// The late rows received so far, as values.
    public func rows() -> [[Value]] {
        batches.flatMap { b in (0..<b.count).map { b.row($0) } }
    }

    func append(_ batch: RecordBatch) {
        stored.withLock { $0.append(batch) }
    }

    /// Routes `late` rows of `batch` to `output` (or counts them as dropped) and updates the metric.
    static func route(_ batch: RecordBatch, late: SelectionVector?, to output: LateDataOutput?, metrics: OperatorMetrics?) {
        guard let late, late.count > 0 else { return }
        if let output {
            output.append(batch.withSelection(late).compacted())
            metrics?.custom["lateRowsSideOutput", default: 0] += late.count
        } else {
            metrics?.custom["lateRowsDropped", default: 0] += late.count
        }
    }
}
