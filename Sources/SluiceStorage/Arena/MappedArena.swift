#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar

/// A growable, memory-mapped scratch file for keyed state, addressed by byte offsets.
///
/// ```
///  file  <dir>/<name>-XXXXXX        (MAP_SHARED, unlinked on deinit)
///  ┌──────────┬──────────┬──────────┬─────
///  │ chunk 0  │ chunk 1  │ chunk 2  │ …      each `chunkSize` bytes (default 1 MiB)
///  └──────────┴──────────┴──────────┴─────
///  dirty lines: ▪ ▪▪       ·          ▪▪▪▪▪▪    one bit per 64 B, set by every write API and by
///                                            growth (new chunks); taken by a snapshot
/// ```
///
/// Design:
/// - **Offsets, not pointers.** Growth remaps the file (MREMAP_MAYMOVE), so the base address may
///   change. Callers hold offsets; pointers exist only inside `withUnsafe…` scopes and are
///   re-derived from the current mapping on every call.
/// - **Reserve before map.** Growth first reserves the new chunks on disk (free-space check, then
///   `posix_fallocate`), then extends the mapping. A full disk is an `.io` error naming the path and
///   the bytes needed, never a SIGBUS on first touch.
/// - **Dirty tracking.** Every write marks the 64-byte lines it touches; a snapshot copies the dirty
///   chunks, or only their dirty runs when few lines changed (`takeDirtyRuns`).
///
/// Threading: one owner at a time (the subtask that owns the state); not `Sendable`.
/// The file is scratch space: durability comes from snapshots (see `SnapshotWriter`).
public final class MappedArena {
    public static let defaultChunkSize = 1 << 20

    /// The arena file (already unlinked from view of other processes only after deinit).
    public let path: String
    /// The directory holding the file; created (and removed again) by the arena when not given.
    public let directory: String
    public let chunkSize: Int
    // SAFETY: the mapping and the dirty set sit behind pointers owned by this arena (allocated in
    // init, freed in deinit) and are reached through addressors, so that hot-path accesses skip the
    // dynamic exclusivity checks of class properties; the arena has one owner at a time (not Sendable).
    private let regionStorage: UnsafeMutablePointer<UnsafeMappedRegion>
    private let dirtyStorage: UnsafeMutablePointer<DirtyLineSet>
    var region: UnsafeMappedRegion {
        unsafeAddress { UnsafePointer(regionStorage) }
        unsafeMutableAddress { regionStorage }
    }
    private var dirty: DirtyLineSet {
        unsafeAddress { UnsafePointer(dirtyStorage) }
        unsafeMutableAddress { dirtyStorage }
    }
    private let ownsDirectory: Bool
    private let reservation: SpaceReservation

    /// Creates an arena of `initialChunks` zeroed chunks in `directory` (a fresh temporary directory
    /// when nil). `chunkSize` must be a positive multiple of the page size.
    public convenience init(directory: String? = nil, name: String = "arena", chunkSize: Int = MappedArena.defaultChunkSize,
                            initialChunks: Int = 1) throws(SluiceError) {
        try self.init(directory: directory, name: name, chunkSize: chunkSize, initialChunks: initialChunks,
                      reservation: .fallocate)
    }

