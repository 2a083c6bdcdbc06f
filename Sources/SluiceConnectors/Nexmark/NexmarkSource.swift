#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar
import SluiceRuntime

/// The `nexmark` connector's reader: one split of the Nexmark stream per subtask, as typed batches
/// of the requested kinds, with event-time watermarks.
///
/// - Kinds: one kind gives that kind's typed batches (`NexmarkSchemas.person`/`auction`/`bid`) and
///   generates no strings for the others (a bid-only query never builds person or auction
///   batches); several kinds give the reference table's union shape (`NexmarkSchemas.referenceTable`),
///   with the rows of a kind not asked for left out.
/// - Watermarks: each split's event times are monotonic, so after every batch the watermark is the
///   last event time minus `watermarkDelayMicros` (the reference table's `dateTime - INTERVAL '4'
///   SECOND`), without a reduction over the batch; `+∞` when a bounded split ends.
/// - Bounded when `events.num > 0` or `stop-at ≥ 0` (unless `keep-alive`, which keeps a finished
///   split running, idle). Rate: `max-emit-speed = false` releases each event when the wall clock,
///   measured from `open`, reaches its event-time offset; `poll` never sleeps.
public final class NexmarkSource: SourceReader {
    public let options: NexmarkOptions
    public let kinds: NexmarkEventKinds
    public let schema: Schema
    /// Watermark lag behind the last event time; nil emits no watermarks.
    public let watermarkDelayMicros: Int64?
    var generator: NexmarkGenerator
    let clock: @Sendable () -> Int64
    var startNanos: Int64 = 0
    private var lastWatermark = Watermark.min
    private var ended = false

    /// Split `split` of `splits`; `tables` may be shared by every split of one seed. `clock` returns
    /// monotonic nanoseconds (tests pass a manual clock).
    public init(options: NexmarkOptions, kinds: NexmarkEventKinds = .all, split: Int = 0, of splits: Int = 1,
                tables: NexmarkTables? = nil, watermarkDelayMicros: Int64? = 4_000_000,
                clock: @escaping @Sendable () -> Int64 = NexmarkSource.monotonicNanos) {
        self.options = options
        self.kinds = kinds.isEmpty ? .all : kinds
        schema = NexmarkSchemas.schema(for: self.kinds)
        self.watermarkDelayMicros = watermarkDelayMicros
        generator = NexmarkGenerator(options: options, split: split, of: splits, tables: tables)
        self.clock = clock
    }

    /// The reader factory of a source with `parallelism` splits: the options are parsed once and the
    /// tables built once, so every split shares one `base-time` (which defaults to now) and one
    /// timeline. This is what a planner registering the `nexmark` connector should use.
    public static func factory(options: [String: String], kinds: NexmarkEventKinds) throws(SluiceError)
        -> @Sendable (SubtaskInfo) -> NexmarkSource {
        factory(options: try NexmarkOptions(options), kinds: kinds)
    }

    /// The reader factory for already parsed options (see `factory(options:kinds:)`).
    public static func factory(options: NexmarkOptions, kinds: NexmarkEventKinds) -> @Sendable (SubtaskInfo) -> NexmarkSource {
        let tables = NexmarkTables(seed: options.seed)
        return { NexmarkSource(options: options, kinds: kinds, split: $0.index, of: $0.parallelism, tables: tables) }
    }

    /// From the connector's `WITH` options for one split. Each call parses the options, so without an
    /// explicit `base-time` separate calls get separate base times: prefer `factory` for a job.
    public convenience init(options: [String: String], kinds: NexmarkEventKinds, split: Int, of splits: Int) throws(SluiceError) {
        guard splits >= 1, split >= 0, split < splits else {
            throw .invalidInput("nexmark split \(split) of \(splits) does not exist; splits are 0 ..< count and count is at least 1")
        }
        self.init(options: try NexmarkOptions(options), kinds: kinds, split: split, of: splits)
    }

