#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar

/// The few file-system calls checkpoint storage needs, as throwing Swift functions.
enum PosixFiles {
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func size(_ path: String) -> Int64? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int64(st.st_size)
    }

    /// Creates `path` and missing parents.
    static func makeDirectories(_ path: String) throws(SluiceError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw FileErrors.io("cannot create directory '\(prefix)'", path: prefix)
            }
            prefix += "/"
        }
        guard isDirectory(path) else { throw SluiceError(.io, "'\(path)' exists and is not a directory", context: .init(file: path)) }
    }

    /// The names in a directory, without `.` and `..`, sorted.
    static func list(_ path: String) throws(SluiceError) -> [String] {
        guard let dir = opendir(path) else { throw FileErrors.io("cannot list directory '\(path)'", path: path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// The whole file, read straight into an array of its size (grown only if the file grew meanwhile).
    static func readAll(_ path: String) throws(SluiceError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileErrors.io("cannot open '\(path)'", path: path) }
        defer { close(fd) }
        var st = stat()
        let expected = fstat(fd, &st) == 0 ? max(0, Int(st.st_size)) : 0
        var out = [UInt8](repeating: 0, count: expected + 1)   // one spare byte tells a grown file apart
        var filled = 0
        while true {
            if filled == out.count { out.append(contentsOf: [UInt8](repeating: 0, count: max(1 << 16, out.count))) }
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileErrors.io("cannot read '\(path)'", path: path)
            }
            if n == 0 { break }
            filled += n
        }
        out.removeLast(out.count - filled)
        return out
    }

    /// Makes `target` a second name of the file `source` (a hard link), or a copy where links are not
    /// possible (another file system). The target must not exist yet.
    static func linkOrCopy(_ source: String, to target: String) throws(SluiceError) {
        if link(source, target) == 0 { return }
        guard errno == EXDEV || errno == EPERM || errno == EMLINK || errno == ENOTSUP else {
            throw FileErrors.io("cannot link '\(source)' as '\(target)'", path: target)
        }
        let out = try DurableFile(path: target)
        try out.write(try readAll(source))
        try out.commit()
    }

    /// Removes a file or a directory tree; a missing path is not an error.
    static func removeTree(_ path: String) throws(SluiceError) {
        if isDirectory(path) {
            for name in try list(path) { try removeTree("\(path)/\(name)") }
            guard rmdir(path) == 0 || errno == ENOENT else { throw FileErrors.io("cannot remove directory '\(path)'", path: path) }
        } else {
            guard unlink(path) == 0 || errno == ENOENT else { throw FileErrors.io("cannot remove '\(path)'", path: path) }
        }
    }
}
