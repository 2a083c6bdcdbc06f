import Synchronization
import SluiceColumnar
import SluiceStorage

/// Runs job graphs on a worker pool: builds the tasks and channels of a plan, schedules them, and
/// reports metrics when the job ends.
///
/// How a job runs:
/// ```
///  JobGraph ──plan()──▶ ExecutionPlan (chains) ──JobDeployment──▶ StreamTask per chain subtask
///
///  [src → filter] (1/2) ─┐ hash  ┌─▶ [agg → sink] (1/2)      one StreamTask per [chain] subtask;
///  [src → filter] (2/2) ─┴──────┴─▶ [agg → sink] (2/2)       operators in a chain call each other,
///                        SPSC channel per subtask pair         tasks talk through bounded channels
///
///  WorkerPool: N threads ── RunQueue (lock-free) ── runnable tasks, one quantum per run
/// ```
/// A task is runnable when it has input (or is a source) and every output channel has room; a
/// channel write notifies the consumer, a read from a full channel notifies the waiting producer.
/// The first operator error cancels every task and is rethrown by `wait`/`execute` with the
/// operator's name and subtask in `context.operatorName`.
///
/// ```swift
/// let executor = JobExecutor(workers: 2)
/// defer { executor.shutdown() }
/// let result = try executor.execute(graph, timeoutSeconds: 30)
/// ```
public final class JobExecutor: Sendable {
    public let pool: WorkerPool
    private let ownsPool: Bool

    /// Runs jobs on an existing pool (which the caller shuts down).
    public init(pool: WorkerPool) {
        self.pool = pool
        ownsPool = false
    }

    /// Runs jobs on a new pool of `workers` threads (default one per core); call `shutdown()`.
    public init(workers: Int = WorkerPool.defaultWorkerCount) {
        pool = WorkerPool(workers: workers)
        ownsPool = true
    }

    /// Stops the executor's own pool; jobs must have ended.
    public func shutdown() {
        if ownsPool { pool.shutdown() }
    }

    /// Starts `graph` and returns a client to wait for it or cancel it.
    /// With `options.checkpointing`, the job takes checkpoints and starts from the one its
    /// `restore` names; restarts after failures happen in `execute`, not here.
    public func submit(_ graph: JobGraph, options: ExecutionOptions = ExecutionOptions()) throws(SluiceError) -> JobClient {
        let restore = try options.checkpointing.flatMap { (s) throws(SluiceError) in try RecoveryPlanner(settings: s).initialRestore() }
        return try submit(graph, options: options, restore: restore, jobID: restore?.jobID ?? RecoveryPlanner.newJobID())
    }

    func submit(_ graph: JobGraph, options: ExecutionOptions, restore: RestoreData?, jobID: String) throws(SluiceError) -> JobClient {
        let plan = try graph.plan(chaining: options.chaining)
        if let restore, let settings = options.checkpointing {
            try restore.checkMapped(to: graph, allowNonRestored: settings.allowNonRestoredState)
        }
        let run = JobRun()
        run.jobID = jobID
        run.restore = restore
        let tasks = try JobDeployment(plan: plan, options: options, job: run).makeTasks()
        if let settings = options.checkpointing {
            try settings.policy.validate()
            let storage = try CheckpointStorage(directory: settings.directory)
            run.checkpoints = CheckpointCoordinator(settings: settings, storage: storage, jobID: jobID, taskCount: tasks.count,
                                                    firstID: try RecoveryPlanner.nextCheckpointID(storage))
        }
        try pool.admit(tasks.count)
        for task in tasks { task.pool = pool }
        let client = JobClient(run: run, pool: pool, taskCount: tasks.count)
        run.start(tasks)
        return client
    }

