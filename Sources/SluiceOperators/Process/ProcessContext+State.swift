import SluiceColumnar
import SluiceStorage

/// Keyed state for keyed process functions (`KeyedProcessOperator`): every state is scoped to the
/// key of the row being processed, like Flink's `getRuntimeContext().getState(…)`.
extension ProcessContext {
    /// The subtask's keyed state backend; an `.invalidInput` error on a stream that is not keyed.
    public func stateBackend() throws(SluiceError) -> KeyedStateBackend {
        guard let keyedState else {
            throw .invalidInput("keyed state is only available in a keyed process function; use keyBy(…).process(…) instead of process(…)")
        }
        return keyedState
    }

    public func valueState<T: BitwiseCopyable>(_ name: String, of type: T.Type = T.self,
                                               ttl: StateTTLConfig? = nil) throws(SluiceError) -> ValueState<T> {
        try stateBackend().valueState(name, of: type, ttl: ttl)
    }

    public func valueState<T>(_ name: String, serializer: StateSerializer<T>,
                              ttl: StateTTLConfig? = nil) throws(SluiceError) -> ValueState<T> {
        try stateBackend().valueState(name, serializer: serializer, ttl: ttl)
    }

    public func mapState<K, V>(_ name: String, keySerializer: StateSerializer<K>, valueSerializer: StateSerializer<V>,
                               ttl: StateTTLConfig? = nil) throws(SluiceError) -> MapState<K, V> {
        try stateBackend().mapState(name, keySerializer: keySerializer, valueSerializer: valueSerializer, ttl: ttl)
    }

    public func listState<T>(_ name: String, serializer: StateSerializer<T>,
                             ttl: StateTTLConfig? = nil) throws(SluiceError) -> ListState<T> {
        try stateBackend().listState(name, serializer: serializer, ttl: ttl)
    }

    public func aggregatingState(_ name: String, function: AggregatingState.Function,
                                 inputType: AggregatingState.InputType = .int64,
                                 ttl: StateTTLConfig? = nil) throws(SluiceError) -> AggregatingState {
        try stateBackend().aggregatingState(name, function: function, inputType: inputType, ttl: ttl)
    }
}
