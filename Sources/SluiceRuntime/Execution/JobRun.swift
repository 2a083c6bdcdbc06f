import Synchronization
import SluiceColumnar

/// The shared state of one running job: its tasks, how many are still alive, the first failure and
/// the cancellation flag.
///
/// A failure cancels the job: every task is notified and, on its next quantum, closes its operators
/// and retires. The job completes when every task retired.
final class JobRun: @unchecked Sendable {
    // SAFETY: `tasks` is set once before the first task is scheduled and never changed; the rest is
    // atomic, behind a Mutex, or behind the Parker's mutex.
    var tasks: [StreamTask] = []
    /// Set before the first task runs when the job takes checkpoints / restores from one.
    var checkpoints: CheckpointCoordinator?
    var restore: RestoreData?
    var jobID = ""
    private let remaining = Atomic<Int>(0)
    private let cancelRequested = Atomic<Bool>(false)
    private let completed = Atomic<Bool>(false)
    private let firstError = Mutex<SluiceError?>(nil)
    private let parker = Parker()

    func start(_ tasks: [StreamTask]) {
        self.tasks = tasks
        for (i, task) in tasks.enumerated() { task.taskIndex = i }
        checkpoints?.start(tasks: tasks)
        remaining.store(tasks.count, ordering: .sequentiallyConsistent)
        if tasks.isEmpty { complete() }
        for task in tasks { task.notify() }
    }

    var isCancelling: Bool { cancelRequested.load(ordering: .relaxed) }
    var isCompleted: Bool { completed.load(ordering: .acquiring) }
    var error: SluiceError? { firstError.withLock { $0 } }

    /// Records the first failure and cancels every task.
    func reportFailure(_ error: SluiceError) {
        firstError.withLock { if $0 == nil { $0 = error } }
        cancel()
    }

    /// Asks every task to stop; idempotent.
    func cancel() {
        guard !cancelRequested.exchange(true, ordering: .sequentiallyConsistent) else { return }
        for task in tasks { task.notify() }
    }

    func taskDone() {
        if remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { complete() }
    }

    private func complete() {
        parker.locked { completed.store(true, ordering: .releasing) }
        parker.signalAll()
    }

    /// Waits until every task retired or `timeoutNanos` passed; true when the job completed.
    func wait(timeoutNanos: Int64?) -> Bool {
        let deadline = timeoutNanos.map { MonotonicClock.nanos() + $0 }
        return parker.locked {
            while !completed.load(ordering: .acquiring) {
                var slice: Int64 = 50_000_000
                if let deadline {
                    let left = deadline - MonotonicClock.nanos()
                    if left <= 0 { return false }
                    slice = min(slice, left)
                }
                parker.waitLocked(nanos: slice)
            }
            return true
        }
    }

    /// Tasks that have not retired, for error messages about hangs.
    func unfinishedTaskNames() -> [String] {
        tasks.filter { $0.scheduleState.load(ordering: .acquiring) != ScheduledTask.State.done }
            .map { $0.displayName }
    }
}
