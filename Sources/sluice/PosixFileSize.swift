#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The size of a file in bytes (for throughput figures).
enum PosixFileSize {
    static func of(_ path: String) throws -> Int {
        var st = stat()
        guard stat(path, &st) == 0 else { throw PosixError(code: errno) }
        return Int(st.st_size)
    }

    struct PosixError: Error { let code: Int32 }
}
