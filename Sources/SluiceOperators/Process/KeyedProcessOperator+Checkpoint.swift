import SluiceColumnar
import SluiceRuntime
import SluiceStorage

/// A keyed process function's part in checkpoints: its keyed state (a full backend snapshot), its
/// event- and processing-time timers and its key types, as one byte string.
///
///     "SKPO" | version | key type count | per key type: length, text (`BIGINT`, `STRING`, …)
///            | event-time timers (length, bytes) | processing-time timers | backend (length, bytes)
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
        Self.word(types.count, &out)
        for type in types { Self.blob(Array(type.description.utf8), &out) }
        let timers = scope.service.snapshot()
        Self.blob(timers.eventTime, &out)
        Self.blob(timers.processingTime, &out)
        Self.blob(try backend.snapshotBytes(), &out)
        return OperatorSnapshot(bytes: out)
    }

    public func restoreState(_ snapshots: [RestoredSnapshot]) throws(SluiceError) {
        guard !snapshots.isEmpty, let current = backend, let scope else { return }
        var backends: [[UInt8]] = []
        var timers: [(eventTime: [UInt8], processingTime: [UInt8])] = []
        for restored in snapshots {
            var reader = Reader(bytes: restored.snapshot.bytes)
            guard Array(try reader.take(4, "header")) == Self.snapshotMagic, try reader.take(1, "version").first == 1 else {
                throw SluiceError(.corruptState, "the checkpoint's state for this keyed process function is not a keyed process snapshot (`SKPO` version 1)")
            }
            var types: [DataType] = []
            for _ in 0..<(try reader.word("key type count")) {
                let text = String(decoding: try reader.blob("key type"), as: UTF8.self)
                do { types.append(try DataType.parse(text).type) } catch {
                    throw SluiceError(.corruptState, "keyed process snapshot names key type '\(text)', which does not parse: \(error.message)")
                }
            }
            if !types.isEmpty { keyTypes = types }
            timers.append((Array(try reader.blob("event-time timers")), Array(try reader.blob("processing-time timers"))))
            backends.append(Array(try reader.blob("state backend")))
        }
        let restored = try KeyedStateBackend.restore(bytes: backends, keyGroupRange: current.keyGroupRange,
                                                     directory: current.directory, memoryBudgetBytes: current.memoryBudgetBytes,
                                                     clock: current.clock)
        backend = restored
        context?.keyedState = restored
        let rescaled = snapshots.count != 1 || snapshots[0].parallelism != context?.parallelism
        try scope.service.restore(merging: timers, keyGroups: rescaled ? current.keyGroupRange : nil)
    }

    private static func word(_ v: Int, _ out: inout [UInt8]) {
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: UInt64(v) >> (8 * UInt64(i)))) }
    }

    private static func blob(_ bytes: [UInt8], _ out: inout [UInt8]) {
        word(bytes.count, &out)
        out.append(contentsOf: bytes)
    }

    /// Reads the snapshot's words and byte runs, failing with `corruptState` on a short buffer.
    struct Reader {
        let bytes: [UInt8]
        var offset = 0

        mutating func take(_ n: Int, _ what: String) throws(SluiceError) -> ArraySlice<UInt8> {
            guard n >= 0, offset + n <= bytes.count else {
                throw SluiceError(.corruptState, "keyed process snapshot ends inside the \(what) at offset \(offset) (\(bytes.count) bytes); the checkpoint is damaged")
            }
            defer { offset += n }
            return bytes[offset..<(offset + n)]
        }

        mutating func word(_ what: String) throws(SluiceError) -> Int {
            var v: UInt64 = 0
            for (i, b) in try take(8, what).enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
            guard v <= UInt64(Int32.max) * 64 else {
                throw SluiceError(.corruptState, "keyed process snapshot holds an impossible \(what) \(v) at offset \(offset - 8)")
            }
            return Int(v)
        }

        mutating func blob(_ what: String) throws(SluiceError) -> ArraySlice<UInt8> {
            try take(try word("\(what) length"), what)
        }
    }
}
