#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar

/// A backend's state as one byte string, for operators whose checkpoint state travels as bytes
/// (`OperatorSnapshot`): a snapshot (full or incremental) written to a scratch directory, then packed.
///
///     "SKSB" | version | file count | per file: name, bytes   (`WireWriter` words, strings and blobs)
///
/// The files keep their own checksums and compression (`snapshot(to:)`), so a corrupted byte string
/// fails on restore with `corruptState`, like a snapshot directory would.
extension KeyedStateBackend {
    static let bytesMagic: [UInt8] = Array("SKSB".utf8)

    /// A snapshot of every state, packed into bytes: full, or (`full: false`) only what changed since
    /// the backend's previous snapshot, to be restored on top of that one (see `restore(chains:…)`).
    public func snapshotBytes(full: Bool = true, codec: SnapshotCodec = .default) throws(SluiceError) -> [UInt8] {
        let scratch = try Self.scratchDirectory(under: directory)
        defer { try? PosixFiles.removeTree(scratch) }
        try snapshot(to: scratch, full: full, codec: codec)
        var out = Self.bytesMagic
        out.append(1)
        let names = try PosixFiles.list(scratch)
        WireWriter.int(names.count, into: &out)
        for name in names {
            WireWriter.string(name, into: &out)
            WireWriter.blob(try PosixFiles.readAll("\(scratch)/\(name)"), into: &out)
        }
        return out
    }

    /// Rebuilds a backend for `keyGroupRange` from the `snapshotBytes()` of one or more old subtasks
    /// (several when the parallelism changed): per old subtask a full snapshot, then the incremental
    /// ones taken after it, in order.
    public static func restore(chains: [[[UInt8]]], keyGroupRange: ClosedRange<Int>, directory: String? = nil,
                               memoryBudgetBytes: Int? = nil, clock: StateClock = .system()) throws(SluiceError) -> KeyedStateBackend {
        var dirs: [String] = []
        defer { for d in dirs { try? PosixFiles.removeTree(d) } }
        var chainDirs: [[String]] = []
        for chain in chains {
            var list: [String] = []
            for packed in chain {
                let dir = try scratchDirectory(under: directory)
                dirs.append(dir)
                list.append(dir)
                try unpack(packed, into: dir)
            }
            chainDirs.append(list)
        }
        return try restore(chains: chainDirs, keyGroupRange: keyGroupRange, directory: directory,
                           memoryBudgetBytes: memoryBudgetBytes, clock: clock)
    }

    private static func unpack(_ bytes: [UInt8], into dir: String) throws(SluiceError) {
        var reader = WireReader(bytes)
        guard Array(try reader.bytes(4, "keyed state header")) == bytesMagic, try reader.bytes(1, "version").first == 1 else {
            throw SluiceError(.corruptState, "keyed state bytes do not start with `SKSB` version 1; they are not a state backend snapshot")
        }
        let count = try reader.int("state file count")
        guard count >= 0, count <= reader.remaining else {
            throw SluiceError(.corruptState, "keyed state bytes name an impossible file count \(count)")
        }
        for _ in 0..<count {
            let name = try reader.string("state file name")
            guard !name.isEmpty, !name.contains("/"), name != "..", name != "." else {
                throw SluiceError(.corruptState, "keyed state bytes name a file '\(name)' that is not a plain file name")
            }
            let file = try DurableFile(path: "\(dir)/\(name)")
            try file.write(Array(try reader.blob("state file \(name)")))
            try file.commit()
        }
        guard reader.isAtEnd else {
            throw SluiceError(.corruptState, "keyed state bytes have \(reader.remaining) bytes after their last file")
        }
    }

    /// A fresh, empty directory under `parent` (or the temporary directory).
    static func scratchDirectory(under parent: String?) throws(SluiceError) -> String {
        let base = parent ?? (getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp")
        try PosixFiles.makeDirectories(base)
        var template = Array("\(base)/sluice-state-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw FileErrors.io("cannot create a scratch directory under '\(base)' for a state snapshot", path: base)
        }
        return String(cString: made)
    }
}
