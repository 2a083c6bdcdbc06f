import SluiceColumnar

/// The snapshot file format (version 1). All integers little-endian.
///
/// ```
///  offset 0   ┌ header 32 B ──────────────────────────────────────────────────────────┐
///             │ "SLUICESN" │ version u16 │ codec u8 │ kind u8 │ chunkSize u32 │ 0 ×12 │ crc32c(0..<28) u32
///  32         ├ block 0 ──────────────────────────────────────────────────────────────┤
///             │ "SBLK" │ blockKind u8 │ arena u8 │ 0 u16 │ id u32 │ rawLength u32 │ storedLength u32 │
///             │ crc32c(payload) u32 │ payload (storedLength bytes, compressed with codec)       │
///             ├ block 1 … ────────────────────────────────────────────────────────────┤
///  indexOffset├ index ────────────────────────────────────────────────────────────────┤
///             │ entryCount u32 │ metadata │ entry × 32 B:                              │
///             │   blockKind u8, arena u8, 0 u16, id u32, offset u64,                   │
///             │   rawLength u32, storedLength u32, crc32c u32, 0 u32                   │
///  end − 24   ├ trailer 24 B ─────────────────────────────────────────────────────────┤
///             │ indexOffset u64 │ indexLength u32 │ crc32c(index) u32 │ "SLUICEND"     │
///             └───────────────────────────────────────────────────────────────────────┘
///  metadata: slotWidth u32, maxParallelism u32, firstKeyGroup u32, lastKeyGroup u32,
///            arenaCount u32, chunkCount u32 × arenaCount
/// ```
///
/// Every byte is covered: the header and the index by their CRCs, each payload by its CRC, and each
/// block header by a field-by-field comparison with its (checksummed) index entry. A reader finds
/// blocks through the index without scanning; a torn file lacks a valid trailer.
enum SnapshotFormat {
    static let magic: [UInt8] = Array("SLUICESN".utf8)
    static let endMagic: [UInt8] = Array("SLUICEND".utf8)
    static let blockMagic: UInt32 = 0x4B4C_4253   // "SBLK"
    static let version: UInt16 = 1
    static let headerSize = 32
    static let blockHeaderSize = 24
    static let indexEntrySize = 32
    static let trailerSize = 24
}

/// What a snapshot file holds.
public enum SnapshotKind: UInt8, Sendable {
    /// Every chunk of every arena: restorable on its own.
    case full = 0
    /// Only what was written since the previous snapshot (whole chunks or patches of them);
    /// restored on top of a chain.
    case incremental = 1
    /// The entries logically, one block per key group: restorable at any parallelism.
    case keyGroups = 2
}

/// What one block holds.
public enum SnapshotBlockKind: UInt8, Sendable {
    /// Raw chunk `id` of arena `arena`.
    case chunk = 0
    /// The entries of key group `id`.
    case keyGroup = 1
    /// Changed byte runs of chunk `id` of arena `arena`, applied on top of the chain's earlier
    /// blocks for that chunk. Payload: `runCount u32`, then per run `offset u32, length u32, bytes`.
    case chunkPatch = 2
}

/// The table parameters stored with a snapshot, so that a restore needs only the files.
public struct SnapshotMetadata: Sendable, Equatable {
    public var slotWidth: Int
    public var maxParallelism: Int
    public var keyGroupRange: ClosedRange<Int>
    /// Chunks per arena at snapshot time (0: entries, 1: values); empty for key-group snapshots.
    public var arenaChunkCounts: [Int]

    public init(slotWidth: Int, maxParallelism: Int, keyGroupRange: ClosedRange<Int>, arenaChunkCounts: [Int]) {
        self.slotWidth = slotWidth
        self.maxParallelism = maxParallelism
        self.keyGroupRange = keyGroupRange
        self.arenaChunkCounts = arenaChunkCounts
    }
}

/// A block's entry in the index.
public struct SnapshotBlockInfo: Sendable, Equatable {
    public var kind: SnapshotBlockKind
    public var arena: Int
    public var id: Int
    /// Byte offset of the block header in the file.
    public var offset: Int
    public var rawLength: Int
    public var storedLength: Int
    public var checksum: UInt32
}

/// Appends little-endian integers to a byte array.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }
}

/// Reads little-endian integers from bytes; nil past the end.
struct ByteReader {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - position }

    mutating func read<T: FixedWidthInteger>(_: T.Type) -> T? {
        let size = MemoryLayout<T>.size
        guard position + size <= bytes.count else { return nil }
        var value: T = 0
        withUnsafeMutableBytes(of: &value) { dst in
            bytes.withUnsafeBytes { src in dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[position..<position + size])) }
        }
        position += size
        return T(littleEndian: value)
    }

    mutating func read(count: Int) -> [UInt8]? {
        guard count >= 0 && position + count <= bytes.count else { return nil }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }
}
