import SluiceOperators

extension KeyedStream {
    /// A keyed process function (Flink's `KeyedProcessFunction`): rows reach the subtask owning
    /// their key (hash edge by key group); `body` sees each row with a context whose keyed state
    /// (`ctx.valueState(…)`, `mapState`, `listState`, `aggregatingState`) and timers
    /// (`ctx.registerEventTimeTimer(t)`, `ctx.currentWatermark`, …) are scoped to the row's key;
    /// `onTimer` runs for the key when a timer fires. `clock` drives processing time (a `ManualClock`
    /// in tests).
    ///
    ///     let totals = try env.fromValues(events).keyBy("color").process(outputSchema: out) { row, ctx, out in
    ///         let total = try ctx.valueState("total", of: Int64.self)
    ///         let next = (try total.value() ?? 0) + (try row.int64("value") ?? 0)
    ///         try total.update(next)
    ///         try out.emit([try row.value("color"), .int(next)])
    ///     }
    public func process(outputSchema: Schema, clock: any ProcessingClock = SystemClock.shared,
                        onTimer: KeyedProcessOperator.OnTimer? = nil,
                        _ body: @escaping KeyedProcessOperator.Body) throws(SluiceError) -> DataStream {
        let env = input.env
        try env.checkParallelism(env.parallelism)
        let budget = env.stateMemoryBudgetBytes.map { $0 / env.parallelism }
        let options = KeyedStateOptions(directory: env.stateDirectory, memoryBudgetBytes: budget, maxParallelism: env.maxParallelism)
        let id = try env.graph.addKeyedProcess(name: env.uniqueName("keyed-process"), input: input.vertex, keyColumns: keyColumns,
                                               outputSchema: outputSchema, parallelism: env.parallelism, stateOptions: options,
                                               clock: clock, onTimer: onTimer, body)
        return DataStream(env: env, vertex: id, schema: outputSchema, parallelism: env.parallelism, isChangelog: input.isChangelog)
    }
}
