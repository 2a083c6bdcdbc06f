import SluiceColumnar

/// Compresses a window of snapshot blocks on several cores at once (the asynchronous phase of a
/// snapshot is CPU-bound in zstd), keeping their order for the sequential file write.
enum ParallelBlockCompression {
    /// Blocks compressed together before they are written (bounds the compressed bytes held).
    static let window = 8

    /// The compressed payload of every block, in order; the first failure is rethrown.
    static func compress(_ blocks: ArraySlice<CapturedBlock>, codec: SnapshotCodec) throws(SluiceError) -> [[UInt8]] {
        let first = blocks.startIndex
        if codec == .none { return try blocks.map { (block) throws(SluiceError) in try compressOne(block, codec) } }
        return try ParallelBlocks.map(blocks.count) { (i) throws(SluiceError) in try compressOne(blocks[first + i], codec) }
    }

    static func compressOne(_ block: CapturedBlock, _ codec: SnapshotCodec) throws(SluiceError) -> [UInt8] {
        try withBytes(of: block.bytes) { (raw) throws(SluiceError) -> [UInt8] in
            try UnsafeBlockCompression.compress(raw, codec: codec)
        }
    }
}
