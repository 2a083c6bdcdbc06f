import SluiceColumnar

/// Registering states. Asking twice for the same name with the same kind and type returns the same
/// state; another kind or type under a known name (also one restored from a snapshot) is an error.
extension KeyedStateBackend {
    /// A value state of a fixed-width type, stored in the slot (the lean path).
    public func valueState<T: BitwiseCopyable>(_ name: String, of type: T.Type = T.self,
                                               ttl: StateTTLConfig? = nil) throws(SluiceError) -> ValueState<T> {
        try valueState(name, serializer: .fixed(T.self), ttl: ttl)
    }

    /// A value state of any type through a serializer (`.bytes`, `.string`, `.custom`, `.fixed`).
    public func valueState<T>(_ name: String, serializer: StateSerializer<T>,
                              ttl: StateTTLConfig? = nil) throws(SluiceError) -> ValueState<T> {
        let store = try register(payloadDescriptor(name, .value, serializer.fixedWidth, detail: 0), ttl: ttl)
        return ValueState(store: store, backend: self, serializer: serializer)
    }

    /// A map state with fixed-width keys and values.
    public func mapState<K: BitwiseCopyable, V: BitwiseCopyable>(_ name: String, keyType: K.Type = K.self, valueType: V.Type = V.self,
                                                                 ttl: StateTTLConfig? = nil) throws(SluiceError) -> MapState<K, V> {
        try mapState(name, keySerializer: .fixed(K.self), valueSerializer: .fixed(V.self), ttl: ttl)
    }

    /// A map state through serializers for its keys and values.
    public func mapState<K, V>(_ name: String, keySerializer: StateSerializer<K>, valueSerializer: StateSerializer<V>,
                               ttl: StateTTLConfig? = nil) throws(SluiceError) -> MapState<K, V> {
        let detail = UInt32(keySerializer.fixedWidth ?? 0)
        let store = try register(payloadDescriptor(name, .map, valueSerializer.fixedWidth, detail: detail), ttl: ttl)
        return MapState(store: store, backend: self, keySerializer: keySerializer, valueSerializer: valueSerializer)
    }

    /// A list state of fixed-width elements.
    public func listState<T: BitwiseCopyable>(_ name: String, of type: T.Type = T.self,
                                              ttl: StateTTLConfig? = nil) throws(SluiceError) -> ListState<T> {
        try listState(name, serializer: .fixed(T.self), ttl: ttl)
    }

    /// A list state through an element serializer.
    public func listState<T>(_ name: String, serializer: StateSerializer<T>,
                             ttl: StateTTLConfig? = nil) throws(SluiceError) -> ListState<T> {
        let descriptor = StateDescriptor(name: name, kind: .list, payloadWidth: 8, variable: true,
                                         detail: UInt32(serializer.fixedWidth ?? 0))
        return ListState(store: try register(descriptor, ttl: ttl), backend: self, serializer: serializer)
    }

    /// An aggregating state: COUNT, SUM, MIN, MAX or AVG over BIGINT or DOUBLE inputs.
    public func aggregatingState(_ name: String, function: AggregatingState.Function,
                                 inputType: AggregatingState.InputType = .int64,
                                 ttl: StateTTLConfig? = nil) throws(SluiceError) -> AggregatingState {
        let descriptor = StateDescriptor(name: name, kind: .aggregating, payloadWidth: AggregatingState.payloadWidth,
                                         variable: false, detail: UInt32(function.rawValue) << 8 | UInt32(inputType.rawValue))
        return AggregatingState(store: try register(descriptor, ttl: ttl), backend: self, function: function, inputType: inputType)
    }

    private func payloadDescriptor(_ name: String, _ kind: StateDescriptor.Kind, _ fixedWidth: Int?, detail: UInt32) throws(SluiceError) -> StateDescriptor {
        if let fixedWidth, fixedWidth > 1 << 16 {
            throw .invalidInput("state '\(name)': a fixed-width value of \(fixedWidth) bytes is too large for a slot (limit 65536); use a variable-size serializer")
        }
        return StateDescriptor(name: name, kind: kind, payloadWidth: fixedWidth ?? 8, variable: fixedWidth == nil, detail: detail)
    }
}
