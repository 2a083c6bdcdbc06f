#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CShims
import SluiceColumnar

/// The raw `MAP_SHARED` mapping behind a `MappedArena`: an open file, its base address and length.
///
/// This is the only place that holds the mapping's address. It is never handed out beyond a
/// `with…` scope of `MappedArena`, because `remap(to:)` may move the mapping (MREMAP_MAYMOVE) and
/// every earlier address is invalid afterwards.
struct UnsafeMappedRegion {
    let fd: Int32
    let path: String
    private(set) var base: UnsafeMutableRawPointer
    private(set) var byteCount: Int

    /// Maps the first `byteCount` bytes of `fd`; the caller reserved them in the file first.
    init(fd: Int32, path: String, byteCount: Int) throws(SluiceError) {
        precondition(byteCount > 0, "a mapping needs at least one byte")
        let p = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)
        guard let p, p != MAP_FAILED else {
            throw FileErrors.io("cannot map \(byteCount) bytes of state arena '\(path)'", path: path)
        }
        self.fd = fd
        self.path = path
        self.base = p
        self.byteCount = byteCount
    }

    /// Extends the mapping to `newByteCount` bytes; the file already holds them (reserved first).
    mutating func remap(to newByteCount: Int) throws(SluiceError) {
        precondition(newByteCount >= byteCount)
        guard newByteCount > byteCount else { return }
        let p = sluice_mremap(base, byteCount, newByteCount)
        guard let p, p != MAP_FAILED else {
            throw FileErrors.io("cannot extend the mapping of state arena '\(path)' to \(newByteCount) bytes", path: path)
        }
        base = p
        byteCount = newByteCount
    }

    /// Unmaps and closes; the region is unusable afterwards.
    func unmapAndClose() {
        _ = munmap(base, byteCount)
        _ = close(fd)
    }

    @inline(__always)
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        // SAFETY: base..<base+byteCount is mapped for as long as `self` is not remapped or closed,
        // and the pointer does not outlive `body`.
        try body(UnsafeRawBufferPointer(start: base, count: byteCount))
    }

    @inline(__always)
    func withMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        // SAFETY: as in `withBytes`; the mapping is PROT_WRITE and owned by one thread at a time.
        try body(UnsafeMutableRawBufferPointer(start: base, count: byteCount))
    }
}
