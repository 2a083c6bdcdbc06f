import SluiceColumnar

/// A job's checkpoint directory: `chk-<id>/` per checkpoint (its state files and, once complete, its
/// `_manifest`), `savepoint-<id>/` for savepoints. A checkpoint is complete exactly when its manifest
/// exists, because the manifest is written last with write-temp, fsync, rename.
public final class CheckpointStorage {
    public let root: String
    static let manifestName = "_manifest"

    /// Opens (and creates, when `create`) the directory.
    public init(directory: String, create: Bool = true) throws(SluiceError) {
        var root = directory
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
        if create {
            try PosixFiles.makeDirectories(root)
        } else if !PosixFiles.isDirectory(root) {
            throw SluiceError(.invalidInput, "checkpoint directory '\(root)' does not exist; check the path or run the job with checkpointing on first", context: .init(file: root))
        }
    }

    public static func directoryName(_ id: Int64, kind: CheckpointManifest.Kind) -> String {
        kind == .checkpoint ? "chk-\(id)" : "savepoint-\(id)"
    }

    /// The directory for checkpoint `id`'s files, created if missing; returns its path.
    public func prepareDirectory(_ id: Int64, kind: CheckpointManifest.Kind = .checkpoint) throws(SluiceError) -> String {
        let path = "\(root)/\(Self.directoryName(id, kind: kind))"
        try PosixFiles.makeDirectories(path)
        return path
    }

    /// Makes a checkpoint complete by writing its manifest durably; every file it names must exist.
    @discardableResult
    public func commit(_ manifest: CheckpointManifest) throws(SluiceError) -> String {
        for file in manifest.referencedFiles {
            let path = "\(root)/\(file.path)"
            guard let size = PosixFiles.size(path) else {
                throw SluiceError(.io, "checkpoint \(manifest.id) names state file '\(path)', which does not exist", context: .init(file: path))
            }
            guard size == file.bytes else {
                throw SluiceError(.corruptState, "state file '\(path)' has \(size) bytes, checkpoint \(manifest.id) expects \(file.bytes)", context: .init(file: path))
            }
        }
        let directory = try prepareDirectory(manifest.id, kind: manifest.kind)
        let path = "\(directory)/\(Self.manifestName)"
        let out = try DurableFile(path: path)
        try out.write(manifest.encoded())
        try out.commit()
        return path
    }

    /// Gives checkpoint or savepoint `id` its own names for files written by earlier checkpoints
    /// (hard links, or copies across file systems), so it stays whole when retention removes those
    /// checkpoints: a savepoint must not depend on them. Returns the files under their new paths.
    public func adopt(_ files: [CheckpointManifest.StateFile], into id: Int64,
                      kind: CheckpointManifest.Kind) throws(SluiceError) -> [CheckpointManifest.StateFile] {
        let directory = Self.directoryName(id, kind: kind)
        try PosixFiles.makeDirectories("\(root)/\(directory)")
        var adopted: [CheckpointManifest.StateFile] = []
        for file in files {
            let name = file.path.split(separator: "/").joined(separator: "-")
            let path = "\(directory)/\(name)"
            try PosixFiles.removeTree("\(root)/\(path)")
            try PosixFiles.linkOrCopy("\(root)/\(file.path)", to: "\(root)/\(path)")
            adopted.append(.init(path: path, bytes: file.bytes, writtenBy: id, chunks: file.chunks))
        }
        return adopted
    }

    /// Every entry of the directory (checkpoint directories, complete or not), sorted.
    public func directoryNames() throws(SluiceError) -> [String] { try PosixFiles.list(root) }

    /// Ids of the complete checkpoints (and savepoints, when asked), ascending.
    public func completeIDs(kind: CheckpointManifest.Kind = .checkpoint) throws(SluiceError) -> [Int64] {
        let prefix = Self.directoryName(0, kind: kind).dropLast()   // "chk-" or "savepoint-"
        var ids: [Int64] = []
        for name in try PosixFiles.list(root) where name.hasPrefix(prefix) {
            guard let id = Int64(name.dropFirst(prefix.count)),
                  PosixFiles.exists("\(root)/\(name)/\(Self.manifestName)") else { continue }
            ids.append(id)
        }
        return ids.sorted()
    }

    /// Reads and checks one manifest; a flipped byte is a `corruptState` error naming the file.
    public func manifest(_ id: Int64, kind: CheckpointManifest.Kind = .checkpoint) throws(SluiceError) -> CheckpointManifest {
        let path = "\(root)/\(Self.directoryName(id, kind: kind))/\(Self.manifestName)"
        guard PosixFiles.exists(path) else {
            throw SluiceError(.invalidInput, "\(kind.rawValue) \(id) is not complete in '\(root)' (no manifest); complete ones: \((try? completeIDs(kind: kind)) ?? [])", context: .init(file: path))
        }
        let manifest = try CheckpointManifest.decode(try PosixFiles.readAll(path), path: path)
        guard manifest.id == id else {
            throw SluiceError(.corruptState, "manifest '\(path)' says checkpoint \(manifest.id), its directory says \(id)", context: .init(file: path))
        }
        return manifest
    }

    /// The newest complete checkpoint, or nil when there is none.
    public func latest() throws(SluiceError) -> CheckpointManifest? {
        guard let id = try completeIDs().last else { return nil }
        return try manifest(id)
    }

    /// Keeps the newest `count` complete checkpoints: removes the other checkpoint directories, except
    /// files a kept manifest still references, and incomplete directories older than the newest complete
    /// one (a newer incomplete one may be in progress). Savepoints are never removed. Returns the removed
    /// paths.
    @discardableResult
    public func retain(last count: Int) throws(SluiceError) -> [String] {
        let complete = try completeIDs()
        guard let newest = complete.last else { return [] }
        let kept = Set(complete.suffix(max(count, 1)))
        var referenced = Set<String>()
        for id in kept { for file in try manifest(id).referencedFiles { referenced.insert(file.path) } }
        var removed: [String] = []
        for name in try PosixFiles.list(root) where name.hasPrefix("chk-") {
            guard let id = Int64(name.dropFirst(4)), !kept.contains(id), id < newest else { continue }
            let directory = "\(root)/\(name)"
            let files = try PosixFiles.list(directory)
            let stillUsed = files.filter { referenced.contains("\(name)/\($0)") }
            if stillUsed.isEmpty {
                try PosixFiles.removeTree(directory)
                removed.append(directory)
            } else {
                for file in files where !stillUsed.contains(file) {
                    try PosixFiles.removeTree("\(directory)/\(file)")
                    removed.append("\(directory)/\(file)")
                }
            }
        }
        return removed
    }
}
