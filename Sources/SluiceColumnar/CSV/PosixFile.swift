#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file descriptor with the few POSIX calls the CSV reader and writer need, reporting failures as
/// `.io` errors that name the path and the OS reason.
///
/// Reads use `pread(2)` at explicit offsets, so one file can serve several readers and a split reader
/// never depends on a shared file position. The descriptor is closed on `close()` or deinit.
final class PosixFile {
    let path: String
    private var fd: Int32

    private init(path: String, fd: Int32) {
        self.path = path
        self.fd = fd
    }

    deinit { if fd >= 0 { _ = systemClose(fd) } }

    /// Opens an existing file for reading.
    static func openForReading(_ path: String) throws(SluiceError) -> PosixFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ioError("cannot open CSV file '\(path)' for reading", path) }
        return PosixFile(path: path, fd: fd)
    }

    /// Creates or truncates a file for writing.
    static func openForWriting(_ path: String) throws(SluiceError) -> PosixFile {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError("cannot open CSV file '\(path)' for writing", path) }
        return PosixFile(path: path, fd: fd)
    }

    /// The size of the file in bytes.
    func size() throws(SluiceError) -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw PosixFile.ioError("cannot stat '\(path)'", path) }
        return Int(st.st_size)
    }

    /// Reads up to `count` bytes at `offset` into `into`; returns the bytes read (0 at end of file).
    func read(into: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(SluiceError) -> Int {
        while true {
            let n = pread(fd, into, count, off_t(offset))
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw PosixFile.ioError("cannot read '\(path)' at byte \(offset)", path)
        }
    }

    /// Writes all `bytes`, retrying short writes.
    func write(_ bytes: UnsafeRawBufferPointer) throws(SluiceError) {
        var done = 0
        while done < bytes.count {
            let n = systemWrite(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw PosixFile.ioError("cannot write '\(path)'", path)
            }
            done += n
        }
    }

    func close() throws(SluiceError) {
        guard fd >= 0 else { return }
        let result = systemClose(fd)
        fd = -1
        if result != 0 { throw PosixFile.ioError("cannot close '\(path)'", path) }
    }

    /// An `.io` error for the current `errno`.
    static func ioError(_ message: String, _ path: String) -> SluiceError {
        let code = errno
        let reason = String(cString: strerror(code))
        return SluiceError(.io, message + ": " + reason, context: .init(file: path), cause: "errno \(code)")
    }
}

// The free functions share names with PosixFile's methods; these aliases keep the calls unambiguous.
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
