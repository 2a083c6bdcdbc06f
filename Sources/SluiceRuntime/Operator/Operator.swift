import SluiceColumnar

/// A timer that fired for an operator (stub until the timer service exists).
public struct OperatorTimer: Sendable, Equatable {
    public enum Domain: Sendable, Equatable { case eventTime, processingTime }
    public var domain: Domain
    /// Microseconds since the epoch.
    public var timestamp: Int64

    public init(_ domain: Domain, timestamp: Int64) {
        self.domain = domain
        self.timestamp = timestamp
    }
}

/// The serialized state of one operator subtask at a checkpoint: bytes only the operator reads.
///
/// An incremental snapshot names the completed checkpoint it builds on (`baseCheckpoint`): its bytes
/// hold only what changed since then, and the checkpoint's manifest lists the base's files before
/// this one, so a restore hands the operator the whole chain (`RestoredSnapshot.increments`).
/// Operators may only build on a checkpoint they were told is complete (`notifyCheckpointComplete`)
/// and in which they took part.
///
/// A snapshot taken by an operator holds its bytes as an array, or as record batches that become
/// bytes (one after the other, `RecordBatch.serialize`) only when `bytes` is asked for: the checkpoint
/// coordinator does that beside the tasks, in the asynchronous part of a checkpoint, so a task pauses
/// only to take its (immutable) batches. One read back from a state file holds its bytes in a
/// `Buffer`, which `reader()` reads without copying the column buffers of batches in it.
public struct OperatorSnapshot: Sendable, Equatable {
    private enum Storage: Sendable {
        case array([UInt8])
        case buffer(Buffer)
        case batches([RecordBatch])
    }

    private var storage: Storage
    /// nil: a full snapshot.
    public var baseCheckpoint: Int64?

    public init(bytes: [UInt8], baseCheckpoint: Int64? = nil) {
        storage = .array(bytes)
        self.baseCheckpoint = baseCheckpoint
    }

    public init(buffer: Buffer, baseCheckpoint: Int64? = nil) {
        storage = .buffer(buffer)
        self.baseCheckpoint = baseCheckpoint
    }

    /// A snapshot whose bytes are `batches` serialized one after the other, when first asked for.
    public init(batches: [RecordBatch], baseCheckpoint: Int64? = nil) {
        storage = .batches(batches)
        self.baseCheckpoint = baseCheckpoint
    }

    /// The bytes (a copy when they are held in a buffer).
    public var bytes: [UInt8] {
        get {
            switch storage {
            case .array(let bytes): return bytes
            case .buffer(let buffer): return buffer.withUnsafeBytes { Array($0) }
            case .batches(let batches):
                var bytes: [UInt8] = []
                bytes.reserveCapacity(batches.reduce(0) { $0 + $1.serializedSizeHint })
                for batch in batches { batch.serialize(into: &bytes) }
                return bytes
            }
        }
        set { storage = .array(newValue) }
    }

    /// A reader over the bytes; batches read from a buffer-held snapshot keep views of its buffer.
    public func reader() -> WireReader {
        switch storage {
        case .buffer(let buffer): return WireReader(buffer)
        default: return WireReader(bytes)
        }
    }

    public static func == (a: OperatorSnapshot, b: OperatorSnapshot) -> Bool {
        a.baseCheckpoint == b.baseCheckpoint && a.bytes == b.bytes
    }
}

/// A snapshot taken by subtask `subtask` of `parallelism` in the run being restored. When the
/// parallelism changed, a keyed operator receives every old subtask's snapshot and keeps the keys of
/// its own key groups; other operators receive the snapshots of old subtasks `i` with
/// `i % newParallelism == subtask`.
///
/// `snapshot` is a full snapshot; `increments` are the incremental snapshots taken on top of it, oldest
/// first (empty unless the operator wrote incremental ones).
public struct RestoredSnapshot: Sendable, Equatable {
    public var subtask: Int
    public var parallelism: Int
    public var snapshot: OperatorSnapshot
    public var increments: [OperatorSnapshot]

    public init(subtask: Int, parallelism: Int, snapshot: OperatorSnapshot, increments: [OperatorSnapshot] = []) {
        self.subtask = subtask
        self.parallelism = parallelism
        self.snapshot = snapshot
        self.increments = increments
    }
}

