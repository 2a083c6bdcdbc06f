import Foundation
import Testing
@testable import SluiceStorage
import SluiceColumnar

@Suite("MappedArena")
struct MappedArenaTests {
    @Test("keeps what was written while growing chunk by chunk (pointers re-derived after each remap)")
    func growthKeepsData() throws {
        let arena = try MappedArena(chunkSize: 4096)
        var bases: Set<UInt> = []
        for chunk in 0..<300 {
            try arena.ensureCapacity((chunk + 1) * 4096)
            arena.store(UInt64(chunk) &* 0x9E37_79B9, at: chunk * 4096 + 8)
            arena.write([UInt8](repeating: UInt8(chunk & 0xFF), count: 16), at: chunk * 4096 + 100)
            arena.withUnsafeBytes { _ = bases.insert(UInt(bitPattern: $0.baseAddress)) }
        }
        #expect(arena.chunkCount == 300)
        #expect(arena.byteCount == 300 * 4096)
        for chunk in 0..<300 {
            #expect(arena.load(UInt64.self, at: chunk * 4096 + 8) == UInt64(chunk) &* 0x9E37_79B9)
            #expect(arena.bytes(at: chunk * 4096 + 100, count: 16) == [UInt8](repeating: UInt8(chunk & 0xFF), count: 16))
        }
        #expect(arena.load(UInt64.self, at: 299 * 4096 + 1000) == 0, "grown bytes read as zero")
    }

    @Test("marks the chunks every write touches and hands them out once")
    func dirtyTracking() throws {
        let arena = try MappedArena(chunkSize: 4096, initialChunks: 1)
        #expect(arena.takeDirtyChunks() == [0], "a new chunk counts as dirty until snapshotted")
        #expect(arena.takeDirtyChunks() == [])
        try arena.grow(toChunks: 6)
        #expect(arena.takeDirtyChunks() == [1, 2, 3, 4, 5], "growth marks the new chunks")
        arena.store(UInt32(7), at: 2 * 4096 + 10)
        arena.write([1, 2, 3, 4], at: 4 * 4096 - 2)      // spans chunks 3 and 4
        #expect(arena.dirtyChunkCount == 3)
        #expect(arena.takeDirtyChunks() == [2, 3, 4])
        arena.zero(at: 5 * 4096, count: 4096)
        arena.withUnsafeMutableBytes(markingDirty: 100..<108) { $0.storeBytes(of: UInt64(1), toByteOffset: 100, as: UInt64.self) }
        #expect(arena.takeDirtyChunks() == [0, 5])
        _ = arena.load(UInt64.self, at: 4096)
        _ = arena.bytes(at: 0, count: 4096 * 6)
        #expect(arena.takeDirtyChunks() == [], "reads do not dirty")
        arena.markAllDirty()
        #expect(arena.takeDirtyChunks() == Array(0..<6))
    }

    @Test("reports dirty runs per chunk at 64-byte line granularity")
    func dirtyRuns() throws {
        let arena = try MappedArena(chunkSize: 4096, initialChunks: 3)
        _ = arena.takeDirtyChunks()
        arena.store(UInt8(1), at: 10)                      // line 0 of chunk 0
        arena.write([UInt8](repeating: 2, count: 100), at: 4096 + 60)   // lines 0...2 of chunk 1
        arena.store(UInt64(3), at: 4096 + 256)             // line 4 of chunk 1
        arena.store(UInt32(4), at: 3 * 4096 - 4)           // last line of chunk 2
        let runs = arena.takeDirtyRuns()
        #expect(runs.map(\.chunk) == [0, 1, 2])
        #expect(runs.map(\.runs) == [[0..<64], [0..<192, 256..<320], [4032..<4096]])
        #expect(arena.takeDirtyRuns().isEmpty)
    }

    @Test("a full disk is an io error naming the path and the bytes needed, and the arena stays usable")
    func fullDiskThroughSeam() throws {
        let arena = try MappedArena(directory: nil, name: "full", chunkSize: 4096, initialChunks: 2,
                                    reservation: .limited(freeBytes: 3 * 4096))
        arena.store(UInt64(42), at: 4096)
        try arena.grow(toChunks: 3)
        let error = caughtError { try arena.ensureCapacity(5 * 4096) }
        #expect(error?.code == .io)
        #expect(error?.message == "cannot grow state arena '\(arena.path)' from 12288 to 20480 bytes: 8192 bytes needed but only 0 bytes are free; free disk space, lower the state size, or use a working directory on a larger volume")
        #expect(error?.context.file == arena.path)
        #expect(arena.chunkCount == 3)
        #expect(arena.load(UInt64.self, at: 4096) == 42)
    }

    @Test("a full tmpfs is an io error, not a SIGBUS", .enabled(if: TmpfsMount.isPermitted, "needs root and mount(2)"))
    func fullDiskOnTmpfs() throws {
        let dir = TestDirectory()
        let mount = try #require(TmpfsMount(path: dir.path, bytes: 256 * 1024))
        defer { mount.unmount() }
        var error: SluiceError?
        do {
            let arena = try MappedArena(directory: dir.path, name: "tiny", chunkSize: 64 * 1024)
            for chunk in 1..<64 {
                error = caughtError { try arena.grow(toChunks: chunk + 1) }
                if error != nil { break }
                arena.zero(at: chunk * 64 * 1024, count: 64 * 1024)   // would SIGBUS without a reservation
            }
            let message = try #require(error?.message)
            #expect(error?.code == .io)
            #expect(message.hasPrefix("cannot grow state arena '\(arena.path)' from "))
            #expect(message.contains("65536 bytes needed but only "))
        }
    }

    @Test("rejects a chunk size that is not a multiple of the page size")
    func invalidChunkSize() {
        let error = caughtError { try MappedArena(chunkSize: 1000) }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.hasPrefix("arena chunk size 1000 is invalid; use a multiple of the page size") == true)
    }

    @Test("removes its file and its temporary directory when released")
    func cleansUp() throws {
        var arena: MappedArena? = try MappedArena(chunkSize: 4096)
        let path = arena!.path, directory = arena!.directory
        #expect(FileManager.default.fileExists(atPath: path))
        arena = nil
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: directory))
    }
}

/// A size-limited tmpfs mounted for one test (root only; otherwise the test is skipped).
struct TmpfsMount {
    let path: String

    init?(path: String, bytes: Int) {
        guard Glibc.mount("tmpfs", path, "tmpfs", 0, "size=\(bytes)") == 0 else { return nil }
        self.path = path
    }

    func unmount() { _ = umount2(path, Int32(MNT_DETACH)) }

    /// Whether this process may mount a tmpfs (probed once with a throwaway mount).
    static let isPermitted: Bool = {
        guard getuid() == 0 else { return false }
        let probe = TestDirectory()
        guard let mount = TmpfsMount(path: probe.path, bytes: 64 * 1024) else { return false }
        mount.unmount()
        return true
    }()
}
