import Synchronization
/// Live counters of one operator subtask.
///
/// Threading: written only by the worker running the operator's task, read after the job ended
/// (the job's completion hand-off orders the reads after the writes). While the job runs, other
/// threads read only the `live…` atomics (`JobClient.liveProgress()`).
///
/// The four per-batch counters live in a small allocation reached through a pointer: increments of
/// stored class properties pay a dynamic exclusivity check each, and these run four times per batch
/// per operator.
public final class OperatorMetrics: @unchecked Sendable {
    // SAFETY: single writer (the task's current worker), readers only after the job completed; the
    // counter allocation lives exactly as long as this object and is never handed out.
    private let counters: UnsafeMutablePointer<Int>
    /// Counters an operator keeps for itself (rows dropped, spills, …).
    public var custom: [String: Int] = [:]

    /// Keeps in `custom[name]` the largest `value` recorded under it (a peak, e.g. open sessions).
    public func recordPeak(_ name: String, _ value: Int) {
        custom[name] = max(custom[name] ?? value, value)
    }

    // Readable from any thread while the job runs: single writer, relaxed stores (plain moves on x86).
    let liveRowsIn = Atomic<Int>(0)
    let liveRowsOut = Atomic<Int>(0)
    /// The last watermark the operator handled or (for a source split's assigner) emitted.
    let liveWatermark = Atomic<Int64>(.min)
    /// A source split's watermark assigner: its split is idle.
    let liveIdle = Atomic<Bool>(false)
    /// Set by source splits' watermark assigners: this subtask's watermark is a split's.
    let liveIsSplit = Atomic<Bool>(false)

    init() {
        counters = .allocate(capacity: 4)
        counters.initialize(repeating: 0, count: 4)
    }

    deinit { counters.deallocate() }

    public var rowsIn: Int { counters[0] }
    public var batchesIn: Int { counters[1] }
    public var rowsOut: Int { counters[2] }
    public var batchesOut: Int { counters[3] }

    /// Counts one batch of `rows` rows into the operator.
    @inline(__always)
    func countIn(rows: Int) {
        counters[0] &+= rows
        counters[1] &+= 1
        liveRowsIn.store(counters[0], ordering: .relaxed)
    }

    /// Counts one batch of `rows` rows out of the operator.
    @inline(__always)
    func countOut(rows: Int) {
        counters[2] &+= rows
        counters[3] &+= 1
        liveRowsOut.store(counters[2], ordering: .relaxed)
    }
}

/// Live timing of one task subtask (a chain of operators): where its time went.
final class TaskMetrics: @unchecked Sendable {
    // SAFETY: as for OperatorMetrics.
    var busyNanos: Int64 = 0
    var idleNanos: Int64 = 0
    var backpressuredNanos: Int64 = 0
    var queueDepthMax = 0
    var quanta = 0
}

/// Figures of one operator subtask after a run.
///
/// Busy, idle and backpressured time belong to the task (the chain) the operator runs in, as in Flink:
/// operators chained together share them.
public struct OperatorSubtaskMetrics: Sendable, Equatable, CustomStringConvertible {
    public var operatorName: String
    public var uid: String
    public var subtask: Int
    public var parallelism: Int
    public var rowsIn: Int
    public var batchesIn: Int
    public var rowsOut: Int
    public var batchesOut: Int
    /// Time spent running (processing or producing).
    public var busyNanos: Int64
    /// Time spent waiting for input.
    public var idleNanos: Int64
    /// Time spent waiting for room in a full output channel.
    public var backpressuredNanos: Int64
    /// The deepest input queue seen (elements over all input channels of the task).
    public var queueDepthMax: Int
    public var custom: [String: Int]

    public var description: String {
        func ms(_ n: Int64) -> String { String(Double(n / 10_000) / 100) + " ms" }
        return "\(operatorName) (\(subtask + 1)/\(parallelism)): in \(rowsIn) rows/\(batchesIn) batches, "
            + "out \(rowsOut) rows/\(batchesOut) batches, busy \(ms(busyNanos)), idle \(ms(idleNanos)), "
            + "backpressured \(ms(backpressuredNanos)), queue max \(queueDepthMax)"
    }
}
