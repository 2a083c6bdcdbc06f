import SluiceColumnar
import SluiceRuntime
import SluiceStorage

/// A keyed process function's part in checkpoints: its keyed state (a backend snapshot: full, or with
/// incremental checkpoints only the changes since the previous one, see `BackendSnapshotChain`), its
/// event- and processing-time timers (always whole) and its key types, as one byte string.
///
///     "SKPO" | version | key type count | key types as text (`BIGINT`, `STRING`, …)
///            | event-time timers | processing-time timers | backend     (`WireWriter` words, strings, blobs)
///
/// On a restore at another parallelism the operator receives every old subtask's snapshot and keeps
/// the state and timers of its own key groups.
extension KeyedProcessOperator {
    static let snapshotMagic: [UInt8] = Array("SKPO".utf8)

    public func snapshotState(checkpointID: Int64) throws(SluiceError) -> OperatorSnapshot? {
        guard let backend, let scope else { return nil }
        var out = Self.snapshotMagic
        out.append(1)
        let types = keyTypes ?? []
        WireWriter.int(types.count, into: &out)
        for type in types { WireWriter.string(type.description, into: &out) }
        let timers = scope.service.snapshot()
        WireWriter.blob(timers.eventTime, into: &out)
        WireWriter.blob(timers.processingTime, into: &out)
        let base = snapshotChain.begin(checkpointID)
        WireWriter.blob(try backend.snapshotBytes(full: base == nil), into: &out)
        return OperatorSnapshot(bytes: out, baseCheckpoint: base)
    }

    public func notifyCheckpointComplete(_ checkpointID: Int64) throws(SluiceError) {
        snapshotChain.complete(checkpointID)
    }

    public func restoreState(_ snapshots: [RestoredSnapshot]) throws(SluiceError) {
        guard !snapshots.isEmpty, let current = backend, let scope else { return }
        var backends: [[[UInt8]]] = []
        var timers: [(eventTime: [UInt8], processingTime: [UInt8])] = []
        for restored in snapshots {
            var chain: [[UInt8]] = []
            let files = [restored.snapshot] + restored.increments
            for (i, snapshot) in files.enumerated() {
                let part = try Self.parse(snapshot.bytes)
                if !part.keyTypes.isEmpty { keyTypes = part.keyTypes }
                chain.append(part.backend)
                if i == files.count - 1 { timers.append(part.timers) }
            }
            backends.append(chain)
        }
        let restored = try KeyedStateBackend.restore(chains: backends, keyGroupRange: current.keyGroupRange,
                                                     directory: current.directory, memoryBudgetBytes: current.memoryBudgetBytes,
                                                     clock: current.clock)
        backend = restored
        context?.keyedState = restored
        let rescaled = snapshots.count != 1 || snapshots[0].parallelism != context?.parallelism
        try scope.service.restore(merging: timers, keyGroups: rescaled ? current.keyGroupRange : nil)
    }

    /// One snapshot's parts: key types, timers (newest file of a chain only) and backend bytes.
    private static func parse(_ bytes: [UInt8]) throws(SluiceError)
        -> (keyTypes: [DataType], timers: (eventTime: [UInt8], processingTime: [UInt8]), backend: [UInt8]) {
        var reader = WireReader(bytes)
        guard Array(try reader.bytes(4, "header")) == Self.snapshotMagic, try reader.bytes(1, "version").first == 1 else {
            throw SluiceError(.corruptState, "the checkpoint's state for this keyed process function is not a keyed process snapshot (`SKPO` version 1)")
        }
        let count = try reader.int("key type count")
        guard count >= 0, count <= reader.remaining else {
            throw SluiceError(.corruptState, "keyed process snapshot names an impossible key type count \(count)")
        }
        var types: [DataType] = []
        for _ in 0..<count {
            let text = try reader.string("key type")
            do { types.append(try DataType.parse(text).type) } catch {
                throw SluiceError(.corruptState, "keyed process snapshot names key type '\(text)', which does not parse: \(error.message)")
            }
        }
        let timers = (Array(try reader.blob("event-time timers")), Array(try reader.blob("processing-time timers")))
        let backend = Array(try reader.blob("state backend"))
        guard reader.isAtEnd else {
            throw SluiceError(.corruptState, "keyed process snapshot has \(reader.remaining) bytes after its state")
        }
        return (types, timers, backend)
    }
}
