#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar

/// File names and file operations of the partitioned file sink.
///
///     <root>/<k1=v1>/<k2=v2>/part-<job>-<subtask>-<n>.<ext>                committed: readers see it
///     <root>/<k1=v1>/<k2=v2>/.part-<job>-<subtask>-<n>.<ext>.inprogress    being written
///     <root>/<k1=v1>/<k2=v2>/.part-<job>-<subtask>-<n>.<ext>.pending       closed, waiting for commit
///     <root>/<k1=v1>/<k2=v2>/_SUCCESS                                      the partition is committed
///
/// `n` counts the files a subtask opened, across partitions, so a restore can tell the files written
/// before a checkpoint (`n` below the count it recorded) from those written after it.
enum PartitionFiles {
    /// The rows the writers send the committer: a file closed in `partition` (its directory, relative to
    /// the root), where it is now and where it goes when committed.
    static let stagedSchema = Schema([Field("partition", .string), Field("pending", .string), Field("final", .string)])

    static func name(job: String, subtask: Int, sequence: Int, fileExtension: String) -> String {
        "part-\(job)-\(subtask)-\(sequence).\(fileExtension)"
    }

    static func rename(_ from: String, _ to: String) throws(SluiceError) {
        guard systemRename(from, to) == 0 else {
            let reason = String(cString: strerror(errno))
            throw SluiceError(.io, "cannot rename '\(from)' to '\(to)': \(reason)", context: .init(file: from))
        }
    }

    /// Deletes `path` (already gone is fine).
    static func remove(_ path: String, why: String) throws(SluiceError) {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw SluiceError(.io, "cannot remove '\(path)' (\(why)): \(String(cString: strerror(errno)))", context: .init(file: path))
        }
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Creates (or truncates) an empty marker file.
    static func touch(_ path: String) throws(SluiceError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw SluiceError(.io, "cannot write the partition marker '\(path)': \(String(cString: strerror(errno)))",
                              context: .init(file: path))
        }
        close(fd)
    }

    /// Every file (hidden ones included) under `root`, as paths.
    static func allFiles(under root: String) -> [String] {
        var files: [String] = []
        var pending = [root]
        while let dir = pending.popLast() {
            guard let handle = opendir(dir) else { continue }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                guard name != ".", name != ".." else { continue }
                let full = dir + "/" + name
                var st = stat()
                guard stat(full, &st) == 0 else { continue }
                if (st.st_mode & S_IFMT) == S_IFDIR { pending.append(full) } else { files.append(full) }
            }
            closedir(handle)
        }
        return files
    }

    /// The (subtask, sequence) of a part file of job `job` in any of its states, or nil for other files.
    static func parse(_ path: String, job: String, fileExtension: String) -> (subtask: Int, sequence: Int)? {
        var base = String(path.split(separator: "/").last ?? "")
        if base.hasPrefix(".") { base.removeFirst() }
        for suffix in [".inprogress", ".pending"] where base.hasSuffix(suffix) { base.removeLast(suffix.count) }
        let prefix = "part-\(job)-", suffix = "." + fileExtension
        guard base.hasPrefix(prefix), base.hasSuffix(suffix) else { return nil }
        let parts = base.dropFirst(prefix.count).dropLast(suffix.count).split(separator: "-")
        guard parts.count == 2, let s = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        return (s, n)
    }
}

#if canImport(Glibc)
private let systemRename = Glibc.rename
#elseif canImport(Darwin)
private let systemRename = Darwin.rename
#endif