    /// Runs `graph` to completion. Throws the first operator failure, or a timeout error after
    /// cancelling the job when it takes longer than `timeoutSeconds`.
    ///
    /// With checkpointing and `restartAttempts`, a failed attempt is cancelled and the job restarts
    /// from its latest complete checkpoint (sources rewound, operator state restored) after the
    /// restart delay; when the attempts are used up the last failure is thrown.
    /// `onSubmit` sees each attempt's client as it starts (to cancel it or take a savepoint).
    public func execute(_ graph: JobGraph, options: ExecutionOptions = ExecutionOptions(),
                        timeoutSeconds: Double? = nil,
                        onSubmit: (@Sendable (JobClient) -> Void)? = nil) throws(SluiceError) -> JobResult {
        guard let settings = options.checkpointing else {
            let client = try submit(graph, options: options)
            onSubmit?(client)
            return try client.wait(timeoutSeconds: timeoutSeconds)
        }
        let recovery = RecoveryPlanner(settings: settings)
        var restore = try recovery.initialRestore()
        let jobID = restore?.jobID ?? RecoveryPlanner.newJobID()
        var restarts = 0
        while true {
            do {
                let client = try submit(graph, options: options, restore: restore, jobID: jobID)
                onSubmit?(client)
                var result = try client.wait(timeoutSeconds: timeoutSeconds)
                if result.status == .cancelled { return result }
                result.restarts = restarts
                return result
            } catch {
                guard restarts < settings.restartAttempts, error.code == .execution || error.code == .io
                        || error.code == .invalidInput || error.code == .corruptState,
                      !error.message.hasPrefix("job did not finish within") else {
                    throw restarts == 0 ? error : recovery.exhausted(error, restarts: restarts)
                }
                restarts += 1
                recovery.pause()
                restore = try recovery.restoreAfterFailure(fallback: restore, jobID: jobID)
            }
        }
    }
}

/// A handle on a submitted job: wait for its result or cancel it.
public final class JobClient: Sendable {
    private let run: JobRun
    private let released = Atomic<Bool>(false)
    private let pool: WorkerPool
    private let taskCount: Int
    private let startNanos: Int64
    private let startUsage: ResourceUsage

    init(run: JobRun, pool: WorkerPool, taskCount: Int) {
        self.run = run
        self.pool = pool
        self.taskCount = taskCount
        startNanos = MonotonicClock.nanos()
        startUsage = ResourceUsage.current()
    }

    /// A client dropped without `wait` still stops the job's checkpoint thread.
    deinit { run.checkpoints?.stop() }

    /// Asks every task to stop; `wait` then returns a result with status `.cancelled`.
    public func cancel() { run.cancel() }

    /// Figures readable while the job runs, per operator subtask: rows in and out, and in `custom` the
    /// last watermark (`watermark`), and for source splits `watermarkLagMillis` and `idle`. Timings
    /// and other counters are zero until the job ends (see `wait`).
    public func liveProgress() -> [OperatorSubtaskMetrics] {
        run.tasks.flatMap { task in
            task.operatorContexts.map { c in
                let m = c.metrics
                var custom: [String: Int] = [:]
                let w = m.liveWatermark.load(ordering: .relaxed)
                if w != .min { custom["watermark"] = Int(w) }
                if m.liveIsSplit.load(ordering: .relaxed) {
                    custom["watermarkLagMillis"] = WallClock.lagMillis(w)
                    custom["idle"] = m.liveIdle.load(ordering: .relaxed) ? 1 : 0
                }
                return OperatorSubtaskMetrics(
                    operatorName: c.subtask.vertexName, uid: c.subtask.uid, subtask: c.subtask.index,
                    parallelism: c.subtask.parallelism, rowsIn: m.liveRowsIn.load(ordering: .relaxed), batchesIn: 0,
                    rowsOut: m.liveRowsOut.load(ordering: .relaxed), batchesOut: 0, busyNanos: 0, idleNanos: 0,
                    backpressuredNanos: 0, queueDepthMax: 0, custom: custom)
            }
        }
    }

    /// Waits for the job to end like `wait()`, and each time the operators named in `sinks` have
    /// received no row for `stallSeconds`, calls `report` with a sentence saying which source split
    /// holds the watermark back: the usual reason a streaming job shows no results.
    public func wait(reportingStallsAfter stallSeconds: Double, sinks: Set<String>,
                     _ report: (String) -> Void) throws(SluiceError) -> JobResult {
        let stall = Int64(stallSeconds * 1e9)
        var lastRows = -1
        var lastChange = MonotonicClock.nanos()
        while !run.wait(timeoutNanos: min(stall, 250_000_000)) {
            let live = liveProgress()
            let rows = live.filter { sinks.contains($0.operatorName) }.reduce(0) { $0 + $1.rowsIn }
            let now = MonotonicClock.nanos()
            if rows != lastRows {
                (lastRows, lastChange) = (rows, now)
            } else if now - lastChange >= stall {
                lastChange = now
                let why = JobResult.watermarkHoldback(in: live)
                    ?? "no source split has reported a watermark yet (does the table declare WATERMARK FOR …, and do its sources have rows?)"
                let shown = stallSeconds >= 1 ? "\(Int(stallSeconds))" : "\(Double(Int(stallSeconds * 10)) / 10)"
                report("no new output for \(shown) s: " + why)
            }
        }
        return try wait()
    }

