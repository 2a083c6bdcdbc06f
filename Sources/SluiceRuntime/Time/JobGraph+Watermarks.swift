import SluiceColumnar

extension JobGraph {
    /// Adds a source whose subtasks generate watermarks with `strategy` (and detect idleness when the
    /// strategy has an idle timeout). Throws when the strategy does not fit `schema`.
    @discardableResult
    public mutating func addSource(
        name: String, uid: String? = nil, parallelism: Int = 1, schema: Schema, watermarks strategy: WatermarkStrategy,
        clock: any ProcessingClock = SystemClock.shared,
        _ factory: @escaping @Sendable (SubtaskInfo) -> any SourceReader
    ) throws(SluiceError) -> VertexID {
        _ = try strategy.validate(against: schema)
        return addSource(name: name, uid: uid, parallelism: parallelism, schema: schema) { info in
            // try! cannot fail: the strategy was validated against this schema above.
            let assigner = try! WatermarkAssigner(strategy: strategy, inputSchema: schema, clock: clock)
            return WatermarkedSource(factory(info), assigner: assigner)
        }
    }

    /// Adds a `WatermarkAssigner` after `input` (forward edge, same parallelism, so it chains into the
    /// source's task and generates watermarks per source subtask). Without idleness detection: use the
    /// watermarked `addSource` for that.
    @discardableResult
    public mutating func addWatermarkAssigner(name: String, input: VertexID, strategy: WatermarkStrategy,
                                              clock: any ProcessingClock = SystemClock.shared) throws(SluiceError) -> VertexID {
        let source = self[input]
        let schema = source.outputSchema
        _ = try strategy.validate(against: schema)
        let id = addOperator(name: name, parallelism: source.parallelism, schema: schema) { _ in
            try! WatermarkAssigner(strategy: strategy, inputSchema: schema, clock: clock)
        }
        connect(input, id)
        return id
    }
}
