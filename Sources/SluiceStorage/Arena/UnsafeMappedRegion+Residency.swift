#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar

/// How much of a mapping is resident, and giving resident pages back to the OS.
extension UnsafeMappedRegion {
    /// Bytes of the mapping currently in memory (mincore; one byte of scratch per page).
    func residentBytes() -> Int {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let pages = (byteCount + page - 1) / page
        var vector = [UInt8](repeating: 0, count: pages)
        // SAFETY: base..<base+byteCount is this region's mapping; `vector` has one byte per page.
        let rc = vector.withUnsafeMutableBufferPointer { mincore(base, byteCount, $0.baseAddress!) }
        guard rc == 0 else { return byteCount }   // unknown: assume all resident
        var resident = 0
        for v in vector where v & 1 == 1 { resident += 1 }
        return resident * page
    }

    /// Writes the mapping's dirty pages back to the arena file (msync MS_SYNC), drops them from
    /// this process (MADV_DONTNEED) and from the page cache (POSIX_FADV_DONTNEED). Nothing is
    /// lost: the mapping is MAP_SHARED over the file, and the next access faults pages back in.
    /// (On a tmpfs working directory the page cache cannot be dropped: only the process's share is.)
    func releaseResidentPages() {
        // SAFETY: the range is exactly this region's mapping; its contents are backed by the file.
        _ = msync(base, byteCount, MS_SYNC)
        _ = madvise(base, byteCount, MADV_DONTNEED)
        _ = posix_fadvise(fd, 0, off_t(byteCount), POSIX_FADV_DONTNEED)
    }
}

extension MappedArena {
    /// Bytes of the arena currently resident in memory.
    public var residentBytes: Int { region.residentBytes() }

    /// Gives the arena's resident pages back to the OS (contents are kept; see `UnsafeMappedRegion`).
    public func releaseResidentPages() { region.releaseResidentPages() }
}
