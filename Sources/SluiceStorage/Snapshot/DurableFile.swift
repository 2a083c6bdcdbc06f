#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar

/// A file written durably: into `<path>.tmp-<pid>`, fsynced, renamed over `path`, and the directory
/// fsynced, so that a reader sees either the old file or the complete new one.
final class DurableFile {
    let path: String
    let temporaryPath: String
    private var fd: Int32
    private(set) var bytesWritten = 0

    init(path: String) throws(SluiceError) {
        self.path = path
        self.temporaryPath = "\(path).tmp-\(getpid())"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileErrors.io("cannot create snapshot file '\(temporaryPath)'", path: temporaryPath) }
    }

    deinit {
        if fd >= 0 {
            _ = close(fd)
            _ = unlink(temporaryPath)
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(SluiceError) {
        var done = 0
        while done < bytes.count {
            let n = systemWrite(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileErrors.io("cannot write snapshot file '\(temporaryPath)' at byte \(bytesWritten)", path: temporaryPath)
            }
            done += n
            bytesWritten += n
        }
    }

    func write(_ bytes: [UInt8]) throws(SluiceError) {
        try withBytes(of: bytes) { (b) throws(SluiceError) in try write(b) }
    }

    /// fsync, close, rename into place, fsync the directory.
    func commit() throws(SluiceError) {
        guard fsync(fd) == 0 else { throw FileErrors.io("cannot fsync snapshot file '\(temporaryPath)'", path: temporaryPath) }
        let rc = close(fd)
        fd = -1
        guard rc == 0 else {
            _ = unlink(temporaryPath)
            throw FileErrors.io("cannot close snapshot file '\(temporaryPath)'", path: temporaryPath)
        }
        guard rename(temporaryPath, path) == 0 else {
            let error = FileErrors.io("cannot rename '\(temporaryPath)' to '\(path)'", path: path)
            _ = unlink(temporaryPath)
            throw error
        }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let dfd = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 {
            _ = fsync(dfd)
            _ = close(dfd)
        }
    }
}

#if canImport(Glibc)
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
private let systemWrite = Darwin.write
#endif
