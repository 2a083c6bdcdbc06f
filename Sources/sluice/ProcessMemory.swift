import Foundation

/// The process's peak resident memory, resettable between benchmark runs (Linux `/proc`).
///
/// Writing `5` to `/proc/self/clear_refs` resets the kernel's high-water mark (`VmHWM`), so each query's
/// peak is its own rather than the largest of every run before it. Elsewhere both calls do nothing and
/// the caller falls back to the job's process-wide figure.
enum ProcessMemory {
    static func resetPeak() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        defer { try? handle.close() }
        try? handle.write(contentsOf: Data("5".utf8))
    }

    /// `VmHWM` in bytes, or nil when `/proc/self/status` is not there.
    static func peakBytes() -> Int64? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.dropFirst(6).filter(\.isNumber)
            return Int64(String(digits)).map { $0 * 1024 }
        }
        return nil
    }
}
