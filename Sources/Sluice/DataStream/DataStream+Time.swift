import SluiceOperators

/// Where windows' late rows go instead of being dropped: pass one to `sideOutputLateData`, read it
/// after the job (`rows()`, `batches`).
public typealias LateDataOutput = SluiceOperators.LateDataOutput

extension DataStream {
    /// Assigns event time and watermarks (per subtask, chained to this stream): `strategy` names the
    /// event-time column, the out-of-orderness bound and idleness (in streaming mode
    /// `StreamEnvironment.sourceIdleTimeoutMicros` when the strategy sets none). The returned stream
    /// records the column as its event-time attribute, which windows use.
    public func assignTimestampsAndWatermarks(_ strategy: WatermarkStrategy,
                                              clock: any ProcessingClock = SystemClock.shared) throws(SluiceError) -> DataStream {
        var strategy = strategy
        if env.mode == .streaming, strategy.idleTimeoutMicros == nil, let idle = env.sourceIdleTimeoutMicros {
            strategy = strategy.withIdleness(timeoutMicros: idle)
        }
        let name = env.uniqueName("watermarks")
        let id = try env.graph.addWatermarkAssigner(name: name, input: vertex, strategy: strategy, clock: clock)
        var timed = schema
        if let column = strategy.timestampColumn { timed.eventTimeIndex = try EventTime.columnIndex(column, in: schema) }
        return DataStream(env: env, vertex: id, schema: timed, parallelism: parallelism, isChangelog: isChangelog,
                          partitioning: partitioning)
    }
}

extension KeyedStream {
    /// Event-time windows over the keyed stream: `.tumble(size:)`, `.hop(size:slide:)`,
    /// `.cumulate(size:step:)` or `.session(gap:)`. The time column is the stream's event-time
    /// attribute (set by `assignTimestampsAndWatermarks`) unless `timeColumn` names another.
    public func window(_ window: WindowSpec, timeColumn: String? = nil) throws(SluiceError) -> WindowedStream {
        let column: String
        if let timeColumn {
            column = timeColumn
        } else if let index = input.schema.eventTimeIndex {
            column = input.schema[index].name
        } else {
            throw .invalidInput("window(\(window)) needs an event-time column: call assignTimestampsAndWatermarks(…) before keyBy, or pass timeColumn:")
        }
        return WindowedStream(keyed: self, window: window, timeColumn: column)
    }

    /// Processing-time windows (`.tumble`, `.hop`, `.cumulate`): rows count by the time they arrive on
    /// `clock` (a `ManualClock` in tests); windows fire once the clock passes their end. `timeColumn`
    /// (a TIMESTAMP or BIGINT column) only gives `window_start`/`window_end` their type.
    public func window(_ window: WindowSpec, processingTime clock: any ProcessingClock,
                       timeColumn: String) throws(SluiceError) -> WindowedStream {
        if case .session = window {
            throw .unsupported("processing-time session windows are not supported; use event time (assignTimestampsAndWatermarks) for \(window)")
        }
        var w = WindowedStream(keyed: self, window: window, timeColumn: timeColumn)
        w.processingClock = clock
        return w
    }
}
