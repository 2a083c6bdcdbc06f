import SluiceOperators

extension KeyedStream {
    /// A keyed process function (Flink's `KeyedProcessFunction`): `body` sees each row with a context
    /// that registers event-time and processing-time timers for the row's key
    /// (`ctx.registerEventTimeTimer(t)`, `ctx.currentWatermark`, …); `onTimer` runs for the key when
    /// one fires. Rows go over a hash edge on the keys, so a key's rows and timers meet in one subtask.
    /// `clock` drives processing time (a `ManualClock` in tests).
    public func process(outputSchema: Schema, clock: any ProcessingClock = SystemClock.shared,
                        onTimer: KeyedProcessOperator.OnTimer? = nil,
                        _ body: @escaping KeyedProcessOperator.Body) throws(SluiceError) -> DataStream {
        let env = input.env
        let name = env.uniqueName("keyed-process")
        let id = try env.graph.addKeyedProcess(name: name, input: input.vertex, keyColumns: keyColumns, outputSchema: outputSchema,
                                               parallelism: env.parallelism, maxParallelism: env.maxParallelism,
                                               clock: clock, onTimer: onTimer, body)
        return DataStream(env: env, vertex: id, schema: outputSchema, parallelism: env.parallelism)
    }
}