    /// The seam for tests: `reservation` decides whether growth finds space on disk.
    init(directory: String?, name: String, chunkSize: Int, initialChunks: Int,
         reservation: SpaceReservation) throws(SluiceError) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard chunkSize > 0 && chunkSize % page == 0 && chunkSize <= 1 << 30 else {
            throw .invalidInput("arena chunk size \(chunkSize) is invalid; use a multiple of the page size (\(page)) up to 1 GiB, e.g. \(MappedArena.defaultChunkSize)")
        }
        guard initialChunks >= 1 else { throw .invalidInput("an arena needs at least one initial chunk, got \(initialChunks)") }
        let dir: String
        if let directory { dir = directory } else { dir = try WorkingDirectory.makeTemporary(prefix: "state") }
        var template = Array("\(dir)/\(name)-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            if directory == nil { WorkingDirectory.removeIfEmpty(dir) }
            throw FileErrors.io("cannot create state arena file in '\(dir)'", path: dir)
        }
        let file = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let bytes = initialChunks * chunkSize
        let mapped: UnsafeMappedRegion
        do {
            try reservation.reserve(fd, file, dir, 0, bytes)
            mapped = try UnsafeMappedRegion(fd: fd, path: file, byteCount: bytes)
        } catch {
            _ = close(fd)
            _ = unlink(file)
            if directory == nil { WorkingDirectory.removeIfEmpty(dir) }
            throw error
        }
        self.path = file
        self.directory = dir
        self.chunkSize = chunkSize
        self.ownsDirectory = directory == nil
        self.reservation = reservation
        regionStorage = .allocate(capacity: 1)
        regionStorage.initialize(to: mapped)
        dirtyStorage = .allocate(capacity: 1)
        dirtyStorage.initialize(to: DirtyLineSet())
        dirty.insertAll(byteCount: initialChunks * chunkSize)
    }

    deinit {
        region.unmapAndClose()
        regionStorage.deinitialize(count: 1)
        regionStorage.deallocate()
        dirtyStorage.deinitialize(count: 1)
        dirtyStorage.deallocate()
        _ = unlink(path)
        if ownsDirectory { WorkingDirectory.removeIfEmpty(directory) }
    }

    /// Mapped bytes (always a whole number of chunks).
    public var byteCount: Int { region.byteCount }
    public var chunkCount: Int { region.byteCount / chunkSize }

    // MARK: - Growth

    /// Grows the arena (in whole chunks) so that it holds at least `bytes` bytes.
    ///
    /// Invalidates every pointer obtained earlier; offsets stay valid. New bytes read as zero.
    public func ensureCapacity(_ bytes: Int) throws(SluiceError) {
        guard bytes > region.byteCount else { return }
        let chunks = (bytes + chunkSize - 1) / chunkSize
        try grow(toChunks: chunks)
    }

    /// Grows the arena to exactly `chunks` chunks (no-op when it already has as many).
    public func grow(toChunks chunks: Int) throws(SluiceError) {
        let newBytes = chunks * chunkSize
        guard newBytes > region.byteCount else { return }
        let oldChunks = chunkCount
        try reservation.reserve(region.fd, path, directory, region.byteCount, newBytes)
        try region.remap(to: newBytes)
        // New chunks count as written (with zeros) until a snapshot holds them, so that an
        // incremental chain always covers every chunk of the arena.
        dirty.insert(offset: oldChunks * chunkSize, count: (chunks - oldChunks) * chunkSize)
    }

    // MARK: - Safe access by offset

    @inline(__always)
    func checkRange(_ offset: Int, _ count: Int) {
        precondition(offset >= 0 && count >= 0 && offset <= region.byteCount - count,
                     "arena access \(offset)..<\(offset + count) outside 0..<\(region.byteCount)")
    }

    /// Reads a value stored at `offset` (unaligned loads are fine).
    @inline(__always)
    public func load<T: BitwiseCopyable>(_ type: T.Type, at offset: Int) -> T {
        checkRange(offset, MemoryLayout<T>.size)
        return region.withBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
    }

    /// Stores a value at `offset` and marks those bytes dirty.
    @inline(__always)
    public func store<T: BitwiseCopyable>(_ value: T, at offset: Int) {
        checkRange(offset, MemoryLayout<T>.size)
        markDirty(offset: offset, count: MemoryLayout<T>.size)
        region.withMutableBytes { $0.storeBytes(of: value, toByteOffset: offset, as: T.self) }
    }

    /// Copies `bytes` to `offset` and marks those bytes dirty.
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        checkRange(offset, bytes.count)
        guard bytes.count > 0 else { return }
        markDirty(offset: offset, count: bytes.count)
        region.withMutableBytes { dst in
            UnsafeMutableRawBufferPointer(rebasing: dst[offset..<offset + bytes.count]).copyMemory(from: bytes)
        }
    }

    public func write(_ bytes: [UInt8], at offset: Int) {
        bytes.withUnsafeBytes { write($0, at: offset) }
    }

    /// Sets `count` bytes at `offset` to zero and marks those bytes dirty.
    public func zero(at offset: Int, count: Int) {
        checkRange(offset, count)
        guard count > 0 else { return }
        markDirty(offset: offset, count: count)
        region.withMutableBytes { dst in
            _ = UnsafeMutableRawBufferPointer(rebasing: dst[offset..<offset + count]).initializeMemory(as: UInt8.self, repeating: 0)
        }
    }

    /// A copy of `count` bytes at `offset`.
    public func bytes(at offset: Int, count: Int) -> [UInt8] {
        checkRange(offset, count)
        return region.withBytes { Array($0[offset..<offset + count]) }
    }

    // MARK: - Scoped pointer access

    /// Runs `body` over the whole mapping, read-only. The pointer is valid only inside `body`.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try region.withBytes(body)
    }

    /// Runs `body` over the whole mapping after marking `dirtyRange` dirty; `body` must write only
    /// inside that range. The pointer is valid only inside `body` (which must not grow the arena).
    public func withUnsafeMutableBytes<R, E: Error>(
        markingDirty dirtyRange: Range<Int>, _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        checkRange(dirtyRange.lowerBound, dirtyRange.count)
        if !dirtyRange.isEmpty { markDirty(offset: dirtyRange.lowerBound, count: dirtyRange.count) }
        return try region.withMutableBytes(body)
    }

    /// Write access for callers that mark what they write themselves with `markDirty(offset:count:)`
    /// (vectorized slot updates mark once per batch, not once per row).
    func withUnsafeMutableBytesUnmarked<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try region.withMutableBytes(body)
    }

    // MARK: - Dirty tracking

    /// Marks the bytes `offset ..< offset + count` dirty (at 64-byte line granularity).
    @inline(__always)
    public func markDirty(offset: Int, count: Int) {
        guard count > 0 else { return }
        dirty.insert(offset: offset, count: count)
    }

    /// Marks every chunk dirty, so that the next snapshot copies the whole arena (a full snapshot,
    /// or the recovery after a failed incremental one).
    public func markAllDirty() { dirty.insertAll(byteCount: byteCount) }

    /// The chunks written since the last call, ascending; the set starts empty again.
    public func takeDirtyChunks() -> [Int] {
        let chunks = dirty.dirtyChunks(chunkSize: chunkSize, chunkCount: chunkCount)
        dirty.removeAll()
        return chunks
    }

    /// The dirty chunks with their dirty byte runs (relative to the chunk start, 64-byte aligned),
    /// ascending; the set starts empty again.
    public func takeDirtyRuns() -> [(chunk: Int, runs: [Range<Int>])] {
        let out = dirty.dirtyChunks(chunkSize: chunkSize, chunkCount: chunkCount).map { ($0, dirty.runs(chunk: $0, chunkSize: chunkSize)) }
        dirty.removeAll()
        return out
    }

    /// The number of chunks with at least one dirty line.
    public var dirtyChunkCount: Int { dirty.dirtyChunks(chunkSize: chunkSize, chunkCount: chunkCount).count }

    public func isDirty(chunk: Int) -> Bool { dirty.contains(chunk: chunk, chunkSize: chunkSize) }

    // MARK: - Chunk copies (snapshot and restore)

    /// A copy of chunk `index` (the synchronous phase of a snapshot: a memcpy).
    public func copyChunk(_ index: Int) -> [UInt8] {
        precondition(index >= 0 && index < chunkCount, "chunk \(index) outside 0..<\(chunkCount)")
        return bytes(at: index * chunkSize, count: chunkSize)
    }

    /// Lets `body` fill chunk `index` (restore); does not mark it dirty, since it equals a snapshot.
    func withUnsafeMutableChunk<R, E: Error>(_ index: Int, _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        precondition(index >= 0 && index < chunkCount, "chunk \(index) outside 0..<\(chunkCount)")
        return try region.withMutableBytes { (all) throws(E) -> R in
            try body(UnsafeMutableRawBufferPointer(rebasing: all[index * chunkSize ..< (index + 1) * chunkSize]))
        }
    }
}
