import SluiceColumnar

/// A file holding one operator subtask's snapshot bytes: compressed in blocks of 1 MiB, each with a
/// CRC32C, so a flipped byte or a torn file is found on restore and named by file and offset.
///
///     "SLOS" · version u8 · codec u8 · total raw length u64 · block count u32
///     per block: raw length u32 · stored length u32 · crc32c(stored) u32 · stored bytes
///
/// Version 2 makes the first block `blockLead` bytes short, so later blocks start 3 bytes past a
/// multiple of 8 of the snapshot. Snapshots hold 8-byte values at 8-aligned offsets (batches pad
/// their buffers), and zstd-1 compresses such columns worse when every block starts on a value:
/// on a restored aggregate's state (1, 0, 0, … counts) 8× worse, on small sums 16 % worse, keys
/// alike. Version 1 files (full first block) are still read.
public enum OperatorStateFile {
    static let magic: [UInt8] = Array("SLOS".utf8)
    static let version: UInt8 = 2
    static let blockSize = 1 << 20
    /// How much shorter the first block is (see above).
    static let blockLead = 5

    /// The number of blocks of a `count`-byte snapshot in a file of `version`.
    static func blockCount(_ count: Int, version: UInt8) -> UInt64 {
        let first = version == 1 ? blockSize : blockSize - blockLead
        return count == 0 ? 0 : 1 + UInt64((max(0, count - first) + blockSize - 1) / blockSize)
    }

    /// The raw byte ranges of the blocks of a `count`-byte snapshot.
    static func blockRanges(_ count: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while start < count {
            let end = min(count, start == 0 ? blockSize - blockLead : start + blockSize)
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }

    /// Writes `bytes` durably to `path` (temp, fsync, rename); returns the file's size. Blocks are
    /// compressed one after the other: this runs beside a job's tasks (the asynchronous part of a
    /// checkpoint), where taking every core would only slow them down.
    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String, codec: SnapshotCodec = .default) throws(SluiceError) -> Int {
        var out = magic + [version, codec.rawValue]
        append(UInt64(bytes.count), to: &out)
        let ranges = blockRanges(bytes.count)
        append(UInt32(ranges.count), to: &out)
        let stored = try withBytes(of: bytes) { (all) throws(SluiceError) -> [[UInt8]] in
            var stored: [[UInt8]] = []
            for range in ranges {
                stored.append(try UnsafeBlockCompression.compress(UnsafeRawBufferPointer(rebasing: all[range]), codec: codec))
            }
            return stored
        }
        for (range, block) in zip(ranges, stored) {
            append(UInt32(range.count), to: &out)
            append(UInt32(block.count), to: &out)
            append(CRC32C.checksum(block), to: &out)
            out += block
        }
        let file = try DurableFile(path: path)
        try file.write(out)
        try file.commit()
        return out.count
    }

    /// Reads and checks a file written by `write` (see `readBuffer`).
    public static func read(_ path: String) throws(SluiceError) -> [UInt8] {
        try readBuffer(path).withUnsafeBytes { Array($0) }
    }

    /// Reads and checks a file written by `write` into one 64-byte-aligned buffer, checking and
    /// decompressing blocks on every core (a restore has nothing else to do meanwhile). Batches
    /// serialized at aligned offsets of the snapshot are read from it without copies
    /// (`WireReader(Buffer)`).
    public static func readBuffer(_ path: String) throws(SluiceError) -> Buffer {
        let data = try PosixFiles.readAll(path)
        var at = 0
        func corrupt(_ what: String) -> SluiceError {
            SluiceError(.corruptState, "operator state file '\(path)' is corrupt at byte offset \(at): \(what); "
                + "restore from an earlier checkpoint", context: .init(file: path))
        }
        func take(_ n: Int) throws(SluiceError) -> ArraySlice<UInt8> {
            guard n <= data.count - at else { throw corrupt("truncated (needs \(n) more bytes, \(data.count - at) left)") }
            defer { at += n }
            return data[at..<(at + n)]
        }
        func uint(_ n: Int) throws(SluiceError) -> UInt64 {
            var v: UInt64 = 0
            for (i, b) in try take(n).enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
            return v
        }
        guard Array(try take(4)) == magic else { at = 0; throw corrupt("not an operator state file") }
        let fileVersion = try take(1).first!
        guard fileVersion == 1 || fileVersion == version else { at -= 1; throw corrupt("unknown format version \(fileVersion) (this build reads versions 1 and \(version); the file may come from a newer Sluice)") }
        guard let codec = SnapshotCodec(rawValue: try take(1).first!) else { at -= 1; throw corrupt("unknown codec") }
        let total = try uint(8)
        let blocks = try uint(4)
        guard total <= UInt64(data.count) * 4096, blocks == blockCount(Int(total), version: fileVersion) else {
            throw corrupt("header claims \(total) bytes in \(blocks) blocks")
        }
        // Block headers first (sequential), then checksums and decompression on several cores, each
        // block into its own range of the output.
        var blockList: [(header: Int, stored: Range<Int>, crc: UInt32, output: Range<Int>)] = []
        var filled = 0
        for _ in 0..<blocks {
            let blockStart = at
            let raw = Int(try uint(4)), storedCount = Int(try uint(4))
            let crc = UInt32(try uint(4))
            guard raw <= blockSize, filled + raw <= Int(total) else { at = blockStart; throw corrupt("block of \(raw) bytes") }
            let storedStart = at
            _ = try take(storedCount)
            blockList.append((blockStart, storedStart..<at, crc, filled..<(filled + raw)))
            filled += raw
        }
        guard filled == Int(total), at == data.count else { throw corrupt("\(data.count - at) unexpected bytes after the last block") }
        var failure: SluiceError?
        var out = MutableBuffer(uninitializedCount: filled, of: UInt8.self)
        out.withUnsafeMutableBufferPointer(as: UInt8.self) { buffer in
            // SAFETY: every block writes only its own `output` range, the ranges tile 0..<filled, and
            // the buffer is not read before `ParallelBlocks.map` returns; on a failure the bytes are
            // discarded (the error is thrown below).
            let target = UnsafeMutableRawBufferPointer(buffer)
            let reasons: [(Int, String)?]
            do throws(SluiceError) {
                reasons = try withBytes(of: data) { (source) throws(SluiceError) -> [(Int, String)?] in
                    try ParallelBlocks.map(blockList.count) { (i) throws(SluiceError) -> (Int, String)? in
                        let block = blockList[i]
                        let stored = UnsafeRawBufferPointer(rebasing: source[block.stored])
                        guard CRC32C.checksum(stored) == block.crc else { return (block.header, "block checksum mismatch") }
                        let output = UnsafeMutableRawBufferPointer(rebasing: target[block.output])
                        return UnsafeBlockCompression.decompress(stored, into: output, codec: codec).map { (block.header, $0) }
                    }
                }
            } catch {
                failure = error
                return
            }
            if let (header, reason) = reasons.lazy.compactMap({ $0 }).first {
                at = header
                failure = corrupt(reason)
            }
        }
        if let failure { throw failure }
        return out.freeze()
    }

    private static func append<T: FixedWidthInteger>(_ v: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }
}
