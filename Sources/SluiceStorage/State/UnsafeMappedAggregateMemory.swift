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
/// Released mappings are kept for reuse (up to `poolBytes` in all) and handed out again, zeroed,
/// for an allocation of the same size: window operators make and drop a table per slice, and a new
/// file costs about 20× more than clearing an old mapping (2 MiB: 1.2 ms against 0.05 ms). An
/// allocation that finds no mapping of its size unmaps the pooled ones smaller than it: a table
/// that grows never comes back for its old sizes.
///
/// Thread-safe (allocations may be released on another thread); counters are atomics, the pool is
/// behind a mutex (touched only when a table grows or is dropped).
public final class MappedAggregateMemory: AggregateMemory {
    public let directory: String
    private let ownsDirectory: Bool
    private let live = Atomic<Int>(0)
    private let failures = Atomic<Int>(0)
    /// Released mappings kept for reuse: (address, bytes).
    private let pool = Mutex<[(address: UInt, bytes: Int)]>([])
    /// The most bytes the pool keeps mapped.
    static let poolBytes = 64 << 20

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

    /// Memory in a fresh directory `sluice-state-XXXXXX` inside `parent` (removed on deinit); an
    /// `.io` error names `parent` when it is missing or not writable.
    public init(under parent: String) throws(SluiceError) {
        directory = try WorkingDirectory.makeTemporary(prefix: "state", in: parent)
        ownsDirectory = true
    }

    deinit {
        for (address, bytes) in pool.withLock({ $0 }) {
            // SAFETY: pooled entries are live mappings of `bytes` bytes that nothing else holds.
            _ = munmap(UnsafeMutableRawPointer(bitPattern: address), bytes)
        }
        if ownsDirectory { WorkingDirectory.removeIfEmpty(directory) }
    }

    /// Bytes currently mapped.
    public var mappedBytes: Int { live.load(ordering: .relaxed) }
    /// Bytes of released mappings kept for reuse.
    public var pooledBytes: Int { pool.withLock { $0.reduce(0) { $0 + $1.bytes } } }
    /// Allocations that fell back to anonymous memory (no space, or the file could not be made).
    public var fallbackCount: Int { failures.load(ordering: .relaxed) }

    public func allocateZeroed(bytes: Int) -> UnsafeMutableRawPointer? {
        if let reused = reuse(bytes: bytes) { return reused }
        var template = Array("\(directory)/agg-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return fail() }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        defer { _ = close(fd) }
        guard posix_fallocate(fd, 0, off_t(bytes)) == 0 else { return fail() }
        let p = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        guard let p, p != MAP_FAILED else { return fail() }
        // SAFETY: `p` maps `bytes` bytes just made. The whole table is written at once (growth
        // rehashes into it), so it is faulted in writable with one call: MADV_POPULATE_WRITE
        // (Linux 5.14). One write fault per 4 KiB page of a shared file mapping costs more, and
        // MAP_POPULATE maps shared pages read-only, so each still takes a write fault later
        // (measured on 64 MiB: 15 ms against 40 ms). Older kernels reject the advice; then the
        // pages fault in on first use.
        _ = madvise(p, bytes, 23 /* MADV_POPULATE_WRITE */)
        live.add(bytes, ordering: .relaxed)
        return p
    }

    public func release(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        live.subtract(bytes, ordering: .relaxed)
        let kept = pool.withLock { pool in
            guard pool.reduce(bytes, { $0 + $1.bytes }) <= MappedAggregateMemory.poolBytes else { return false }
            pool.append((UInt(bitPattern: pointer), bytes))
            return true
        }
        // SAFETY: `pointer` and `bytes` are a mapping made by `allocateZeroed` and not yet released.
        if !kept { _ = munmap(pointer, bytes) }
    }

    /// A pooled mapping of exactly `bytes`, cleared, or nil (after unmapping the smaller ones).
    private func reuse(bytes: Int) -> UnsafeMutableRawPointer? {
        let (address, outgrown) = pool.withLock { pool -> (UInt?, [(address: UInt, bytes: Int)]) in
            if let i = pool.firstIndex(where: { $0.bytes == bytes }) { return (pool.remove(at: i).address, []) }
            let smaller = pool.filter { $0.bytes < bytes }
            pool.removeAll { $0.bytes < bytes }
            return (nil, smaller)
        }
        for (old, size) in outgrown {
            // SAFETY: taken out of the pool above; a live mapping of `size` bytes nothing else holds.
            _ = munmap(UnsafeMutableRawPointer(bitPattern: old), size)
        }
        guard let address, let p = UnsafeMutableRawPointer(bitPattern: address) else { return nil }
        // SAFETY: a pooled mapping of `bytes` writable bytes, now owned by the caller alone.
        memset(p, 0, bytes)
        live.add(bytes, ordering: .relaxed)
        return p
    }

    private func fail() -> UnsafeMutableRawPointer? {
        failures.add(1, ordering: .relaxed)
        return nil
    }
}
