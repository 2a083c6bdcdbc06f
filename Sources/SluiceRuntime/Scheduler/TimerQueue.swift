import Synchronization

/// Tasks sleeping until a deadline: idle unbounded sources today, processing-time timers later.
///
/// A mutex-protected list ordered by deadline, plus an atomic copy of the earliest deadline so that
/// workers check for due timers with one load per loop iteration. Sleeping tasks are held strongly
/// until they fire, so a timer never outlives its task. Firing a timer only notifies the task; a task
/// woken earlier by data simply runs once more.
final class TimerQueue: Sendable {
    private struct Entry: Sendable {
        let deadline: Int64
        let task: ScheduledTask
    }

    private let entries = Mutex<[Entry]>([])
    private let earliest = Atomic<Int64>(.max)

    /// The earliest deadline in monotonic nanoseconds, or `Int64.max` when nothing sleeps.
    var nextDeadline: Int64 { earliest.load(ordering: .acquiring) }

    func schedule(_ task: ScheduledTask, at deadline: Int64) {
        entries.withLock { list in
            let at = list.firstIndex { $0.deadline > deadline } ?? list.count
            list.insert(Entry(deadline: deadline, task: task), at: at)
            earliest.store(list[0].deadline, ordering: .releasing)
        }
    }

    /// Removes and returns the tasks whose deadline is at or before `now`.
    func takeDue(now: Int64) -> [ScheduledTask] {
        entries.withLock { list in
            let due = list.prefix { $0.deadline <= now }.map(\.task)
            if !due.isEmpty { list.removeFirst(due.count) }
            earliest.store(list.first?.deadline ?? .max, ordering: .releasing)
            return due
        }
    }
}
