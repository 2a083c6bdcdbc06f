import SluiceColumnar
import SluiceRuntime
import SluiceStorage

/// A keyed process function's timers kept as state in its keyed state backend, so that they live in
/// the backend's memory-mapped tables, are checkpointed with it (incrementally: only timers added or
/// removed since the previous snapshot) and move with their key group on a rescaled restore.
///
/// Per time domain one map state under the timer's key: user key (time, namespace), value the key
/// as the timer service serializes it (`TimerKeyCodec`). The `TimerService` queue stays the order
/// in which timers fire; this store is what a restore rebuilds that queue from (`load`).
///
/// Entries are written under the backend's default namespace, whatever namespace the function set
/// for its own state (it is put back after each call).
struct TimerStore {
    struct Entry: BitwiseCopyable, Equatable {
        var time: Int64
        var namespace: Int64
    }

    static let eventTimeState = "$timers.event-time"
    static let processingTimeState = "$timers.processing-time"

    let backend: KeyedStateBackend
    let eventTime: MapState<Entry, [UInt8]>
    let processingTime: MapState<Entry, [UInt8]>

    init(_ backend: KeyedStateBackend) throws(SluiceError) {
        self.backend = backend
        eventTime = try backend.mapState(Self.eventTimeState, keySerializer: .fixed(Entry.self), valueSerializer: .bytes)
        processingTime = try backend.mapState(Self.processingTimeState, keySerializer: .fixed(Entry.self), valueSerializer: .bytes)
    }

    func state(_ domain: OperatorTimer.Domain) -> MapState<Entry, [UInt8]> {
        domain == .eventTime ? eventTime : processingTime
    }

    /// Records a timer of the backend's current key (`key` is its `TimerKeyCodec` form).
    func put(_ domain: OperatorTimer.Domain, time: Int64, namespace: Int64, key: [UInt8]) throws(SluiceError) {
        try inDefaultNamespace { () throws(SluiceError) in try state(domain).put(Entry(time: time, namespace: namespace), key) }
    }

    /// Forgets a timer of the backend's current key.
    func remove(_ domain: OperatorTimer.Domain, time: Int64, namespace: Int64) throws(SluiceError) {
        try inDefaultNamespace { () throws(SluiceError) in _ = try state(domain).remove(Entry(time: time, namespace: namespace)) }
    }

    /// Registers every stored timer of the backend's key groups with `service`.
    func load(into service: TimerService) throws(SluiceError) {
        for group in backend.keyGroupRange {
            try eventTime.forEachEntry(inKeyGroup: group) { (_, entry, key) throws(SluiceError) in
                service.registerEventTimeTimer(entry.time, key: key, keyGroup: Int32(group), namespace: entry.namespace)
            }
            try processingTime.forEachEntry(inKeyGroup: group) { (_, entry, key) throws(SluiceError) in
                service.registerProcessingTimeTimer(entry.time, key: key, keyGroup: Int32(group), namespace: entry.namespace)
            }
        }
    }

    private func inDefaultNamespace(_ body: () throws(SluiceError) -> Void) throws(SluiceError) {
        guard backend.hasNamespace else { return try body() }
        let namespace = backend.currentNamespace
        backend.clearCurrentNamespace()
        defer { backend.setCurrentNamespace(namespace) }
        try body()
    }
}
