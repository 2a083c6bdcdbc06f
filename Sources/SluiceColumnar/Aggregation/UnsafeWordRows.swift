#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A zero-initialized array of `Int64` words with value semantics (copy on write), for aggregate state.
///
/// Large arrays are anonymous mappings: the kernel hands out zeroed pages, so a fresh array costs one
/// zeroing (at first touch) instead of two (page fault plus `initialize(repeating: 0)`), and the
/// mapping asks for transparent huge pages before anything is touched, because random updates over
/// tens of megabytes otherwise pay a TLB miss each. Small arrays come from `calloc`. Every array is
/// 64-byte aligned, so a power-of-two row of up to 8 words never straddles a cache line.
///
/// The words are plain fixed-width values: with an `AggregateMemory` (e.g. the state backend's
/// memory-mapped files) large arrays live there instead, and the same loops run over them.
struct WordRows: Sendable {
    private var storage: UnsafeWordStorage

    /// `count` zeroed words, from `memory` when given (and large enough to be mapped).
    init(zeroedCount count: Int, memory: (any AggregateMemory)? = nil) {
        storage = UnsafeWordStorage(count: count, memory: memory)
    }

    /// No words (shared, so making one allocates nothing).
    init() { storage = UnsafeWordStorage.empty }

    static var empty: WordRows { WordRows() }

    var count: Int { storage.count }

    /// Bytes of these words that live in memory from an `AggregateMemory` (0 for anonymous memory).
    var providedBytes: Int { storage.providedBytes }

    subscript(_ i: Int) -> Int64 {
        precondition(i >= 0 && i < storage.count, "word \(i) out of range 0..<\(storage.count)")
        return storage.base[i]
    }

    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Int64>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(UnsafeBufferPointer(start: storage.base, count: storage.count)) }
    }

    mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Int64>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(count: storage.count) }
        return try withExtendedLifetime(storage) { try body(UnsafeMutableBufferPointer(start: storage.base, count: storage.count)) }
    }

    /// These words followed by zeroed words up to `count` (never shrinks); the new storage comes from
    /// `memory` when given, else from where these words live.
    func grown(to count: Int, memory: (any AggregateMemory)? = nil) -> WordRows {
        var out = self
        out.storage = storage.copy(count: max(count, storage.count), memory: memory)
        return out
    }
}

/// The memory behind `WordRows`: `count` words at a 64-byte aligned `base`, freed on deinit.
// SAFETY: the words are only written through `WordRows.withUnsafeMutableBufferPointer`, which first makes
// the storage uniquely referenced (copy on write); shared instances are read-only.
final class UnsafeWordStorage: @unchecked Sendable {
    let base: UnsafeMutablePointer<Int64>
    let count: Int
    private let mappedBytes: Int
    /// The provider of the mapping, when it came from one (it is also asked to release it).
    private let memory: (any AggregateMemory)?

    /// Arrays at least this large are anonymous mappings; smaller ones come from the allocator.
    static let mapBytes = 1 << 20
    static let empty = UnsafeWordStorage(count: 0)

    init(count: Int, memory: (any AggregateMemory)? = nil) {
        self.count = count
        let bytes = max(count, 8) * MemoryLayout<Int64>.stride
        let rounded = (bytes + GroupTable.hugePageBytes - 1) & ~(GroupTable.hugePageBytes - 1)
        if bytes >= UnsafeWordStorage.mapBytes, let memory, let p = memory.allocateZeroed(bytes: rounded) {
            self.memory = memory
            mappedBytes = rounded
            // SAFETY: `AggregateMemory` hands out page-aligned, zeroed memory of `rounded` ≥ `bytes` bytes.
            base = p.bindMemory(to: Int64.self, capacity: rounded / 8)
        } else if bytes >= UnsafeWordStorage.mapBytes {
            self.memory = nil
            guard let p = mmap(nil, rounded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                  p != MAP_FAILED else {
                fatalError("out of memory: cannot map \(rounded) bytes of aggregate state")
            }
            adviseHugePages(covering: UnsafeMutableRawBufferPointer(start: p, count: rounded))
            mappedBytes = rounded
            // SAFETY: a fresh anonymous mapping is page-aligned, zero-filled and `rounded` ≥ `bytes` long.
            base = p.bindMemory(to: Int64.self, capacity: rounded / 8)
        } else {
            self.memory = nil
            var p: UnsafeMutableRawPointer?
            guard posix_memalign(&p, 64, bytes) == 0, let p else { fatalError("out of memory: \(bytes) bytes of aggregate state") }
            memset(p, 0, bytes)
            mappedBytes = 0
            // SAFETY: `p` is 64-byte aligned, `bytes` long and zeroed.
            base = p.bindMemory(to: Int64.self, capacity: bytes / 8)
        }
    }

    /// Bytes handed out by `memory` (0 when the words live in anonymous memory).
    var providedBytes: Int { memory == nil ? 0 : mappedBytes }

    /// A new storage of `count` words starting with a copy of these (the rest zero).
    func copy(count newCount: Int, memory other: (any AggregateMemory)? = nil) -> UnsafeWordStorage {
        let out = UnsafeWordStorage(count: newCount, memory: other ?? memory)
        out.base.update(from: base, count: min(count, newCount))
        return out
    }

    deinit {
        if let memory {
            memory.release(UnsafeMutableRawPointer(base), bytes: mappedBytes)
        } else if mappedBytes > 0 {
            munmap(UnsafeMutableRawPointer(base), mappedBytes)
        } else {
            free(base)
        }
    }
}
