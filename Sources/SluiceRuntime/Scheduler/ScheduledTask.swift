import Synchronization

/// What a task reports after running for one quantum.
enum RunResult: Sendable, Equatable {
    /// More work is ready now: requeue.
    case more
    /// Nothing to do until notified (empty input or full output).
    case wait
    /// Nothing to do until notified or until the monotonic time `deadline` (nanoseconds).
    case sleep(until: Int64)
    /// The task reached a terminal state; it is never scheduled again.
    case done
}

/// Something the worker pool can run: a task subtask with its scheduling state.
///
/// Scheduling state (one `Atomic<Int>`):
/// ```
///   idle ──notify──▶ queued ──worker takes it──▶ running ──.wait──▶ idle
///                      ▲                          │  notify              (CAS fails: requeue)
///                      └───────.more / requeue────┴──────────▶ runningNotified
///   running ──.done──▶ done (terminal; notify is a no-op)
/// ```
/// A task is in the run queue at most once, so the queue never holds more entries than tasks.
class ScheduledTask: @unchecked Sendable {
    // SAFETY: `run` is called by one worker at a time (the state machine above hands the task over
    // through the queue with acquire/release), so subclasses' plain fields are never accessed
    // concurrently; `pool` is set before the first notify and outlives the task's scheduling.
    enum State {
        static let idle = 0
        static let queued = 1
        static let running = 2
        static let runningNotified = 3
        static let done = 4
    }

    let scheduleState = Atomic<Int>(State.idle)
    var pool: WorkerPool? {
        get { poolRef?.takeUnretainedValue() }
        set { poolRef = newValue.map { .passUnretained($0) } }
    }
    // SAFETY: the pool outlives the scheduling of its tasks (see above); unmanaged, so that a wake-up
    // from another thread costs no reference counting.
    private var poolRef: Unmanaged<WorkerPool>?

    /// Runs one quantum; overridden by concrete tasks.
    func run() -> RunResult { .done }

    /// Called once by the worker after `run` returned `.done`.
    func didComplete() {}

    /// Makes the task runnable (or, when it is running, makes it run again after this quantum).
    @inline(__always)
    final func notify() {
        poolRef?._withUnsafeGuaranteedRef { $0.notify(self) }
    }
}
