#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar

/// Creating and removing the scratch directories that hold arena files.
enum WorkingDirectory {
    /// Creates a fresh private directory named `sluice-<prefix>-XXXXXX` in `parent` (when nil or empty:
    /// `$TMPDIR`, or `/tmp`).
    static func makeTemporary(prefix: String, in parent: String? = nil) throws(SluiceError) -> String {
        var root = parent.flatMap { $0.isEmpty ? nil : $0 } ?? getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        if root.isEmpty { root = "/tmp" }
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        var template = Array("\(root)/sluice-\(prefix)-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else {
            throw FileErrors.io("cannot create a temporary working directory under '\(root)'", path: root)
        }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Removes an (empty) directory, ignoring failures: it is scratch space.
    static func removeIfEmpty(_ path: String) { _ = rmdir(path) }
}

/// `.io` errors that carry the path and the OS reason for the current `errno`.
enum FileErrors {
    static func io(_ message: String, path: String, errno code: Int32 = errno) -> SluiceError {
        let reason = String(cString: strerror(code))
        return SluiceError(.io, "\(message): \(reason)", context: .init(file: path), cause: "errno \(code)")
    }
}
