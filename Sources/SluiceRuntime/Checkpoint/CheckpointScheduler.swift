/// The checkpoint coordinator's bookkeeping, as a pure value: when to trigger the next checkpoint,
/// which are in flight, when one is complete (every task acknowledged), expired (timeout) or aborted
/// (a task declined). Time is passed in, so tests drive it by hand; the coordinator thread that feeds it
/// real time and carries out its actions is plumbing around it.
public struct CheckpointScheduler: Sendable, Equatable {
    public enum Event: Sendable, Equatable {
        /// Time passed; may trigger a new checkpoint or expire old ones.
        case tick(now: Int64)
        /// Task `task` (0..<tasks) finished its snapshot of checkpoint `id`.
        case acknowledged(id: Int64, task: Int, now: Int64)
        /// A task could not take checkpoint `id`.
        case declined(id: Int64, now: Int64)
    }

    public enum Action: Sendable, Equatable {
        /// Inject barriers for a new checkpoint at every source.
        case trigger(id: Int64)
        /// Every task acknowledged: write the manifest and notify the tasks.
        case complete(id: Int64)
        /// Not acknowledged within the timeout: discard it.
        case expire(id: Int64)
        /// Declined by a task, or subsumed by a newer checkpoint that completed first: discard it.
        case abort(id: Int64)
    }

    struct Pending: Sendable, Equatable {
        var startedAt: Int64
        var acknowledged: Set<Int>
    }

    public let policy: CheckpointPolicy
    public let tasks: Int
    private var pending: [Int64: Pending] = [:]
    public private(set) var nextID: Int64
    private var lastTriggerAt: Int64?
    private var lastEndAt: Int64?

    /// - Parameter firstID: after a restore, one more than the restored checkpoint, so ids never repeat.
    public init(policy: CheckpointPolicy, tasks: Int, firstID: Int64 = 1, startedAt: Int64 = 0) {
        self.policy = policy
        self.tasks = tasks
        self.nextID = firstID
        self.lastTriggerAt = startedAt
    }

    /// Checkpoints triggered and not yet complete, expired or aborted, oldest first.
    public var inFlight: [Int64] { pending.keys.sorted() }

    /// The earliest time at which a `tick` can do something (trigger or expire), if any.
    public var nextDeadline: Int64? {
        var deadline = pending.values.map { $0.startedAt + policy.timeoutNanos }.min()
        if let trigger = nextTriggerTime, pending.count < policy.maxConcurrent {
            deadline = min(deadline ?? trigger, trigger)
        }
        return deadline
    }

    private var nextTriggerTime: Int64? {
        guard let interval = policy.intervalNanos else { return nil }
        var at = (lastTriggerAt ?? 0) + interval
        if let end = lastEndAt { at = max(at, end + policy.minPauseNanos) }
        return at
    }

    public mutating func on(_ event: Event) -> [Action] {
        switch event {
        case .tick(let now):
            var actions = expire(now: now)
            if let at = nextTriggerTime, now >= at, pending.count < policy.maxConcurrent {
                actions.append(trigger(now: now))
            }
            return actions
        case .acknowledged(let id, let task, let now):
            guard var p = pending[id], (0..<tasks).contains(task) else { return [] }
            p.acknowledged.insert(task)
            guard p.acknowledged.count == tasks else {
                pending[id] = p
                return []
            }
            pending[id] = nil
            lastEndAt = now
            // A complete checkpoint subsumes every older one still in flight.
            let older = pending.keys.filter { $0 < id }.sorted()
            for o in older { pending[o] = nil }
            return [.complete(id: id)] + older.map { .abort(id: $0) }
        case .declined(let id, let now):
            guard pending.removeValue(forKey: id) != nil else { return [] }
            lastEndAt = now
            return [.abort(id: id)]
        }
    }

    /// Triggers a checkpoint now, regardless of the interval (a savepoint or a manual checkpoint).
    public mutating func triggerNow(now: Int64) -> Action { trigger(now: now) }

    private mutating func trigger(now: Int64) -> Action {
        let id = nextID
        nextID += 1
        lastTriggerAt = now
        pending[id] = Pending(startedAt: now, acknowledged: [])
        if tasks == 0 {
            pending[id] = nil
            lastEndAt = now
            return .complete(id: id)
        }
        return .trigger(id: id)
    }

    private mutating func expire(now: Int64) -> [Action] {
        let expired = pending.filter { now - $0.value.startedAt >= policy.timeoutNanos }.keys.sorted()
        for id in expired { pending[id] = nil }
        if !expired.isEmpty { lastEndAt = now }
        return expired.map { .expire(id: $0) }
    }
}