/// A step of a dataflow: it receives batches and control events and emits batches through `Output`.
///
/// Every requirement has a default, so a filter implements only `process`. Calls for one operator
/// instance always come from one thread at a time (the worker running its task), in this order:
/// `open`, then any number of `process` / `processWatermark` / `onTimer` / `snapshotState` /
/// `notifyCheckpointComplete`, then `finish` when every input has ended (bounded inputs only), then
/// `close` — which is also called after a failure or a cancellation, so it must not assume `finish`.
///
/// Operators are thin plumbing: the per-row loops live in kernels and tables. Errors are thrown as
/// `SluiceError`; the task adds the operator's name and subtask and fails the job.
public protocol Operator: AnyObject {
    /// Acquires resources; `context` stays valid for the life of the operator.
    func open(_ context: OperatorContext) throws(SluiceError)
    /// Handles one batch that arrived on input `input` (0 for single-input operators).
    func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError)
    /// Handles a watermark that advanced on every input; the default forwards it.
    func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError)
    /// Handles a timer the operator registered.
    func onTimer(_ timer: OperatorTimer, output: Output) throws(SluiceError)
    /// When the operator next has processing-time work that must happen even if no input arrives (a
    /// processing-time timer, the end of a processing-time window), in monotonic nanoseconds
    /// (`MonotonicClock.nanos()`; see `ProcessingClock.wakeupNanos(at:)`), or nil. A task with no
    /// input sleeps at most until the earliest such time of its operators and then calls
    /// `onProcessingTime`.
    func processingTimeDeadline() -> Int64?
    /// Processing time reached the operator's `processingTimeDeadline()`: fire what is due.
    func onProcessingTime(output: Output) throws(SluiceError)
    /// At a checkpoint barrier, before any operator of the chain snapshots: emit what is buffered only
    /// for batching (a local pre-aggregate, a mini-batch of changes), so the state to snapshot is small
    /// and downstream operators see it before the barrier. Flink's `prepareSnapshotPreBarrier`.
    func prepareSnapshotPreBarrier(checkpointID: Int64, output: Output) throws(SluiceError)
    /// Returns the operator's state at checkpoint `checkpointID`, or nil when it has none.
    func snapshotState(checkpointID: Int64) throws(SluiceError) -> OperatorSnapshot?
    /// Called once after `open` when the job is restored from a checkpoint that holds state for this
    /// operator's uid (see `RestoredSnapshot` for which snapshots arrive).
    func restoreState(_ snapshots: [RestoredSnapshot]) throws(SluiceError)
    /// Checkpoint `checkpointID` is durable: commit anything staged for it.
    func notifyCheckpointComplete(_ checkpointID: Int64) throws(SluiceError)
    /// Every input ended: emit final results (batch mode) and flush buffers.
    func finish(output: Output) throws(SluiceError)
    /// Releases resources; called exactly once if `open` was called, whatever happened.
    func close()
}

extension Operator {
    public func open(_ context: OperatorContext) throws(SluiceError) {}
    public func process(_ batch: RecordBatch, input: Int, output: Output) throws(SluiceError) {
        try output.emit(batch)
    }
    public func processWatermark(_ watermark: Watermark, output: Output) throws(SluiceError) {
        try output.emitWatermark(watermark)
    }
    public func onTimer(_ timer: OperatorTimer, output: Output) throws(SluiceError) {}
    public func processingTimeDeadline() -> Int64? { nil }
    public func onProcessingTime(output: Output) throws(SluiceError) {}
    public func prepareSnapshotPreBarrier(checkpointID: Int64, output: Output) throws(SluiceError) {}
    public func snapshotState(checkpointID: Int64) throws(SluiceError) -> OperatorSnapshot? { nil }
    public func restoreState(_ snapshots: [RestoredSnapshot]) throws(SluiceError) {
        guard snapshots.isEmpty else {
            throw .unsupported("the checkpoint holds state for this operator, but it cannot restore state; "
                + "give the stateful operator its own uid or start without restoring")
        }
    }
    public func notifyCheckpointComplete(_ checkpointID: Int64) throws(SluiceError) {}
    public func finish(output: Output) throws(SluiceError) {}
    public func close() {}
}
