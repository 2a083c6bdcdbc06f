import SluiceOperators

/// A window of the DataStream API; durations are Swift `Duration`s (microsecond resolution).
public enum WindowSpec: Sendable, CustomStringConvertible {
    case tumble(size: Duration)
    case hop(size: Duration, slide: Duration)
    case cumulate(size: Duration, step: Duration)
    /// Sessions of a key end `gap` after its last row; a row bridging two sessions merges them.
    case session(gap: Duration)

    public var description: String {
        switch self {
        case .tumble(let s): return ".tumble(size: \(s))"
        case .hop(let s, let d): return ".hop(size: \(s), slide: \(d))"
        case .cumulate(let s, let d): return ".cumulate(size: \(s), step: \(d))"
        case .session(let g): return ".session(gap: \(g))"
        }
    }

    static func micros(_ d: Duration) -> Int64 {
        let (seconds, attoseconds) = d.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }
}

/// A keyed stream cut into windows: set lateness and the late-data output, then `aggregate`.
///
/// Output rows: keys, `window_start`, `window_end`, aggregates; append-only, emitted when the
/// watermark passes the window's end. Within `allowedLateness` a late row re-emits its window with
/// updated values (the later row supersedes the earlier); rows later than that go to the
/// `sideOutputLateData` output or are dropped, counted in the operator metrics either way.
public struct WindowedStream {
    let keyed: KeyedStream
    let window: WindowSpec
    let timeColumn: String
    var lateness: Duration = .zero
    var lateData: LateDataOutput?
    var processingClock: (any ProcessingClock)?

    init(keyed: KeyedStream, window: WindowSpec, timeColumn: String) {
        self.keyed = keyed
        self.window = window
        self.timeColumn = timeColumn
    }

    public func allowedLateness(_ lateness: Duration) -> WindowedStream {
        var w = self
        w.lateness = lateness
        return w
    }

    public func sideOutputLateData(_ output: LateDataOutput) -> WindowedStream {
        var w = self
        w.lateData = output
        return w
    }

    public func aggregate(_ aggregates: Aggregate...) throws(SluiceError) -> DataStream {
        try aggregate(aggregates)
    }

    public func aggregate(_ aggregates: [Aggregate]) throws(SluiceError) -> DataStream {
        guard !aggregates.isEmpty else { throw .invalidInput("a window aggregate needs at least one aggregate, e.g. .count()") }
        let input = keyed.input
        let env = input.env
        var specs: [AggregateSpec] = []
        for a in aggregates { specs.append(try a.spec(input.schema)) }
        let name = env.uniqueName("window")
        let late = WindowSpec.micros(lateness)
        let id: VertexID
        if case .session(let gap) = window {
            id = try env.graph.addSessionWindowAggregate(
                name: name, input: input.vertex, timeColumn: timeColumn, keyColumns: keyed.keyColumns, aggregates: specs,
                gapMicros: WindowSpec.micros(gap), allowedLatenessMicros: late, lateData: lateData,
                parallelism: env.parallelism, maxParallelism: env.maxParallelism)
        } else {
            id = try env.graph.addWindowAggregate(
                name: name, input: input.vertex, timeColumn: timeColumn, keyColumns: keyed.keyColumns, aggregates: specs,
                window: try assigner(), allowedLatenessMicros: late, lateData: lateData, processingClock: processingClock,
                parallelism: env.parallelism, maxParallelism: env.maxParallelism)
        }
        let vertex = env.graph[id]
        return DataStream(env: env, vertex: id, schema: vertex.outputSchema, parallelism: vertex.parallelism)
    }

    func assigner() throws(SluiceError) -> SliceAssigner {
        switch window {
        case .tumble(let size): return try .tumble(size: WindowSpec.micros(size))
        case .hop(let size, let slide): return try .hop(size: WindowSpec.micros(size), slide: WindowSpec.micros(slide))
        case .cumulate(let size, let step): return try .cumulate(size: WindowSpec.micros(size), step: WindowSpec.micros(step))
        case .session: throw .internalError("session windows have no slice assigner")
        }
    }
}
