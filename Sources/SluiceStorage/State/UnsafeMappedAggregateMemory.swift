#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import SluiceColumnar

/// Aggregate state in memory-mapped files: the `AggregateMemory` of the state backend, so that a
/// `HashAggregator`'s fused key table keeps its slots in the job's working directory instead of
/// anonymous memory, updated in place by the same vectorized loops.
///
/// Each allocation is one file (`agg-XXXXXX`), reserved with `posix_fallocate` first (a full disk
/// makes `allocateZeroed` return nil and the table falls back to anonymous memory, never SIGBUS),
/// mapped `MAP_SHARED` and unlinked at once: the space returns to the file system when the mapping
/// is released. Under memory pressure the kernel writes such pages to their file instead of
/// swapping or killing the process.
///
/// Thread-safe (allocations may be released on another thread); counters are atomics.
public final class MappedAggregateMemory: AggregateMemory {
    public let directory: String
    private let ownsDirectory: Bool
    private let live = Atomic<Int>(0)
    private let failures = Atomic<Int>(0)

    /// Memory in `directory` (a fresh temporary directory, removed on deinit, when nil).
    public init(directory: String? = nil) throws(SluiceError) {
        if let directory {
            self.directory = directory
            ownsDirectory = false
        } else {
            self.directory = try WorkingDirectory.makeTemporary(prefix: "aggregate")
            ownsDirectory = true
        }
    }

    deinit {
        if ownsDirectory { WorkingDirectory.removeIfEmpty(directory) }
    }

    /// Bytes currently mapped.
    public var mappedBytes: Int { live.load(ordering: .relaxed) }
    /// Allocations that fell back to anonymous memory (no space, or the file could not be made).
    public var fallbackCount: Int { failures.load(ordering: .relaxed) }

    public func allocateZeroed(bytes: Int) -> UnsafeMutableRawPointer? {
        var template = Array("\(directory)/agg-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return fail() }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        defer { _ = close(fd) }
        guard posix_fallocate(fd, 0, off_t(bytes)) == 0 else { return fail() }
        // MAP_POPULATE faults the whole table in with one call: a table is written all over at once
        // (growth rehashes into it), and one fault per 4 KiB page on a shared file mapping costs more
        // than the anonymous path's transparent huge pages.
        let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0)
        guard let p, p != MAP_FAILED else { return fail() }
        live.add(bytes, ordering: .relaxed)
        return p
    }

    public func release(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        // SAFETY: `pointer` and `bytes` are a mapping made by `allocateZeroed` and not yet released.
        _ = munmap(pointer, bytes)
        live.subtract(bytes, ordering: .relaxed)
    }

    private func fail() -> UnsafeMutableRawPointer? {
        failures.add(1, ordering: .relaxed)
        return nil
    }
}
