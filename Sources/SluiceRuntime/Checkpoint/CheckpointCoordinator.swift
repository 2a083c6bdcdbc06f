#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import SluiceColumnar
import SluiceStorage

/// Runs a job's checkpoints on a thread of its own: triggers them on the `CheckpointScheduler`'s
/// timetable, receives every task's snapshot, writes the state files (the asynchronous part: tasks
/// go on processing meanwhile), commits the manifest when all tasks acknowledged, applies retention
/// and tells the tasks that the checkpoint is complete.
///
/// Tasks see it through three atomics: `triggered` (sources inject a barrier when it moves past the
/// last one they injected), `completed` (operators get `notifyCheckpointComplete`) and the inbox.
final class CheckpointCoordinator: @unchecked Sendable {
    // SAFETY: mutable state is touched only with the parker's mutex held (`inbox`, `scheduler`,
    // `stopping`, `triggersDisabled`) or only by the coordinator thread (`collected`, `startedAt`).
    struct Ack {
        var id: Int64
        var task: Int
        var checkpoint: TaskCheckpoint
    }

    let settings: CheckpointSettings
    let storage: CheckpointStorage
    let jobID: String
    let triggered = Atomic<Int64>(0)
    let completed = Atomic<Int64>(0)
    private let parker = Parker()
    private var scheduler: CheckpointScheduler
    private var inbox: [Ack] = []
    private var stopping = false
    private var triggersDisabled = false
    /// Savepoints requested by the user, not yet triggered (guarded by the parker's mutex).
    private var savepointRequests = 0
    /// Triggered checkpoints that are savepoints (coordinator thread only).
    private var savepointIDs = Set<Int64>()
    private let finishedSavepoints = Mutex<[Int64: Result<CheckpointManifest, SluiceError>]>([:])
    private let savepointTriggers = Mutex<[Int64]>([])
    private var collected: [Int64: [TaskCheckpoint]] = [:]
    private var startedAt: [Int64: (wallMillis: Int64, nanos: Int64)] = [:]
    /// The state files of each operator subtask in the checkpoints completed during this run, newest
    /// few only: what an incremental snapshot's base refers to (coordinator thread only).
    private var committedFiles: [Int64: [String: [CheckpointManifest.StateFile]]] = [:]
    private static let keptChains = 8
    private var thread: pthread_t?
    private let failure = Mutex<SluiceError?>(nil)
    private let completedIDs = Mutex<[Int64]>([])
    /// Tasks to wake: sources on a trigger, everyone on a completion.
    private var sourceTasks: [StreamTask] = []
    private var allTasks: [StreamTask] = []

    init(settings: CheckpointSettings, storage: CheckpointStorage, jobID: String, taskCount: Int, firstID: Int64) {
        self.settings = settings
        self.jobID = jobID
        self.storage = storage
        scheduler = CheckpointScheduler(policy: settings.policy, tasks: taskCount, firstID: firstID,
                                        startedAt: MonotonicClock.nanos())
    }

    /// Checkpoints that completed during this run, ascending.
    var completedCheckpoints: [Int64] { completedIDs.withLock { $0 } }

    /// A failure writing checkpoint files (reported with the job's result; the job itself goes on).
    var lastError: SluiceError? { failure.withLock { $0 } }

    func start(tasks: [StreamTask]) {
        allTasks = tasks
        sourceTasks = tasks.filter { $0.source != nil }
        let box = Unmanaged.passRetained(self).toOpaque()
        var t = pthread_t()
        let rc = pthread_create(&t, nil, { raw in
            let coordinator = Unmanaged<CheckpointCoordinator>.fromOpaque(raw!).takeRetainedValue()
            coordinator.loop()
            return nil
        }, box)
        precondition(rc == 0, "pthread_create failed with \(rc)")
        thread = t
    }

    /// Stops the thread (after the job ended); checkpoints in flight are dropped.
    func stop() {
        parker.locked { stopping = true }
        parker.signalAll()
        if let thread { pthread_join(thread, nil) }
        thread = nil
        allTasks = []
        sourceTasks = []
    }

    /// A task finished its snapshot of checkpoint `id` (called on the task's worker).
    func acknowledge(id: Int64, task: Int, _ checkpoint: TaskCheckpoint) {
        parker.locked { inbox.append(Ack(id: id, task: task, checkpoint: checkpoint)) }
        parker.signalAll()
    }

    /// A task reached the end of its input: no new checkpoints are started (a finished task cannot
    /// take part in them).
    func taskFinished() {
        parker.locked { triggersDisabled = true }
    }

