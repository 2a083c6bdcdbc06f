import SluiceColumnar
import SluiceRuntime
import SluiceStorage

/// A keyed process function's part in checkpoints: its keyed state (a full backend snapshot), its
/// event- and processing-time timers and its key types, as one byte string.
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
        WireWriter.blob(try backend.snapshotBytes(), into: &out)
        return OperatorSnapshot(bytes: out)
    }

    public func restoreState(_ snapshots: [RestoredSnapshot]) throws(SluiceError) {
        guard !snapshots.isEmpty, let current = backend, let scope else { return }
        var backends: [[UInt8]] = []
        var timers: [(eventTime: [UInt8], processingTime: [UInt8])] = []
        for restored in snapshots {
            var reader = WireReader(restored.snapshot.bytes)
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
            if !types.isEmpty { keyTypes = types }
            timers.append((Array(try reader.blob("event-time timers")), Array(try reader.blob("processing-time timers"))))
            backends.append(Array(try reader.blob("state backend")))
            guard reader.isAtEnd else {
                throw SluiceError(.corruptState, "keyed process snapshot has \(reader.remaining) bytes after its state")
            }
        }
        let restored = try KeyedStateBackend.restore(bytes: backends, keyGroupRange: current.keyGroupRange,
                                                     directory: current.directory, memoryBudgetBytes: current.memoryBudgetBytes,
                                                     clock: current.clock)
        backend = restored
        context?.keyedState = restored
        let rescaled = snapshots.count != 1 || snapshots[0].parallelism != context?.parallelism
        try scope.service.restore(merging: timers, keyGroups: rescaled ? current.keyGroupRange : nil)
    }
}
