#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar

/// Opens a snapshot file, checks its header, trailer and index, and reads blocks on demand.
///
/// Opening reads only the header, the trailer and the index; `readBlock` reads, checks and
/// decompresses one block, so a restore touches only the blocks it needs. Every inconsistency is
/// a `.corruptState` error naming the file and the byte offset where it was found.
public final class SnapshotReader {
    public let path: String
    public let fileSize: Int
    public let codec: SnapshotCodec
    public let kind: SnapshotKind
    public let chunkSize: Int
    public let metadata: SnapshotMetadata
    public let blocks: [SnapshotBlockInfo]
    private let fd: Int32

    public init(path: String) throws(SluiceError) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileErrors.io("cannot open snapshot file '\(path)'", path: path) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let error = FileErrors.io("cannot stat snapshot file '\(path)'", path: path)
            _ = close(fd)
            throw error
        }
        fileSize = Int(st.st_size)
        do {
            (codec, kind, chunkSize) = try SnapshotReader.readHeader(fd: fd, path: path, fileSize: fileSize)
            (metadata, blocks) = try SnapshotReader.readIndex(fd: fd, path: path, fileSize: fileSize)
        } catch {
            _ = close(fd)
            throw error
        }
    }

    deinit { _ = close(fd) }

    /// The block with these coordinates, if the file has one.
    public func block(_ kind: SnapshotBlockKind, arena: Int = 0, id: Int) -> SnapshotBlockInfo? {
        blocks.first { $0.kind == kind && $0.arena == arena && $0.id == id }
    }

    /// Reads, checks and decompresses a block into `output` (exactly `info.rawLength` bytes).
    public func readBlock(_ info: SnapshotBlockInfo, into output: UnsafeMutableRawBufferPointer) throws(SluiceError) {
        precondition(output.count == info.rawLength, "output of \(output.count) bytes for a block of \(info.rawLength)")
        let what = switch info.kind {
        case .chunk: "chunk \(info.id) of arena \(info.arena)"
        case .chunkPatch: "patch of chunk \(info.id) of arena \(info.arena)"
        case .keyGroup: "key group \(info.id)"
        }
        let raw = try SnapshotReader.read(fd: fd, path: path, count: SnapshotFormat.blockHeaderSize + info.storedLength,
                                          at: info.offset, fileSize: fileSize, what: what)
        var expected = ByteWriter()
        SnapshotCapture.appendBlockHeader(info, to: &expected)
        if let bad = (0..<SnapshotFormat.blockHeaderSize).first(where: { raw[$0] != expected.bytes[$0] }) {
            throw SnapshotReader.corrupt(path, at: info.offset + bad, "the header of block \(what) does not match the index")
        }
        let payloadAt = info.offset + SnapshotFormat.blockHeaderSize
        let reason: String? = raw.withUnsafeBytes { all in
            let payload = UnsafeRawBufferPointer(rebasing: all[SnapshotFormat.blockHeaderSize...])
            let crc = CRC32C.checksum(payload)
            guard crc == info.checksum else {
                return "checksum mismatch in block \(what): stored 0x\(String(info.checksum, radix: 16)), computed 0x\(String(crc, radix: 16))"
            }
            return UnsafeBlockCompression.decompress(payload, into: output, codec: codec).map { "cannot decompress block \(what): \($0)" }
        }
        if let reason { throw SnapshotReader.corrupt(path, at: payloadAt, reason) }
    }

    /// A block's decompressed bytes.
    public func readBlock(_ info: SnapshotBlockInfo) throws(SluiceError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: info.rawLength)
        try withMutableElements(of: &out) { (p) throws(SluiceError) in try readBlock(info, into: UnsafeMutableRawBufferPointer(p)) }
        return out
    }

    /// Reads and checks every block (restores read only the blocks they need).
    public func verify() throws(SluiceError) {
        for info in blocks { _ = try readBlock(info) }
    }

    // MARK: - Header, trailer, index

    static func corrupt(_ path: String, at offset: Int, _ what: String) -> SluiceError {
        SluiceError(.corruptState, "snapshot file '\(path)' is corrupt at byte \(offset): \(what)", context: .init(file: path))
    }

    static func read(fd: Int32, path: String, count: Int, at offset: Int, fileSize: Int, what: String) throws(SluiceError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset + count <= fileSize else {
            throw corrupt(path, at: min(max(offset, 0), fileSize), "\(what) needs bytes \(offset)..<\(offset + count) but the file has \(fileSize) bytes (truncated?)")
        }
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw FileErrors.io("cannot read snapshot file '\(path)' at byte \(offset + done)", path: path) }
            if n == 0 { throw corrupt(path, at: offset + done, "unexpected end of file while reading \(what)") }
            done += n
        }
        return out
    }

    static func readHeader(fd: Int32, path: String, fileSize: Int) throws(SluiceError) -> (SnapshotCodec, SnapshotKind, Int) {
        let minimum = SnapshotFormat.headerSize + SnapshotFormat.trailerSize
        guard fileSize >= minimum else {
            throw corrupt(path, at: fileSize, "the file has \(fileSize) bytes, fewer than a header and a trailer (\(minimum)); it is truncated")
        }
        let bytes = try read(fd: fd, path: path, count: SnapshotFormat.headerSize, at: 0, fileSize: fileSize, what: "the header")
        guard Array(bytes[0..<8]) == SnapshotFormat.magic else {
            throw corrupt(path, at: 0, "magic \(bytes[0..<8].map { String($0, radix: 16) }) is not \"SLUICESN\"; this is not a Sluice snapshot")
        }
        var r = ByteReader(bytes)
        r.position = 28
        let stored = r.read(UInt32.self)!
        let crc = CRC32C.checksum(Array(bytes[0..<28]))
        guard stored == crc else {
            throw corrupt(path, at: 28, "header checksum mismatch: stored 0x\(String(stored, radix: 16)), computed 0x\(String(crc, radix: 16))")
        }
        r.position = 8
        let version = r.read(UInt16.self)!
        guard version == SnapshotFormat.version else {
            throw SluiceError(.unsupported, "snapshot file '\(path)' has format version \(version); this build reads version \(SnapshotFormat.version)", context: .init(file: path))
        }
        guard let codec = SnapshotCodec(rawValue: r.read(UInt8.self)!) else { throw corrupt(path, at: 10, "unknown codec \(bytes[10])") }
        guard let kind = SnapshotKind(rawValue: r.read(UInt8.self)!) else { throw corrupt(path, at: 11, "unknown snapshot kind \(bytes[11])") }
        let chunkSize = Int(r.read(UInt32.self)!)
        guard chunkSize > 0 else { throw corrupt(path, at: 12, "chunk size 0") }
        return (codec, kind, chunkSize)
    }

    static func readIndex(fd: Int32, path: String, fileSize: Int) throws(SluiceError) -> (SnapshotMetadata, [SnapshotBlockInfo]) {
        let trailerAt = fileSize - SnapshotFormat.trailerSize
        let trailer = try read(fd: fd, path: path, count: SnapshotFormat.trailerSize, at: trailerAt, fileSize: fileSize, what: "the trailer")
        guard Array(trailer[16..<24]) == SnapshotFormat.endMagic else {
            throw corrupt(path, at: trailerAt + 16, "end marker \"SLUICEND\" missing; the file is truncated or was not completely written")
        }
        var t = ByteReader(trailer)
        let indexOffset = Int(t.read(UInt64.self)!)
        let indexLength = Int(t.read(UInt32.self)!)
        let storedCRC = t.read(UInt32.self)!
        guard indexOffset >= SnapshotFormat.headerSize, indexOffset <= trailerAt, indexOffset + indexLength == trailerAt else {
            throw corrupt(path, at: trailerAt, "index at \(indexOffset) of \(indexLength) bytes does not end at the trailer (byte \(trailerAt))")
        }
        let index = try read(fd: fd, path: path, count: indexLength, at: indexOffset, fileSize: fileSize, what: "the index")
        let crc = CRC32C.checksum(index)
        guard crc == storedCRC else {
            throw corrupt(path, at: indexOffset, "index checksum mismatch: stored 0x\(String(storedCRC, radix: 16)), computed 0x\(String(crc, radix: 16))")
        }
        return try parseIndex(index, at: indexOffset, path: path)
    }

    static func parseIndex(_ index: [UInt8], at indexOffset: Int, path: String) throws(SluiceError) -> (SnapshotMetadata, [SnapshotBlockInfo]) {
        var r = ByteReader(index)
        func malformed(_ what: String) -> SluiceError { corrupt(path, at: indexOffset + r.position, "malformed index: \(what)") }
        guard let count = r.read(UInt32.self), let slotWidth = r.read(UInt32.self), let maxP = r.read(UInt32.self),
              let first = r.read(UInt32.self), let last = r.read(UInt32.self), let arenas = r.read(UInt32.self),
              first <= last, arenas <= 16 else { throw malformed("bad metadata") }
        var chunkCounts: [Int] = []
        for _ in 0..<arenas {
            guard let c = r.read(UInt32.self) else { throw malformed("arena chunk counts cut short") }
            chunkCounts.append(Int(c))
        }
        guard r.remaining == Int(count) * SnapshotFormat.indexEntrySize else {
            throw malformed("\(count) entries need \(Int(count) * SnapshotFormat.indexEntrySize) bytes, \(r.remaining) present")
        }
        var infos: [SnapshotBlockInfo] = []
        infos.reserveCapacity(Int(count))
        for _ in 0..<count {
            let kindByte = r.read(UInt8.self)!, arena = r.read(UInt8.self)!, zero = r.read(UInt16.self)!
            let id = r.read(UInt32.self)!, offset = r.read(UInt64.self)!
            let rawLength = r.read(UInt32.self)!, storedLength = r.read(UInt32.self)!, checksum = r.read(UInt32.self)!
            let zero2 = r.read(UInt32.self)!
            guard let kind = SnapshotBlockKind(rawValue: kindByte), zero == 0, zero2 == 0 else { throw malformed("bad block entry") }
            guard offset >= UInt64(SnapshotFormat.headerSize),
                  offset + UInt64(SnapshotFormat.blockHeaderSize) + UInt64(storedLength) <= UInt64(indexOffset) else {
                throw malformed("block at \(offset) of \(storedLength) bytes overlaps the index")
            }
            infos.append(SnapshotBlockInfo(kind: kind, arena: Int(arena), id: Int(id), offset: Int(offset),
                                           rawLength: Int(rawLength), storedLength: Int(storedLength), checksum: checksum))
        }
        let metadata = SnapshotMetadata(slotWidth: Int(slotWidth), maxParallelism: Int(maxP),
                                        keyGroupRange: Int(first)...Int(last), arenaChunkCounts: chunkCounts)
        return (metadata, infos)
    }
}
