import SluiceColumnar
import SluiceRuntime
import SluiceStorage

/// A keyed process function's part in checkpoints: its keyed state (a backend snapshot: full, or with
/// incremental checkpoints only the changes since the previous one, see `BackendSnapshotChain`),
/// which holds its timers too (`TimerStore`), and its key types, as one byte string.
///
///     version 2: "SKPO" | 2 | key type count | key types as text (`BIGINT`, `STRING`, …) | backend
///     version 1: "SKPO" | 1 | key type count | key types | event-time timers | processing-time timers | backend
///                                                                   (`WireWriter` words, strings, blobs)
///
/// Version 1 (timers written whole beside the backend) is still read. On a restore at another
/// parallelism the operator receives every old subtask's snapshot and keeps the state and timers of
/// its own key groups; the timer queue is rebuilt from the restored backend.
extension KeyedProcessOperator {
    static let snapshotMagic: [UInt8] = Array("SKPO".utf8)

    public func snapshotState(checkpointID: Int64) throws(SluiceError) -> OperatorSnapshot? {
        guard let backend else { return nil }
        var out = Self.snapshotMagic
        out.append(2)
        let types = keyTypes ?? []
        WireWriter.int(types.count, into: &out)
        for type in types { WireWriter.string(type.description, into: &out) }
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
        var timers: [(eventTime: [UInt8], processingTime: [UInt8])] = []   // version 1 snapshots only
        for restored in snapshots {
            var chain: [[UInt8]] = []
            let files = [restored.snapshot] + restored.increments
            for (i, snapshot) in files.enumerated() {
                let part = try Self.parse(snapshot.bytes)
                if !part.keyTypes.isEmpty { keyTypes = part.keyTypes }
                chain.append(part.backend)
                if i == files.count - 1, let old = part.timers { timers.append(old) }
            }
            backends.append(chain)
        }
        let restored = try KeyedStateBackend.restore(chains: backends, keyGroupRange: current.keyGroupRange,
                                                     directory: current.directory, memoryBudgetBytes: current.memoryBudgetBytes,
                                                     clock: current.clock)
        backend = restored
        context?.keyedState = restored
        let store = try TimerStore(restored)
        scope.store = store
        let rescaled = snapshots.count != 1 || snapshots[0].parallelism != context?.parallelism
        try scope.service.restore(merging: timers, keyGroups: rescaled ? current.keyGroupRange : nil)
        try store.load(into: scope.service)
    }

    /// One snapshot's parts: key types, timers (version 1, in the newest file of a chain) and backend bytes.
    private static func parse(_ bytes: [UInt8]) throws(SluiceError)
        -> (keyTypes: [DataType], timers: (eventTime: [UInt8], processingTime: [UInt8])?, backend: [UInt8]) {
        var reader = WireReader(bytes)
        let magic = Array(try reader.bytes(4, "header"))
        let version = try reader.bytes(1, "version").first ?? 0
        guard magic == Self.snapshotMagic, version == 1 || version == 2 else {
            throw SluiceError(.corruptState, "the checkpoint's state for this keyed process function is not a keyed process snapshot "
                + "(`SKPO` version 1 or 2; found version \(version)); it may come from a newer Sluice")
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
        let timers = version == 1 ? (Array(try reader.blob("event-time timers")), Array(try reader.blob("processing-time timers"))) : nil
        let backend = Array(try reader.blob("state backend"))
        guard reader.isAtEnd else {
            throw SluiceError(.corruptState, "keyed process snapshot has \(reader.remaining) bytes after its state")
        }
        return (types, timers, backend)
    }
}
