#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar

/// What one backend snapshot wrote.
public struct BackendSnapshot: Sendable {
    /// The snapshot directory (its `MANIFEST` names the state files).
    public let directory: String
    /// Bytes of all files written (state files and manifest).
    public let bytesWritten: Int
    /// Uncompressed bytes captured from the arenas.
    public let rawBytes: Int
    /// Expired entries removed before capturing.
    public let expiredRemoved: Int
}

/// Snapshots of all states of a backend as one unit, and restore from them.
///
/// A snapshot directory holds one file per state in the snapshot-file format (`SnapshotCapture`:
/// chunks or patches of the table's arenas, compressed and checksummed) and a `MANIFEST` written
/// last. Snapshots chain: the first capture of a table is full, later ones hold only what
/// changed (dirty 64-byte lines), so restore takes the directories of a chain in order.
extension KeyedStateBackend {
    /// Captures every state (removing expired entries first) and writes the snapshot into
    /// `directory` (created if missing). `full` forces whole tables instead of changes.
    @discardableResult
    public func snapshot(to directory: String, full: Bool = false, codec: SnapshotCodec = .default) throws(SluiceError) -> BackendSnapshot {
        guard mkdir(directory, 0o755) == 0 || errno == EEXIST else {
            throw FileErrors.io("cannot create snapshot directory '\(directory)'", path: directory)
        }
        var expired = 0
        for store in stores { expired += store.cleanupAll() }
        var tables = stores.map { ($0.descriptor, $0.table) }
        tables += restored.keys.sorted().map { (restored[$0]!.descriptor, restored[$0]!.table) }
        var manifest = BackendManifest(maxParallelism: maxParallelism, keyGroupRange: keyGroupRange, states: [])
        var written = 0, raw = 0
        for (i, (descriptor, table)) in tables.enumerated() {
            let chained = chainedTables.contains(ObjectIdentifier(table))
            let capture = table.captureChunks(full: full || !chained)
            let file = "state-\(i).snap"
            do {
                written += try capture.write(to: "\(directory)/\(file)", codec: codec)
            } catch {
                table.markAllDirty()   // the next capture must be complete again
                throw error
            }
            raw += capture.rawByteCount
            chainedTables.insert(ObjectIdentifier(table))
            manifest.states.append(.init(descriptor: descriptor, file: file))
        }
        let manifestFile = try DurableFile(path: "\(directory)/\(BackendManifest.fileName)")
        try manifestFile.write(manifest.encode())
        written += manifestFile.bytesWritten
        try manifestFile.commit()
        return BackendSnapshot(directory: directory, bytesWritten: written, rawBytes: raw, expiredRemoved: expired)
    }

    /// Rebuilds a backend from snapshots.
    ///
    /// `chains` holds, per old subtask, its snapshot directories in order (a full one first). With
    /// one chain and the same key groups the tables are restored chunk for chunk; otherwise
    /// (rescaling) each old table is restored into scratch arenas and the entries of this
    /// backend's key groups are copied over. States come back when registered again by name.
    public static func restore(chains: [[String]], keyGroupRange: ClosedRange<Int>? = nil, directory: String? = nil,
                               memoryBudgetBytes: Int? = nil, clock: StateClock = .system(),
                               chunkSize: Int = MappedArena.defaultChunkSize) throws(SluiceError) -> KeyedStateBackend {
        guard let firstChain = chains.first, let firstDirectory = firstChain.first else {
            throw .invalidInput("cannot restore a state backend from no snapshots; pass at least one chain with a full snapshot")
        }
        var manifests: [[BackendManifest]] = []
        for chain in chains {
            guard !chain.isEmpty else { throw .invalidInput("a snapshot chain of the restore is empty; every old subtask needs its snapshots") }
            var list: [BackendManifest] = []
            for dir in chain { list.append(try readManifest(dir)) }
            manifests.append(list)
        }
        let first = manifests[0][0]
        let maxParallelism = first.maxParallelism
        for list in manifests where list.contains(where: { $0.maxParallelism != maxParallelism }) {
            throw SluiceError(.invalidInput, "the snapshots have different max parallelisms (\(maxParallelism) in '\(firstDirectory)'); restore snapshots of one job only", context: .init(file: firstDirectory))
        }
        let range = keyGroupRange ?? first.keyGroupRange
        let backend = try KeyedStateBackend(maxParallelism: maxParallelism, keyGroupRange: range, directory: directory,
                                            memoryBudgetBytes: memoryBudgetBytes, clock: clock, chunkSize: chunkSize)
        if chains.count == 1 && manifests[0].last!.keyGroupRange == range {
            for state in manifests[0].last!.states {
                let files = stateFiles(state.descriptor.name, chain: firstChain, manifests: manifests[0])
                let table = try StateTable.restore(chain: files, directory: directory)
                guard table.slotWidth == state.descriptor.slotWidth else {
                    throw SluiceError(.corruptState, "state '\(state.descriptor.name)' in '\(files.last!)' has slot width \(table.slotWidth), its manifest says \(state.descriptor.slotWidth)", context: .init(file: files.last!))
                }
                backend.restored[state.descriptor.name] = (state.descriptor, table)
                backend.chainedTables.insert(ObjectIdentifier(table))
            }
            return backend
        }
        try backend.rescale(from: chains, manifests: manifests)
        return backend
    }

    /// The files of state `name` along a chain, in order.
    static func stateFiles(_ name: String, chain: [String], manifests: [BackendManifest]) -> [String] {
        zip(chain, manifests).compactMap { dir, manifest in
            manifest.states.first { $0.descriptor.name == name }.map { "\(dir)/\($0.file)" }
        }
    }

    static func readManifest(_ directory: String) throws(SluiceError) -> BackendManifest {
        let path = "\(directory)/\(BackendManifest.fileName)"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw FileErrors.io("cannot open state backend manifest '\(path)' (a snapshot directory without a manifest is incomplete)", path: path)
        }
        defer { _ = close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileErrors.io("cannot stat '\(path)'", path: path) }
        let size = Int(st.st_size)
        let bytes = try SnapshotReader.read(fd: fd, path: path, count: size, at: 0, fileSize: size, what: "manifest")
        return try BackendManifest.decode(bytes, path: path)
    }
}
