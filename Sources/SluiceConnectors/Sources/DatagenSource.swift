#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar
import SluiceRuntime

/// A rate-controlled data generator, Flink's `datagen` connector: columns filled by sequences or
/// seeded random values (see `DatagenKind`), bounded (`rowsTotal`, or a sequence's end) or unbounded.
///
/// Subtask `i` of `p` owns the global rows `i, i + p, i + 2p, …`, and every value is a function of its
/// row number, so the union of all subtasks is the same at any parallelism and on every rerun.
///
/// Rate: `rowsPerSecond` is shared by the subtasks (each gets `rowsPerSecond / p`). `poll` never
/// sleeps: it emits a full batch when one is due, and returns `.nothingAvailable` when it is ahead of
/// the rate; the task polls again later and, after the buffer timeout, calls `flushPartial`, which
/// emits the rows due so far as a partly filled batch (the latency bound of a slow stream).
public final class DatagenSource: SourceReader {
    public let schema: Schema
    public let options: DatagenOptions
    private let subtask: SubtaskInfo
    private let clock: @Sendable () -> Int64
    private var kinds: [DatagenKind] = []
    /// Rows this subtask produces in total, nil when unbounded.
    private var ownRows: Int?
    private var emitted = 0
    /// Rows emitted before `startNanos` (by an earlier run, when restored): not rate-limited again.
    private var emittedBeforeStart = 0
    private var startNanos: Int64 = 0

    /// `clock` returns monotonic nanoseconds (tests pass a manual clock).
    public init(schema: Schema, options: DatagenOptions, subtask: SubtaskInfo,
                clock: @escaping @Sendable () -> Int64 = DatagenSource.monotonicNanos) {
        self.schema = schema
        self.options = options
        self.subtask = subtask
        self.clock = clock
    }

    public static let monotonicNanos: @Sendable () -> Int64 = {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        try options.validate(schema)
        kinds = schema.fields.map { options.fields[$0.name] ?? .random() }
        let p = subtask.parallelism, i = subtask.index
        ownRows = options.totalRows(schema).map { total in total > i ? (total - i - 1) / p + 1 : 0 }
        startNanos = clock()
    }

    public func poll(output: Output) throws(SluiceError) -> SourceStatus {
        let remaining = ownRows.map { $0 - emitted }
        if remaining == 0 { return .endOfInput }
        let due = dueRows(remaining)
        if due >= options.batchSize || (due > 0 && due == remaining) {
            try emit(min(due, options.batchSize), output)
            return emitted == ownRows ? .endOfInput : .moreAvailable
        }
        return .nothingAvailable
    }

    public func flushPartial(output: Output) throws(SluiceError) {
        let due = dueRows(ownRows.map { $0 - emitted })
        if due > 0 { try emit(min(due, options.batchSize), output) }
    }

    /// The position is this subtask's row count: row numbers are a function of it.
    public func snapshotPosition() throws(SluiceError) -> [SplitPosition]? {
        [SplitPosition(split: "datagen \(subtask.index + 1)/\(subtask.parallelism)", offset: Int64(emitted))]
    }

    public func restore(_ positions: [SplitPosition]) throws(SluiceError) {
        guard positions.count == 1, let offset = positions.first?.offset, offset >= 0,
              ownRows.map({ offset <= Int64($0) }) ?? true else {
            throw .invalidInput("datagen subtask \(subtask.index + 1)/\(subtask.parallelism) cannot restore positions \(positions)")
        }
        emitted = Int(offset)
        emittedBeforeStart = emitted
        startNanos = clock()
    }

    /// Rows that may be emitted now: what the rate allows, capped by what is left.
    private func dueRows(_ remaining: Int?) -> Int {
        var due = remaining ?? Int.max
        if let rate = options.rowsPerSecond {
            let seconds = Double(clock() - startNanos) / 1e9
            let allowed = Int((rate / Double(subtask.parallelism) * seconds).rounded(.down))
            due = min(due, max(0, allowed - (emitted - emittedBeforeStart)))
        }
        return min(due, Int.max)
    }

    private func emit(_ count: Int, _ output: Output) throws(SluiceError) {
        let first = subtask.index + emitted * subtask.parallelism
        var columns: [Column] = []
        columns.reserveCapacity(schema.count)
        for (c, field) in schema.fields.enumerated() {
            columns.append(DatagenColumns.generate(field.type, kinds[c], column: c, seed: options.seed,
                                                   first: first, step: subtask.parallelism, count: count))
        }
        emitted += count
        try output.emit(RecordBatch(schema: schema, columns: columns, count: count))
    }
}

extension JobGraph {
    /// Adds a data generator of `schema` over `parallelism` subtasks (see `DatagenSource`).
    @discardableResult
    public mutating func addDatagenSource(name: String, uid: String? = nil, parallelism: Int = 1, schema: Schema,
                                          options: DatagenOptions) -> VertexID {
        addSource(name: name, uid: uid, parallelism: parallelism, schema: schema) {
            DatagenSource(schema: schema, options: options, subtask: $0)
        }
    }
}
