import SluiceColumnar
import SluiceRuntime

/// Timers for keyed process functions (Flink's `TimerService`): scoped by the current key, and
/// optionally by a namespace (a window, or any Int64 the function chooses). Each timer is also kept
/// in the keyed state backend (`TimerStore`), which checkpoints and restores it.
extension ProcessContext {
    /// Registers an event-time timer for the current key: `onTimer` runs once the watermark reaches
    /// `time`. Registering the same (time, key, namespace) again keeps one timer.
    public func registerEventTimeTimer(_ time: Int64, namespace: Int64 = 0) throws(SluiceError) {
        let scope = try keyedScope("registerEventTimeTimer")
        let (key, group) = try scope.current()
        if scope.service.registerEventTimeTimer(time, key: key, keyGroup: group, namespace: namespace) {
            try scope.store?.put(.eventTime, time: time, namespace: namespace, key: key)
        }
    }

    /// Registers a processing-time timer for the current key: `onTimer` runs once the operator's clock
    /// reaches `time` (checked whenever the operator handles a batch or a watermark).
    public func registerProcessingTimeTimer(_ time: Int64, namespace: Int64 = 0) throws(SluiceError) {
        let scope = try keyedScope("registerProcessingTimeTimer")
        let (key, group) = try scope.current()
        if scope.service.registerProcessingTimeTimer(time, key: key, keyGroup: group, namespace: namespace) {
            try scope.store?.put(.processingTime, time: time, namespace: namespace, key: key)
        }
    }

    /// Deletes the current key's event-time timer at `time` (no-op when there is none).
    public func deleteEventTimeTimer(_ time: Int64, namespace: Int64 = 0) throws(SluiceError) {
        let scope = try keyedScope("deleteEventTimeTimer")
        if scope.service.deleteEventTimeTimer(time, key: try scope.current().key, namespace: namespace) {
            try scope.store?.remove(.eventTime, time: time, namespace: namespace)
        }
    }

    /// Deletes the current key's processing-time timer at `time` (no-op when there is none).
    public func deleteProcessingTimeTimer(_ time: Int64, namespace: Int64 = 0) throws(SluiceError) {
        let scope = try keyedScope("deleteProcessingTimeTimer")
        if scope.service.deleteProcessingTimeTimer(time, key: try scope.current().key, namespace: namespace) {
            try scope.store?.remove(.processingTime, time: time, namespace: namespace)
        }
    }

    /// The operator's event time: the last watermark it received (Int64.min before the first).
    public var currentWatermark: Int64 { timerScope?.service.currentWatermark ?? .min }

    /// The operator's processing time (its clock, microseconds).
    public var currentProcessingTime: Int64 { timerScope?.service.currentProcessingTime ?? SystemClock.shared.nowMicros() }

    /// The key of the row or timer being handled, as values of the key columns.
    public func currentKey() throws(SluiceError) -> [Value] {
        try TimerKeyCodec.decode(keyedScope("currentKey").current().key)
    }

    func keyedScope(_ call: String) throws(SluiceError) -> TimerScope {
        guard let timerScope else {
            throw SluiceError(.invalidInput, "\(call) needs a keyed process function: build it with JobGraph.addKeyedProcess (or keyBy(…).process in the DataStream API); this operator has no key")
        }
        return timerScope
    }
}
