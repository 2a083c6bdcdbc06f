#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar

/// Names and file operations of the part files the file sinks write (`TransactionalFileSink`,
/// `PartitionedFileWriter`), and the directory walk the file source reads.
///
///     part-<job>-<subtask>-<n>.<ext>                committed: readers see it
///     .part-<job>-<subtask>-<n>.<ext>.inprogress    being written
///     .part-<job>-<subtask>-<n>.<ext>.pending       closed, waiting for its checkpoint to complete
///
/// `n` counts the files a subtask opened, so a restore can tell the files written before a checkpoint
/// (`n` below the count it recorded) from those written after it.
enum PartFiles {
    static func name(job: String, subtask: Int, sequence: Int, fileExtension: String) -> String {
        "part-\(job)-\(subtask)-\(sequence).\(fileExtension)"
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

    /// Deletes the part files of job `job` in `files` whose old subtask `s` has a `keepBelow[s]` and
    /// whose sequence is at or above it: what a restored run must not keep.
    static func removeWritten(after keepBelow: [Int: Int], among files: [String], job: String, fileExtension: String) throws(SluiceError) {
        for path in files {
            guard let (s, n) = parse(path, job: job, fileExtension: fileExtension), let keep = keepBelow[s], n >= keep else { continue }
            try remove(path, why: "written after the restored checkpoint")
        }
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
            throw SluiceError(.io, "cannot write the marker file '\(path)': \(String(cString: strerror(errno)))",
                              context: .init(file: path))
        }
        close(fd)
    }

    /// The regular files under `root` with their sizes, sorted by path: in subdirectories too when
    /// `recursive`; names starting with `.` or `_` (in-progress and pending files, `_SUCCESS`) only
    /// with `hidden`.
    static func files(under root: String, recursive: Bool, hidden: Bool) throws(SluiceError) -> [(path: String, size: Int)] {
        var files: [(path: String, size: Int)] = []
        var pending = [root]
        while let dir = pending.popLast() {
            guard let handle = opendir(dir) else {
                throw SluiceError(.io, "cannot list directory '\(dir)': \(String(cString: strerror(errno)))", context: .init(file: dir))
            }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                guard name != ".", name != "..", hidden || !(name.hasPrefix(".") || name.hasPrefix("_")) else { continue }
                let full = dir + "/" + name
                var st = stat()
                guard stat(full, &st) == 0 else { continue }
                switch st.st_mode & S_IFMT {
                case S_IFDIR: if recursive { pending.append(full) }
                case S_IFREG: files.append((full, Int(st.st_size)))
                default: continue
                }
            }
        }
        return files.sorted { $0.path < $1.path }
    }
}

#if canImport(Glibc)
private let systemRename = Glibc.rename
#elseif canImport(Darwin)
private let systemRename = Darwin.rename
#endif