    public static let monotonicNanos: @Sendable () -> Int64 = {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Events of this split generated so far.
    public var eventsGenerated: Int64 { generator.eventsSoFar }

    public func open(_ context: OperatorContext) throws(SluiceError) {
        startNanos = clock()
    }

    public func poll(output: Output) throws(SluiceError) -> SourceStatus {
        if generator.isExhausted { return try finish(output) }
        let due = dueEvents()
        guard due >= Int64(options.batchSize) || (due > 0 && due == generator.remaining) else { return .nothingAvailable }
        try emit(Int(min(due, Int64(options.batchSize))), output)
        return generator.isExhausted ? try finish(output) : .moreAvailable
    }

    public func flushPartial(output: Output) throws(SluiceError) {
        let due = dueEvents()
        if due > 0 { try emit(Int(min(due, Int64(options.batchSize))), output) }
    }

    /// Events that may be generated now: all that remain at max speed, else those whose event-time
    /// offset the wall clock has reached.
    private func dueEvents() -> Int64 {
        let remaining = generator.remaining
        guard !options.maxEmitSpeed else { return remaining }
        let elapsedMicros = Double(clock() - startNanos) / 1000
        let reached = Int64(elapsedMicros / generator.split.interEventDelayUs) + 1
        return max(0, min(remaining, reached - generator.eventsSoFar))
    }

    private func emit(_ events: Int, _ output: Output) throws(SluiceError) {
        let single = kinds.isSingle
        let batches = try generator.next(maxEvents: events, kinds: single ? kinds : .all, recordOrder: !single)
        if single {
            for batch in batches.nonEmpty { try output.emit(batch) }
        } else {
            try output.emit(try referenceTable(batches))
        }
        try advanceWatermark(batches, output)
    }

    /// The reference-table batch; with two of the three kinds the third is generated (the stream is
    /// shared) but its rows are left out by a selection vector.
    private func referenceTable(_ batches: NexmarkBatches) throws(SluiceError) -> RecordBatch {
        let table = try NexmarkReferenceTable.batch(batches)
        guard kinds != .all, let order = batches.eventTypes else { return table }
        let rows = order.indices.filter { kinds.contains(NexmarkEventKinds(rawValue: 1 << UInt8(order[$0]))) }
        return table.withSelection(SelectionVector(rows))
    }

    /// The watermark after a batch: the split's last event time minus the delay, if it moved.
    private func advanceWatermark(_ batches: NexmarkBatches, _ output: Output) throws(SluiceError) {
        if let delay = watermarkDelayMicros, let last = batches.lastEventTimeMillis {
            let w = Watermark(last &* 1000 &- delay)
            if w > lastWatermark {
                lastWatermark = w
                try output.emitWatermark(w)
            }
        }
    }

    /// A finished split ends its input (watermark +∞ first), or idles forever with `keep-alive`.
    private func finish(_ output: Output) throws(SluiceError) -> SourceStatus {
        if options.keepAlive { return .nothingAvailable }
        if !ended && watermarkDelayMicros != nil {
            ended = true
            try output.emitWatermark(.max)
        }
        return .endOfInput
    }
}

extension JobGraph {
    /// Adds a Nexmark source over `parallelism` splits producing `kinds` (see `NexmarkSource`);
    /// the shared string tables are built once for all subtasks.
    @discardableResult
    public mutating func addNexmarkSource(name: String = "nexmark", uid: String? = nil, parallelism: Int = 1,
                                          options: NexmarkOptions, kinds: NexmarkEventKinds = .all) -> VertexID {
        let readers = NexmarkSource.factory(options: options, kinds: kinds)
        return addSource(name: name, uid: uid, parallelism: parallelism, schema: NexmarkSchemas.schema(for: kinds)) {
            readers($0)
        }
    }

    /// Adds a Nexmark source from the connector's `WITH` options; throws on a bad option.
    @discardableResult
    public mutating func addNexmarkSource(name: String = "nexmark", uid: String? = nil, parallelism: Int = 1,
                                          options: [String: String], kinds: NexmarkEventKinds = .all) throws(SluiceError) -> VertexID {
        addNexmarkSource(name: name, uid: uid, parallelism: parallelism, options: try NexmarkOptions(options), kinds: kinds)
    }
}
