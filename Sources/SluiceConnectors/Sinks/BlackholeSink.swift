import Synchronization
import SluiceColumnar
import SluiceRuntime

/// Discards every row and counts it: the throughput sink (Flink's `blackhole` connector).
///
/// Counting is per subtask (`rows`), and optionally into a shared `RowCounter` once per batch, so a
/// caller can read the total after (or during) the job.
public final class BlackholeSink: Operator {
    public private(set) var rows = 0
    private let counter: RowCounter?

    public init(counter: RowCounter? = nil) { self.counter = counter }

    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        rows += batch.count
        counter?.add(batch.count)
    }
}

/// A row count shared by the subtasks of a sink, readable from any thread.
public final class RowCounter: Sendable {
    private let value = Atomic<Int>(0)

    public init() {}

    public func add(_ n: Int) { value.add(n, ordering: .relaxed) }

    public var count: Int { value.load(ordering: .relaxed) }
}

extension JobGraph {
    /// Adds a blackhole sink for `schema`; `counter`, when given, receives the row count.
    @discardableResult
    public mutating func addBlackholeSink(name: String, uid: String? = nil, parallelism: Int = 1, schema: Schema,
                                          counter: RowCounter? = nil) -> VertexID {
        addOperator(name: name, uid: uid, parallelism: parallelism, schema: schema) { _ in BlackholeSink(counter: counter) }
    }
}
