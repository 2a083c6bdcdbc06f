import SluiceColumnar

/// A file holding one operator subtask's snapshot bytes: compressed in blocks of 1 MiB, each with a
/// CRC32C, so a flipped byte or a torn file is found on restore and named by file and offset.
///
///     "SLOS" · version u8 · codec u8 · total raw length u64 · block count u32
///     per block: raw length u32 · stored length u32 · crc32c(stored) u32 · stored bytes
public enum OperatorStateFile {
    static let magic: [UInt8] = Array("SLOS".utf8)
    static let version: UInt8 = 1
    static let blockSize = 1 << 20

    /// Writes `bytes` durably to `path` (temp, fsync, rename); returns the file's size.
    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String, codec: SnapshotCodec = .default) throws(SluiceError) -> Int {
        var out = magic + [version, codec.rawValue]
        append(UInt64(bytes.count), to: &out)
        let blocks = (bytes.count + blockSize - 1) / blockSize
        append(UInt32(blocks), to: &out)
        try withBytes(of: bytes) { (all) throws(SluiceError) in
            for b in 0..<blocks {
                let start = b * blockSize
                let raw = UnsafeRawBufferPointer(rebasing: all[start..<min(all.count, start + blockSize)])
                let stored = try UnsafeBlockCompression.compress(raw, codec: codec)
                append(UInt32(raw.count), to: &out)
                append(UInt32(stored.count), to: &out)
                append(CRC32C.checksum(stored), to: &out)
                out += stored
            }
        }
        let file = try DurableFile(path: path)
        try file.write(out)
        try file.commit()
        return out.count
    }

    /// Reads and checks a file written by `write`.
    public static func read(_ path: String) throws(SluiceError) -> [UInt8] {
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
        guard try take(1).first == version else { at -= 1; throw corrupt("unknown format version") }
        guard let codec = SnapshotCodec(rawValue: try take(1).first!) else { at -= 1; throw corrupt("unknown codec") }
        let total = try uint(8)
        let blocks = try uint(4)
        guard total <= UInt64(data.count) * 4096, blocks == (total + UInt64(blockSize) - 1) / UInt64(blockSize) else {
            throw corrupt("header claims \(total) bytes in \(blocks) blocks")
        }
        var out = [UInt8](repeating: 0, count: Int(total))
        var filled = 0
        for _ in 0..<blocks {
            let blockStart = at
            let raw = Int(try uint(4)), storedCount = Int(try uint(4))
            let crc = UInt32(try uint(4))
            guard raw <= blockSize, filled + raw <= out.count else { at = blockStart; throw corrupt("block of \(raw) bytes") }
            let stored = Array(try take(storedCount))
            guard CRC32C.checksum(stored) == crc else { at = blockStart; throw corrupt("block checksum mismatch") }
            let reason = stored.withUnsafeBytes { src in
                out.withUnsafeMutableBytes { dst in
                    UnsafeBlockCompression.decompress(src, into: UnsafeMutableRawBufferPointer(rebasing: dst[filled..<(filled + raw)]), codec: codec)
                }
            }
            if let reason { at = blockStart; throw corrupt(reason) }
            filled += raw
        }
        guard filled == out.count, at == data.count else { throw corrupt("\(data.count - at) unexpected bytes after the last block") }
        return out
    }

    private static func append<T: FixedWidthInteger>(_ v: T, to out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }
}
