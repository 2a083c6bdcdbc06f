#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import SluiceColumnar

/// A fixed pool of long-lived worker threads that run task quanta from a lock-free run queue.
///
/// Design: tasks are not threads. A runnable task sits once in the `RunQueue`; a worker takes it,
/// calls `run()` for one quantum (a few batches), then requeues it (`.more`), lets it go idle until
/// notified (`.wait`), or retires it (`.done`). While no other task is queued, the worker keeps its
/// task instead: it runs it again (`.more`), or spins briefly for its notification (`.wait`). Idle workers spin briefly, then `sched_yield`, then park
/// on a condition variable with a short timed wait as a safety net; `enqueue` signals only when a
/// worker is parked, so wake-up syscalls stay off the per-batch path.
///
/// The run queue is lock-free (Vyukov MPMC); the only lock is the parking mutex.
/// Threading: every method may be called from any thread. `shutdown()` joins the workers.
public final class WorkerPool: @unchecked Sendable {
    // SAFETY: `threads` is written in `init` and read in `shutdown` under `shutdownLock`; everything
    // else shared is atomic or internally synchronized (RunQueue, Parker).
    public let workerCount: Int
    let queue: RunQueue
    let timers = TimerQueue()
    private let parker = Parker()
    private let sleepers = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let admitted = Atomic<Int>(0)
    private var threads: [pthread_t] = []
    private let shutdownLock = Mutex<Bool>(false)

    /// Spins before yielding, and yields before parking, when no task is runnable.
    static let spinRounds = 64
    static let yieldRounds = 16
    static let parkNanos: Int64 = 20_000_000
    /// Checks for a notification of a task that just ran dry, before letting it go idle.
    static let notifySpinRounds = 256

    /// One worker per online CPU.
    public static var defaultWorkerCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// Starts `workers` threads; at most `maxTasks` task subtasks may be scheduled at once.
    public init(workers: Int = WorkerPool.defaultWorkerCount, maxTasks: Int = 4096) {
        precondition(workers >= 1, "a worker pool needs at least one worker")
        workerCount = workers
        queue = RunQueue(capacity: maxTasks)
        for index in 0..<workers {
            let box = Unmanaged.passRetained(WorkerStart(pool: self, index: index)).toOpaque()
            var thread = pthread_t()
            let rc = pthread_create(&thread, nil, { raw in
                let start = Unmanaged<WorkerStart>.fromOpaque(raw!).takeRetainedValue()
                start.pool.workerLoop()
                return nil
            }, box)
            precondition(rc == 0, "pthread_create failed with \(rc)")
            threads.append(thread)
        }
    }

    /// Stops and joins every worker; idempotent. Tasks still queued are not run.
    public func shutdown() {
        let threadsToJoin: [pthread_t] = shutdownLock.withLock { done in
            if done { return [] }
            done = true
            return threads
        }
        stopping.store(true, ordering: .sequentiallyConsistent)
        parker.signalAll()
        for thread in threadsToJoin { pthread_join(thread, nil) }
    }

    deinit { shutdown() }

    // MARK: admission

    /// Reserves run-queue room for `count` tasks, or fails when the pool would exceed `maxTasks`.
    func admit(_ count: Int) throws(SluiceError) {
        let after = admitted.add(count, ordering: .relaxed).newValue
        if after > queue.capacity {
            admitted.subtract(count, ordering: .relaxed)
            throw SluiceError(.plan, "the job needs \(count) task subtasks but the worker pool has room for "
                + "\(queue.capacity - (after - count)) more; lower the parallelism or create the pool with a larger maxTasks")
        }
    }

    func release(_ count: Int) { admitted.subtract(count, ordering: .relaxed) }

    // MARK: scheduling

    /// Makes `task` runnable; see the state diagram on `ScheduledTask`.
    @inline(__always)
    func notify(_ task: ScheduledTask) {
        var state = task.scheduleState.load(ordering: .acquiring)
        while true {
            switch state {
            case ScheduledTask.State.idle:
                let (done, now) = task.scheduleState.compareExchange(
                    expected: state, desired: ScheduledTask.State.queued, ordering: .acquiringAndReleasing)
                if done { enqueue(task); return }
                state = now
            case ScheduledTask.State.running:
                let (done, now) = task.scheduleState.compareExchange(
                    expected: state, desired: ScheduledTask.State.runningNotified, ordering: .acquiringAndReleasing)
                if done { return }
                state = now
            default:
                return  // already queued, already notified, or done
            }
        }
    }