    /// Takes a savepoint while the job runs: full and self-contained in `savepoint-<id>/` of the
    /// checkpoint directory; restore it with `CheckpointSettings.RestorePoint.savepoint(id)`.
    /// Needs `ExecutionOptions.checkpointing` (its interval may be nil).
    public func triggerSavepoint(timeoutSeconds: Double = 60) throws(SluiceError) -> CheckpointManifest {
        guard let coordinator = run.checkpoints else {
            throw SluiceError(.invalidInput, "savepoints need a checkpoint directory: set ExecutionOptions.checkpointing")
        }
        let nanos = Int64(timeoutSeconds * 1e9)
        let id = try coordinator.requestSavepoint(timeoutNanos: nanos)
        return try coordinator.awaitSavepoint(id, timeoutNanos: nanos)
    }

    /// Takes a savepoint, then cancels the job (Flink's stop-with-savepoint).
    public func stopWithSavepoint(timeoutSeconds: Double = 60) throws(SluiceError) -> CheckpointManifest {
        let manifest = try triggerSavepoint(timeoutSeconds: timeoutSeconds)
        run.cancel()
        return manifest
    }

    /// Waits for the job to end. On timeout the job is cancelled and an `.execution` error names
    /// the tasks that were still running.
    public func wait(timeoutSeconds: Double? = nil) throws(SluiceError) -> JobResult {
        let timeout = timeoutSeconds.map { Int64($0 * 1e9) }
        if !run.wait(timeoutNanos: timeout) {
            let stuck = run.unfinishedTaskNames()
            run.cancel()
            let stopped = run.wait(timeoutNanos: 5_000_000_000)
            var message = "job did not finish within \(timeoutSeconds!) s and was cancelled; tasks still running: "
                + stuck.joined(separator: ", ")
            if !stopped { message += "; some tasks did not stop: " + run.unfinishedTaskNames().joined(separator: ", ") }
            else {
                releaseOnce()
                run.checkpoints?.stop()
            }
            throw SluiceError(.execution, message)
        }
        releaseOnce()
        run.checkpoints?.stop()
        let wall = MonotonicClock.nanos() - startNanos
        if let error = run.error { throw error }
        let usage = ResourceUsage.current()
        var result = JobResult(status: run.isCancelling ? .cancelled : .finished,
                               operators: run.tasks.flatMap(Self.metrics(of:)),
                               wallNanos: wall, cpuNanos: usage.cpuNanos - startUsage.cpuNanos,
                               peakResidentBytes: usage.peakResidentBytes)
        result.completedCheckpoints = run.checkpoints?.completedCheckpoints ?? []
        result.checkpointError = run.checkpoints?.lastError
        result.restoredFrom = run.restore?.checkpointID
        return result
    }

    private func releaseOnce() {
        if !released.exchange(true, ordering: .acquiringAndReleasing) { pool.release(taskCount) }
    }

    private static func metrics(of task: StreamTask) -> [OperatorSubtaskMetrics] {
        let t = task.metrics
        return task.operatorContexts.map { c in
            let m = c.metrics
            return OperatorSubtaskMetrics(
                operatorName: c.subtask.vertexName, uid: c.subtask.uid, subtask: c.subtask.index,
                parallelism: c.subtask.parallelism, rowsIn: m.rowsIn, batchesIn: m.batchesIn,
                rowsOut: m.rowsOut, batchesOut: m.batchesOut, busyNanos: t.busyNanos, idleNanos: t.idleNanos,
                backpressuredNanos: t.backpressuredNanos, queueDepthMax: t.queueDepthMax, custom: m.custom)
        }
    }
}