    /// Asks for a savepoint: a full, self-contained snapshot in `savepoint-<id>/`, never removed by
    /// retention. Returns its id once the coordinator triggered it, or throws when it cannot start.
    func requestSavepoint(timeoutNanos: Int64) throws(SluiceError) -> Int64 {
        let before = savepointTriggers.withLock { $0.count }
        let refused: Bool = parker.locked {
            if triggersDisabled || stopping { return true }
            savepointRequests += 1
            return false
        }
        if refused {
            throw SluiceError(.execution, "cannot take a savepoint: a task of the job already finished or the job is ending")
        }
        parker.signalAll()
        let deadline = MonotonicClock.nanos() + timeoutNanos
        while MonotonicClock.nanos() < deadline {
            if let id = savepointTriggers.withLock({ $0.count > before ? $0[before] : nil }) { return id }
            Self.sleep(nanos: 1_000_000)
        }
        throw SluiceError(.execution, "the savepoint was not triggered within \(timeoutNanos / 1_000_000) ms")
    }

    /// Waits until savepoint `id` is complete (its manifest written) or failed.
    func awaitSavepoint(_ id: Int64, timeoutNanos: Int64) throws(SluiceError) -> CheckpointManifest {
        let deadline = MonotonicClock.nanos() + timeoutNanos
        while MonotonicClock.nanos() < deadline {
            switch finishedSavepoints.withLock({ $0[id] }) {
            case .success(let manifest)?: return manifest
            case .failure(let error)?: throw error
            case nil: Self.sleep(nanos: 1_000_000)
            }
        }
        throw SluiceError(.execution, "savepoint \(id) did not complete within \(timeoutNanos / 1_000_000) ms; "
            + "is a task backpressured or blocked? (see the job's metrics)")
    }

    static func sleep(nanos: Int64) {
        var ts = timespec(tv_sec: 0, tv_nsec: Int(nanos))
        var left = timespec()
        _ = nanosleep(&ts, &left)
    }

    private func loop() {
        while true {
            let (acks, actions, stop): ([Ack], [CheckpointScheduler.Action], Bool) = parker.locked {
                if stopping { return ([], [], true) }
                let acks = inbox
                inbox.removeAll()
                var actions: [CheckpointScheduler.Action] = []
                let now = MonotonicClock.nanos()
                if !triggersDisabled { actions += scheduler.on(.tick(now: now)) }
                while savepointRequests > 0 && !triggersDisabled {
                    savepointRequests -= 1
                    let action = scheduler.triggerNow(now: now)
                    if case .trigger(let id) = action { savepointIDs.insert(id) }
                    actions.append(action)
                }
                return (acks, actions, false)
            }
            if stop { return }
            perform(actions)
            for ack in acks { receive(ack) }
            parker.locked {
                guard !stopping, inbox.isEmpty else { return }
                let now = MonotonicClock.nanos()
                let wait = scheduler.nextDeadline.map { max(0, $0 - now) } ?? 1_000_000_000
                if wait > 0 { parker.waitLocked(nanos: min(wait, 1_000_000_000)) }
            }
        }
    }

    private func receive(_ ack: Ack) {
        guard startedAt[ack.id] != nil else { return }   // expired, aborted or subsumed meanwhile
        if let reason = ack.checkpoint.declineReason {
            perform(parker.locked { scheduler.on(.declined(id: ack.id, now: MonotonicClock.nanos())) })
            record(SluiceError(.execution, "checkpoint \(ack.id) declined: \(reason)"))
            return
        }
        collected[ack.id, default: []].append(ack.checkpoint)
        perform(parker.locked { scheduler.on(.acknowledged(id: ack.id, task: ack.task, now: MonotonicClock.nanos())) })
    }

    private func perform(_ actions: [CheckpointScheduler.Action]) {
        for action in actions {
            switch action {
            case .trigger(let id):
                startedAt[id] = (Self.wallMillis(), MonotonicClock.nanos())
                if savepointIDs.contains(id) { savepointTriggers.withLock { $0.append(id) } }
                triggered.store(id, ordering: .releasing)
                for task in sourceTasks { task.notify() }
            case .complete(let id):
                do {
                    let manifest = try commit(id)
                    if savepointIDs.contains(id) { finishedSavepoints.withLock { $0[id] = .success(manifest) } }
                    completedIDs.withLock { $0.append(id) }
                    completed.store(id, ordering: .releasing)
                    for task in allTasks { task.notify() }
                } catch {
                    record(error)
                    if savepointIDs.contains(id) { finishedSavepoints.withLock { $0[id] = .failure(error) } }
                }
                discard(id)
            case .expire(let id), .abort(let id):
                if savepointIDs.contains(id) {
                    let reason = SluiceError(.execution, "savepoint \(id) was \(action == .expire(id: id) ? "expired (timeout)" : "aborted (declined by a task or subsumed)")")
                    finishedSavepoints.withLock { $0[id] = .failure(reason) }
                }
                discard(id)
            }
        }
    }

