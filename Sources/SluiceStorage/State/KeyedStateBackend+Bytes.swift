#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar

/// A backend's whole state as one byte string, for operators whose checkpoint state travels as
/// bytes (`OperatorSnapshot`): a full snapshot written to a scratch directory, then packed.
///
///     "SKSB" | version | file count | per file: name length, name, size, bytes   (little-endian words)
///
/// The files keep their own checksums and compression (`snapshot(to:)`), so a corrupted byte string
/// fails on restore with `corruptState`, like a snapshot directory would.
extension KeyedStateBackend {
    static let bytesMagic: [UInt8] = Array("SKSB".utf8)

    /// A full snapshot of every state, packed into bytes.
    public func snapshotBytes(codec: SnapshotCodec = .default) throws(SluiceError) -> [UInt8] {
        let scratch = try Self.scratchDirectory(under: directory)
        defer { try? PosixFiles.removeTree(scratch) }
        try snapshot(to: scratch, full: true, codec: codec)
        var out = Self.bytesMagic
        out.append(1)
        let names = try PosixFiles.list(scratch)
        Self.word(UInt64(names.count), &out)
        for name in names {
            let bytes = try PosixFiles.readAll("\(scratch)/\(name)")
            Self.word(UInt64(name.utf8.count), &out)
            out.append(contentsOf: name.utf8)
            Self.word(UInt64(bytes.count), &out)
            out.append(contentsOf: bytes)
        }
        return out
    }

    /// Rebuilds a backend for `keyGroupRange` from the `snapshotBytes()` of one or more old subtasks
    /// (several when the parallelism changed).
    public static func restore(bytes: [[UInt8]], keyGroupRange: ClosedRange<Int>, directory: String? = nil,
                               memoryBudgetBytes: Int? = nil, clock: StateClock = .system()) throws(SluiceError) -> KeyedStateBackend {
        var dirs: [String] = []
        defer { for d in dirs { try? PosixFiles.removeTree(d) } }
        for packed in bytes {
            let dir = try scratchDirectory(under: directory)
            dirs.append(dir)
            try unpack(packed, into: dir)
        }
        return try restore(chains: dirs.map { [$0] }, keyGroupRange: keyGroupRange, directory: directory,
                           memoryBudgetBytes: memoryBudgetBytes, clock: clock)
    }

    private static func unpack(_ bytes: [UInt8], into dir: String) throws(SluiceError) {
        var offset = 0
        func take(_ n: Int, _ what: String) throws(SluiceError) -> ArraySlice<UInt8> {
            guard n >= 0, offset + n <= bytes.count else {
                throw SluiceError(.corruptState, "keyed state bytes end inside the \(what) at offset \(offset) (\(bytes.count) bytes); the checkpoint is damaged")
            }
            defer { offset += n }
            return bytes[offset..<(offset + n)]
        }
        func word(_ what: String) throws(SluiceError) -> Int {
            var v: UInt64 = 0
            for (i, b) in try take(8, what).enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
            guard v < UInt64(Int32.max) * 16 else { throw SluiceError(.corruptState, "keyed state bytes hold an impossible \(what) \(v) at offset \(offset - 8)") }
            return Int(v)
        }
        guard Array(try take(4, "header")) == bytesMagic, try take(1, "version").first == 1 else {
            throw SluiceError(.corruptState, "keyed state bytes do not start with `SKSB` version 1; they are not a state backend snapshot")
        }
        let count = try word("file count")
        for _ in 0..<count {
            let name = String(decoding: try take(try word("name length"), "file name"), as: UTF8.self)
            guard !name.isEmpty, !name.contains("/"), name != "..", name != "." else {
                throw SluiceError(.corruptState, "keyed state bytes name a file '\(name)' that is not a plain file name")
            }
            let content = Array(try take(try word("file size"), "file \(name)"))
            let file = try DurableFile(path: "\(dir)/\(name)")
            try file.write(content)
            try file.commit()
        }
        guard offset == bytes.count else {
            throw SluiceError(.corruptState, "keyed state bytes have \(bytes.count - offset) bytes after their last file")
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

    private static func word(_ v: UInt64, _ out: inout [UInt8]) {
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }
}
