import SluiceColumnar
import SluiceStorage

/// How a job takes checkpoints and recovers from failures (`ExecutionOptions.checkpointing`).
public struct CheckpointSettings: Sendable {
    /// Which checkpoint a job starts from.
    public enum RestorePoint: Sendable, Equatable {
        /// The newest complete checkpoint in the directory; a fresh start when there is none.
        case latest
        /// A specific checkpoint; an error when it is not complete.
        case checkpoint(Int64)
        /// A savepoint (`savepoint-<id>/` in the directory); operators may have changed parallelism.
        case savepoint(Int64)
    }

    /// The job's checkpoint directory (created if missing).
    public var directory: String
    public var policy: CheckpointPolicy
    /// Compression of state files (zstd level 1 by default).
    public var codec: SnapshotCodec
    public var restore: RestorePoint?
    /// Fixed-delay restart strategy: how often a failed job is restarted from its latest checkpoint
    /// before the original failure is reported.
    public var restartAttempts: Int
    public var restartDelayNanos: Int64
    /// Key groups of the job's keyed state (recorded in the manifest).
    public var maxParallelism: Int
    /// Start even when the restored snapshot holds state for operator uids the job no longer has
    /// (that state is dropped); otherwise that is an error naming the uids.
    public var allowNonRestoredState = false
    /// Keyed aggregates write only the groups that changed since their last completed checkpoint, and
    /// keyed process functions only their state backend's changed lines, on top of the earlier files
    /// (a chain of at most 8 files, then a full snapshot again). Savepoints are self-contained either way.
    public var incremental = true

    public init(directory: String, policy: CheckpointPolicy = .streamingDefault, codec: SnapshotCodec = .default,
                restore: RestorePoint? = nil, restartAttempts: Int = 0, restartDelayNanos: Int64 = 0,
                maxParallelism: Int = 128) {
        self.directory = directory
        self.policy = policy
        self.codec = codec
        self.restore = restore
        self.restartAttempts = restartAttempts
        self.restartDelayNanos = restartDelayNanos
        self.maxParallelism = maxParallelism
    }
}

/// What one task subtask contributes to a checkpoint: its source positions and operator snapshots.
struct TaskCheckpoint: Sendable {
    struct State: Sendable {
        var uid: String
        var subtask: Int
        var parallelism: Int
        var snapshot: OperatorSnapshot
    }

    struct Positions: Sendable {
        var uid: String
        var subtask: Int
        var parallelism: Int
        var positions: [SplitPosition]
    }

    var states: [State] = []
    var sources: [Positions] = []
    /// Set when the task cannot take part (a source without positions); the checkpoint is declined.
    var declineReason: String?
}

/// The state a restored job starts from, by operator uid.
struct RestoreData: Sendable {
    /// 0 when restarting without a complete checkpoint (every operator starts empty).
    var checkpointID: Int64
    var jobID: String
    var operators: [String: [RestoredSnapshot]] = [:]
    var sources: [String: [Int: [SplitPosition]]] = [:]
    var sourceParallelism: [String: Int] = [:]

    /// Reads every state file the manifest names.
    init(manifest: CheckpointManifest, storage: CheckpointStorage) throws(SluiceError) {
        checkpointID = manifest.id
        jobID = manifest.jobID
        for s in manifest.state {
            guard !s.files.isEmpty else { continue }
            var chain: [OperatorSnapshot] = []
            for file in s.files {
                chain.append(OperatorSnapshot(buffer: try OperatorStateFile.readBuffer("\(storage.root)/\(file.path)")))
            }
            operators[s.operatorUID, default: []].append(RestoredSnapshot(subtask: s.subtask, parallelism: s.parallelism,
                                                                snapshot: chain[0], increments: Array(chain.dropFirst())))
        }
        for p in manifest.sources {
            sourceParallelism[p.operatorUID] = p.parallelism
            sources[p.operatorUID, default: [:]][p.subtask, default: []].append(SplitPosition(split: p.split, offset: p.offset))
        }
    }

    /// Fails when state belongs to operators (by uid) the graph does not have.
    func checkMapped(to graph: JobGraph, allowNonRestored: Bool) throws(SluiceError) {
        let uids = Set(graph.vertices.map(\.uid))
        let orphaned = (Set(operators.keys).union(sources.keys)).subtracting(uids).sorted()
        guard orphaned.isEmpty || allowNonRestored else {
            throw SluiceError(.plan, "checkpoint \(checkpointID) holds state for operator uid\(orphaned.count == 1 ? "" : "s") "
                + "\(orphaned.joined(separator: ", ")), which the job does not have (uids now: \(uids.sorted().joined(separator: ", "))); "
                + "give the operator its old uid, or set allowNonRestoredState to drop that state")
        }
    }

    /// A restart of job `jobID` with no complete checkpoint to start from.
    init(restartingFromScratch jobID: String) {
        checkpointID = 0
        self.jobID = jobID
    }

    /// The snapshots subtask `index` of `parallelism` restores for `uid`: its own at an unchanged
    /// parallelism; after a change, all of them for keyed operators (they keep their own key groups),
    /// else those of old subtasks `i % parallelism == index`.
    func snapshots(uid: String, index: Int, parallelism: Int, keyed: Bool) -> [RestoredSnapshot] {
        let all = (operators[uid] ?? []).sorted { $0.subtask < $1.subtask }
        if all.allSatisfy({ $0.parallelism == parallelism }) { return all.filter { $0.subtask == index } }
        if keyed { return all }
        return all.filter { $0.subtask % parallelism == index }
    }

    /// The positions of source `uid`'s subtask `index`; a changed source parallelism is an error.
    func positions(uid: String, index: Int, parallelism: Int) throws(SluiceError) -> [SplitPosition]? {
        guard let bySubtask = sources[uid] else { return nil }
        if let old = sourceParallelism[uid], old != parallelism {
            throw SluiceError(.unsupported, "source `\(uid)` ran with parallelism \(old) in checkpoint \(checkpointID) "
                + "and now with \(parallelism); restore sources at their old parallelism (operators may change theirs)")
        }
        return bySubtask[index] ?? []
    }
}
