import SluiceColumnar

/// One block copied out of live state, not yet compressed.
public struct CapturedBlock: Sendable {
    public var kind: SnapshotBlockKind
    public var arena: Int
    public var id: Int
    public var bytes: [UInt8]
}

/// The result of a snapshot's synchronous phase: copies of the blocks to write, detached from the
/// live state so that the asynchronous phase (`write(to:codec:)`) can run on another thread while
/// the owner keeps updating the table.
public struct SnapshotCapture: Sendable {
    public let kind: SnapshotKind
    public let metadata: SnapshotMetadata
    public let chunkSize: Int
    public let blocks: [CapturedBlock]

    /// Uncompressed bytes captured.
    public var rawByteCount: Int { blocks.reduce(0) { $0 + $1.bytes.count } }

    /// The asynchronous phase: compresses and checksums every block and writes the file durably
    /// (temp file, fsync, rename). Returns the size of the file.
    @discardableResult
    public func write(to path: String, codec: SnapshotCodec = .default) throws(SluiceError) -> Int {
        let file = try DurableFile(path: path)
        var header = ByteWriter()
        header.append(SnapshotFormat.magic)
        header.append(SnapshotFormat.version)
        header.append(codec.rawValue)
        header.append(kind.rawValue)
        header.append(UInt32(chunkSize))
        header.append([UInt8](repeating: 0, count: 12))
        header.append(CRC32C.checksum(header.bytes))
        try file.write(header.bytes)

        var infos: [SnapshotBlockInfo] = []
        infos.reserveCapacity(blocks.count)
        for block in blocks where block.bytes.count > Int(UInt32.max) {
            throw .unsupported("snapshot block \(block.kind) \(block.id) has \(block.bytes.count) bytes; blocks are limited to 4 GiB (use a smaller chunk size or a larger max parallelism)")
        }
        // Blocks are compressed a window at a time on all cores, then written in order.
        var compressed: [[UInt8]] = []
        for (i, block) in blocks.enumerated() {
            if i % ParallelBlockCompression.window == 0 {
                compressed = try ParallelBlockCompression.compress(
                    blocks[i ..< min(i + ParallelBlockCompression.window, blocks.count)], codec: codec)
            }
            let stored = compressed[i % ParallelBlockCompression.window]
            let info = SnapshotBlockInfo(kind: block.kind, arena: block.arena, id: block.id, offset: file.bytesWritten,
                                         rawLength: block.bytes.count, storedLength: stored.count,
                                         checksum: CRC32C.checksum(stored))
            var blockHeader = ByteWriter()
            SnapshotCapture.appendBlockHeader(info, to: &blockHeader)
            try file.write(blockHeader.bytes)
            try file.write(stored)
            infos.append(info)
        }

        let indexOffset = file.bytesWritten
        let index = SnapshotCapture.encodeIndex(infos, metadata)
        try file.write(index)
        var trailer = ByteWriter()
        trailer.append(UInt64(indexOffset))
        trailer.append(UInt32(index.count))
        trailer.append(CRC32C.checksum(index))
        trailer.append(SnapshotFormat.endMagic)
        try file.write(trailer.bytes)
        let size = file.bytesWritten
        try file.commit()
        return size
    }

    static func appendBlockHeader(_ info: SnapshotBlockInfo, to w: inout ByteWriter) {
        w.append(SnapshotFormat.blockMagic)
        w.append(info.kind.rawValue)
        w.append(UInt8(info.arena))
        w.append(UInt16(0))
        w.append(UInt32(info.id))
        w.append(UInt32(info.rawLength))
        w.append(UInt32(info.storedLength))
        w.append(info.checksum)
    }

    static func encodeIndex(_ infos: [SnapshotBlockInfo], _ metadata: SnapshotMetadata) -> [UInt8] {
        var w = ByteWriter()
        w.append(UInt32(infos.count))
        w.append(UInt32(metadata.slotWidth))
        w.append(UInt32(metadata.maxParallelism))
        w.append(UInt32(metadata.keyGroupRange.lowerBound))
        w.append(UInt32(metadata.keyGroupRange.upperBound))
        w.append(UInt32(metadata.arenaChunkCounts.count))
        for c in metadata.arenaChunkCounts { w.append(UInt32(c)) }
        for info in infos {
            w.append(info.kind.rawValue)
            w.append(UInt8(info.arena))
            w.append(UInt16(0))
            w.append(UInt32(info.id))
            w.append(UInt64(info.offset))
            w.append(UInt32(info.rawLength))
            w.append(UInt32(info.storedLength))
            w.append(info.checksum)
            w.append(UInt32(0))
        }
        return w.bytes
    }
}