    private func enqueue(_ task: ScheduledTask) {
        let bits = UInt(bitPattern: Unmanaged.passUnretained(task).toOpaque())
        while !queue.tryEnqueue(bits) { sched_yield() }
        atomicMemoryFence(ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .relaxed) > 0 { parker.signalOne() }
    }

    private func workerLoop() {
        var idleRounds = 0
        while !stopping.load(ordering: .relaxed) {
            if timers.nextDeadline != .max { fireDueTimers() }
            if let bits = queue.dequeue() {
                idleRounds = 0
                // SAFETY: queued tasks are kept alive by their job until they are done, and a done
                // task is never queued again.
                let task = Unmanaged<ScheduledTask>.fromOpaque(UnsafeRawPointer(bitPattern: bits)!).takeUnretainedValue()
                runOnce(task)
                continue
            }
            idleRounds += 1
            if idleRounds <= Self.spinRounds { continue }
            if idleRounds <= Self.spinRounds + Self.yieldRounds { sched_yield(); continue }
            park()
            idleRounds = Self.spinRounds  // after a wake-up, yield a little before parking again
        }
    }

    /// Runs `task` for one quantum, and again while nothing else is runnable: a task with more work,
    /// or one notified within a short spin after it ran dry, keeps its worker instead of going
    /// through the run queue (an enqueue and a dequeue, and often a move to the other worker's cache).
    private func runOnce(_ task: ScheduledTask) {
        while true {
            task.scheduleState.store(ScheduledTask.State.running, ordering: .sequentiallyConsistent)
            switch task.run() {
            case .more:
                if nothingElseRunnable() { continue }
                task.scheduleState.store(ScheduledTask.State.queued, ordering: .releasing)
                enqueue(task)
            case .wait:
                if notifiedWhileSpinning(task) { continue }
                goIdle(task)
            case .sleep(let deadline):
                if goIdle(task) { timers.schedule(task, at: deadline) }
            case .done:
                task.scheduleState.store(ScheduledTask.State.done, ordering: .releasing)
                task.didComplete()
            }
            return
        }
    }

    /// Whether no other task is queued (after firing due timers) and the pool is not stopping.
    private func nothingElseRunnable() -> Bool {
        if timers.nextDeadline != .max { fireDueTimers() }
        return queue.looksEmpty && !stopping.load(ordering: .relaxed)
    }

    /// Spins briefly, while nothing else is runnable, for a notification of `task`, which is still
    /// marked running: the next publish of its producer (or wake-up by its consumer) then costs one
    /// compare-exchange instead of a trip through the run queue. True when the task was notified.
    private func notifiedWhileSpinning(_ task: ScheduledTask) -> Bool {
        for _ in 0..<Self.notifySpinRounds {
            if task.scheduleState.load(ordering: .relaxed) == ScheduledTask.State.runningNotified { return true }
            if !queue.looksEmpty || stopping.load(ordering: .relaxed) { return false }
        }
        return false
    }

    /// Lets a task that returned `.wait` go idle; if it was notified meanwhile, requeues it instead.
    /// Returns true when the task is idle.
    @discardableResult
    private func goIdle(_ task: ScheduledTask) -> Bool {
        let (idle, _) = task.scheduleState.compareExchange(
            expected: ScheduledTask.State.running, desired: ScheduledTask.State.idle, ordering: .acquiringAndReleasing)
        if !idle {  // notified while running: run again
            task.scheduleState.store(ScheduledTask.State.queued, ordering: .releasing)
            enqueue(task)
        }
        return idle
    }

    private func fireDueTimers() {
        let now = MonotonicClock.nanos()
        guard now >= timers.nextDeadline else { return }
        for task in timers.takeDue(now: now) { notify(task) }
    }

    private func park() {
        parker.locked {
            sleepers.add(1, ordering: .sequentiallyConsistent)
            atomicMemoryFence(ordering: .sequentiallyConsistent)
            if queue.looksEmpty && !stopping.load(ordering: .relaxed) {
                let untilTimer = timers.nextDeadline == .max ? Self.parkNanos : timers.nextDeadline - MonotonicClock.nanos()
                if untilTimer > 0 { parker.waitLocked(nanos: min(Self.parkNanos, untilTimer)) }
            }
            sleepers.subtract(1, ordering: .sequentiallyConsistent)
        }
    }
}

/// The argument handed to a new worker thread.
private final class WorkerStart {
    let pool: WorkerPool
    let index: Int
    init(pool: WorkerPool, index: Int) {
        self.pool = pool
        self.index = index
    }
}
