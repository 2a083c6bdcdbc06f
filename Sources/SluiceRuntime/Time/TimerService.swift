import SluiceColumnar

/// The event-time and processing-time timers of one keyed operator subtask, scoped by key and
/// namespace (a window, or 0).
///
/// Event-time timers fire when `advanceWatermark` passes them (a watermark `w` fires timers with
/// `time <= w`), processing-time timers when `fireProcessingTimers` finds the clock past them; both in
/// timestamp order, each at most once (registering the same (time, key, namespace) twice keeps one).
/// A firing callback may register timers; those already due fire in the same call.
///
/// Processing time comes from `clock` (`ManualClock` in tests). The operator decides when to look at
/// the clock: on every batch and watermark it handles, and when its task wakes at the earliest
/// processing-time timer (`Operator.processingTimeDeadline`).
///
/// Threading: owned by the worker running the operator, like the operator itself.
public final class TimerService {
    public private(set) var eventTime = KeyedTimers()
    public private(set) var processingTime = KeyedTimers()
    public let clock: any ProcessingClock
    /// The last watermark passed to `advanceWatermark` (Int64.min before the first).
    public private(set) var currentWatermark = Int64.min

    public init(clock: any ProcessingClock = SystemClock.shared) {
        self.clock = clock
    }

    public var currentProcessingTime: Int64 { clock.nowMicros() }

    @discardableResult
    public func registerEventTimeTimer(_ time: Int64, key: [UInt8], keyGroup: Int32 = 0, namespace: Int64 = 0) -> Bool {
        eventTime.register(time: time, key: key, keyGroup: keyGroup, namespace: namespace)
    }

    @discardableResult
    public func registerProcessingTimeTimer(_ time: Int64, key: [UInt8], keyGroup: Int32 = 0, namespace: Int64 = 0) -> Bool {
        processingTime.register(time: time, key: key, keyGroup: keyGroup, namespace: namespace)
    }

    @discardableResult
    public func deleteEventTimeTimer(_ time: Int64, key: [UInt8], namespace: Int64 = 0) -> Bool {
        eventTime.delete(time: time, key: key, namespace: namespace)
    }

    @discardableResult
    public func deleteProcessingTimeTimer(_ time: Int64, key: [UInt8], namespace: Int64 = 0) -> Bool {
        processingTime.delete(time: time, key: key, namespace: namespace)
    }

    /// Moves event time to `watermark` (never backwards) and fires the due event-time timers in order.
    public func advanceWatermark(to watermark: Int64, _ fire: (FiredTimer) throws(SluiceError) -> Void) throws(SluiceError) {
        guard watermark > currentWatermark else { return }
        currentWatermark = watermark
        while let timer = eventTime.popDue(through: watermark) { try fire(timer) }
    }

    /// Fires the processing-time timers due at the clock's current time, in order.
    public func fireProcessingTimers(_ fire: (FiredTimer) throws(SluiceError) -> Void) throws(SluiceError) {
        let now = clock.nowMicros()
        while let timer = processingTime.popDue(through: now) { try fire(timer) }
    }

    /// Both queues as bytes (event time first), for a checkpoint.
    public func snapshot() -> (eventTime: [UInt8], processingTime: [UInt8]) {
        (eventTime.snapshot(), processingTime.snapshot())
    }

    /// Replaces the timers with those of the snapshots of one or more old subtasks, keeping the timers
    /// of the key groups in `keyGroups` (all of them when it is nil): a restore at another parallelism.
    public func restore(merging snapshots: [(eventTime: [UInt8], processingTime: [UInt8])], keyGroups: ClosedRange<Int>?) throws(SluiceError) {
        var e = KeyedTimers(), p = KeyedTimers()
        for snapshot in snapshots {
            for t in try KeyedTimers(snapshot: snapshot.eventTime).all where keyGroups?.contains(Int(t.keyGroup)) ?? true {
                e.register(time: t.timestamp, key: t.key, keyGroup: t.keyGroup, namespace: t.namespace)
            }
            for t in try KeyedTimers(snapshot: snapshot.processingTime).all where keyGroups?.contains(Int(t.keyGroup)) ?? true {
                p.register(time: t.timestamp, key: t.key, keyGroup: t.keyGroup, namespace: t.namespace)
            }
        }
        (eventTime, processingTime) = (e, p)
    }

    /// Replaces the timers with those of a snapshot.
    public func restore(eventTime e: [UInt8], processingTime p: [UInt8]) throws(SluiceError) {
        eventTime = try KeyedTimers(snapshot: e)
        processingTime = try KeyedTimers(snapshot: p)
    }
}
