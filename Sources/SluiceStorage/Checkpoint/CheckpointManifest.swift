import SluiceColumnar

/// What a complete checkpoint (or savepoint) consists of: every state file and chunk it uses —
/// including files written by earlier checkpoints of an incremental chain —, where every source split
/// stood at the barrier, and the sink transactions to commit. Written last, atomically, so a
/// checkpoint exists exactly when its manifest does.
public struct CheckpointManifest: Sendable, Equatable {
    public static let formatVersion: Int64 = 1

    public enum Kind: String, Sendable, Equatable {
        case checkpoint
        case savepoint
    }

    /// One file of a subtask's state: a full snapshot or an increment on top of the previous ones.
    public struct StateFile: Sendable, Equatable {
        /// Path relative to the checkpoint directory's root, e.g. `chk-3/agg-1.snap`.
        public var path: String
        public var bytes: Int64
        /// The checkpoint that wrote the file (smaller than `id` for files reused from earlier ones).
        public var writtenBy: Int64
        /// The arena chunks this checkpoint takes from the file (empty: every block in it).
        public var chunks: [Int]

        public init(path: String, bytes: Int64, writtenBy: Int64, chunks: [Int] = []) {
            self.path = path
            self.bytes = bytes
            self.writtenBy = writtenBy
            self.chunks = chunks
        }
    }

    /// The state of one operator subtask: its key groups and the chain of files, oldest first.
    public struct SubtaskState: Sendable, Equatable {
        public var operatorUID: String
        public var subtask: Int
        /// The operator's parallelism when the snapshot was taken.
        public var parallelism: Int
        public var keyGroups: ClosedRange<Int>
        public var files: [StateFile]

        public init(operatorUID: String, subtask: Int, parallelism: Int = 1, keyGroups: ClosedRange<Int>, files: [StateFile]) {
            self.operatorUID = operatorUID
            self.subtask = subtask
            self.parallelism = parallelism
            self.keyGroups = keyGroups
            self.files = files
        }
    }

    /// Where one source split stood at the barrier (a byte offset, a generator sequence number).
    public struct SourcePosition: Sendable, Equatable {
        public var operatorUID: String
        public var subtask: Int
        public var parallelism: Int
        public var split: String
        public var offset: Int64

        public init(operatorUID: String, subtask: Int, parallelism: Int = 1, split: String, offset: Int64) {
            self.operatorUID = operatorUID
            self.subtask = subtask
            self.parallelism = parallelism
            self.split = split
            self.offset = offset
        }
    }

    /// A sink's staged output for this checkpoint, committed once the checkpoint is complete.
    public struct SinkTransaction: Sendable, Equatable {
        public var operatorUID: String
        public var subtask: Int
        public var transaction: String

        public init(operatorUID: String, subtask: Int, transaction: String) {
            self.operatorUID = operatorUID
            self.subtask = subtask
            self.transaction = transaction
        }
    }

    public var id: Int64
    public var kind: Kind
    /// Names the job across restarts and processes (sinks use it to find their own files).
    public var jobID: String
    /// Wall-clock start, milliseconds since the epoch.
    public var createdAtMillis: Int64
    public var durationMillis: Int64
    public var maxParallelism: Int
    public var state: [SubtaskState]
    public var sources: [SourcePosition]
    public var sinks: [SinkTransaction]

    public init(id: Int64, kind: Kind = .checkpoint, jobID: String = "", createdAtMillis: Int64, durationMillis: Int64,
                maxParallelism: Int, state: [SubtaskState] = [], sources: [SourcePosition] = [],
                sinks: [SinkTransaction] = []) {
        self.id = id
        self.kind = kind
        self.jobID = jobID
        self.createdAtMillis = createdAtMillis
        self.durationMillis = durationMillis
        self.maxParallelism = maxParallelism
        self.state = state
        self.sources = sources
        self.sinks = sinks
    }

    /// Every state file the checkpoint needs, without repeats.
    public var referencedFiles: [StateFile] {
        var seen = Set<String>()
        return state.flatMap(\.files).filter { seen.insert($0.path).inserted }
    }

    /// Bytes of state the checkpoint needs in all (the size of a restore).
    public var totalBytes: Int64 { referencedFiles.reduce(0) { $0 + $1.bytes } }

    /// Bytes this checkpoint wrote itself (the rest is reused from earlier ones).
    public var incrementalBytes: Int64 {
        referencedFiles.filter { $0.writtenBy == id }.reduce(0) { $0 + $1.bytes }
    }
}
