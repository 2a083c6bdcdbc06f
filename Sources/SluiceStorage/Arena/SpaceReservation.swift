#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CShims
import SluiceColumnar

/// Reserves disk blocks for a range of an arena file before the mapping is extended over it.
///
/// A mapped page without a backing block raises SIGBUS when first touched; reserving first turns a
/// full disk into an `.io` error at growth time. The strategy is a value so that tests can inject a
/// failing file system (an internal seam; production code always uses `.fallocate`).
struct SpaceReservation: Sendable {
    /// Reserves bytes `from ..< to` of the open file `fd` (at `path`, in `directory`); the file size
    /// is at least `to` afterwards.
    let reserve: @Sendable (_ fd: Int32, _ path: String, _ directory: String, _ from: Int, _ to: Int) throws(SluiceError) -> Void

    /// Checks free space, then `posix_fallocate`; falls back to `ftruncate` where the file system
    /// cannot allocate (the free-space check still guards that case).
    static let fallocate = SpaceReservation { fd, path, directory, from, to throws(SluiceError) in
        let needed = to - from
        let free = directory.withCString { sluice_free_bytes($0) }
        if free >= 0 && free < Int64(needed) {
            throw diskFull(path: path, from: from, to: to, free: Int(free))
        }
        let rc = posix_fallocate(fd, off_t(from), off_t(needed))
        switch rc {
        case 0:
            return
        case ENOSPC, EDQUOT, EFBIG:
            throw diskFull(path: path, from: from, to: to, free: free >= 0 ? Int(free) : nil, errno: rc)
        case EOPNOTSUPP, EINVAL:
            guard ftruncate(fd, off_t(to)) == 0 else {
                throw FileErrors.io("cannot extend state arena '\(path)' to \(to) bytes", path: path)
            }
        default:
            throw FileErrors.io("cannot reserve \(needed) bytes for state arena '\(path)'", path: path, errno: rc)
        }
    }

    /// A file system with `freeBytes` left: reservations beyond that fail as `.fallocate` would.
    static func limited(freeBytes: Int) -> SpaceReservation {
        SpaceReservation { fd, path, _, from, to throws(SluiceError) in
            guard to <= freeBytes else { throw diskFull(path: path, from: from, to: to, free: max(0, freeBytes - from)) }
            guard ftruncate(fd, off_t(to)) == 0 else {
                throw FileErrors.io("cannot extend state arena '\(path)' to \(to) bytes", path: path)
            }
        }
    }

    static func diskFull(path: String, from: Int, to: Int, free: Int?, errno code: Int32 = ENOSPC) -> SluiceError {
        let have = free.map { "only \($0) bytes are free" } ?? "the disk is full"
        return SluiceError(
            .io,
            "cannot grow state arena '\(path)' from \(from) to \(to) bytes: \(to - from) bytes needed but \(have); "
                + "free disk space, lower the state size, or use a working directory on a larger volume",
            context: .init(file: path),
            cause: "errno \(code) (\(String(cString: strerror(code))))")
    }
}