    /// Writes the state files and the manifest of checkpoint `id`, then applies retention.
    private func commit(_ id: Int64) throws(SluiceError) -> CheckpointManifest {
        let kind: CheckpointManifest.Kind = savepointIDs.contains(id) ? .savepoint : .checkpoint
        let directory = try storage.prepareDirectory(id, kind: kind)
        var manifest = CheckpointManifest(id: id, kind: kind, jobID: jobID, createdAtMillis: startedAt[id]?.wallMillis ?? Self.wallMillis(),
                                          durationMillis: 0, maxParallelism: settings.maxParallelism)
        var names = Set<String>()
        var files: [String: [CheckpointManifest.StateFile]] = [:]
        for task in collected[id] ?? [] {
            for s in task.states {
                var name = "\(Self.fileSafe(s.uid))-\(s.subtask).state"
                while !names.insert(name).inserted { name = "_" + name }
                let bytes = try OperatorStateFile.write(s.snapshot.bytes, to: "\(directory)/\(name)", codec: settings.codec)
                let file = CheckpointManifest.StateFile(path: "\(CheckpointStorage.directoryName(id, kind: kind))/\(name)",
                                                        bytes: Int64(bytes), writtenBy: id)
                var chain = try baseFiles(of: s, checkpoint: id)
                if kind == .savepoint { chain = try storage.adopt(chain, into: id, kind: kind) }
                chain.append(file)
                files[Self.chainKey(s.uid, s.subtask)] = chain
                manifest.state.append(.init(operatorUID: s.uid, subtask: s.subtask, parallelism: s.parallelism,
                                            keyGroups: 0...(settings.maxParallelism - 1), files: chain))
            }
            for p in task.sources {
                for position in p.positions {
                    manifest.sources.append(.init(operatorUID: p.uid, subtask: p.subtask, parallelism: p.parallelism,
                                                  split: position.split, offset: position.offset))
                }
            }
        }
        manifest.state.sort { ($0.operatorUID, $0.subtask) < ($1.operatorUID, $1.subtask) }
        manifest.sources.sort { ($0.operatorUID, $0.subtask) < ($1.operatorUID, $1.subtask) }
        manifest.durationMillis = ((startedAt[id].map { MonotonicClock.nanos() - $0.nanos }) ?? 0) / 1_000_000
        try storage.commit(manifest)
        committedFiles[id] = files
        for old in committedFiles.keys.sorted().dropLast(Self.keptChains) { committedFiles[old] = nil }
        if kind == .checkpoint { try storage.retain(last: settings.policy.retained) }
        return manifest
    }

    /// The files an incremental snapshot builds on: its base checkpoint's chain for the same subtask
    /// (empty for a full snapshot).
    private func baseFiles(of s: TaskCheckpoint.State, checkpoint id: Int64) throws(SluiceError) -> [CheckpointManifest.StateFile] {
        guard let base = s.snapshot.baseCheckpoint else { return [] }
        guard let chain = committedFiles[base]?[Self.chainKey(s.uid, s.subtask)] else {
            throw SluiceError(.internal, "checkpoint \(id): operator `\(s.uid)` subtask \(s.subtask) wrote an incremental "
                + "snapshot on top of checkpoint \(base), which this run did not complete for it (completed: "
                + "\(committedFiles.keys.sorted())); the checkpoint is dropped")
        }
        return chain
    }

    static func chainKey(_ uid: String, _ subtask: Int) -> String { "\(uid)#\(subtask)" }

    private func discard(_ id: Int64) {
        collected[id] = nil
        startedAt[id] = nil
    }

    private func record(_ error: SluiceError) {
        failure.withLock { $0 = error }
    }

    static func wallMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// A uid as a file name: letters, digits, `-` and `_` kept, everything else as `_`.
    static func fileSafe(_ uid: String) -> String {
        String(uid.unicodeScalars.map { s in
            (s.properties.isAlphabetic && s.isASCII) || ("0"..."9").contains(s) || s == "-" || s == "_" ? Character(s) : "_"
        })
    }
}
