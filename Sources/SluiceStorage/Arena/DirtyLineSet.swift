/// The bytes of an arena written since the last snapshot, as a bitset of 64-byte lines.
///
/// Every write API of `MappedArena` inserts the lines it touches (a shift and an OR). A snapshot
/// asks per chunk which runs of lines changed: a chunk with few dirty lines is written as a patch
/// of those runs instead of the whole chunk, so that an incremental snapshot after 1 % of random
/// keys changed stays near 1 % of a full one (with whole-chunk granularity, scattered updates
/// dirty every chunk). The bitset costs one bit per 64 bytes (0.2 % of the arena).
struct DirtyLineSet {
    static let lineShift = 6
    static let lineSize = 1 << lineShift
    private(set) var words: [UInt64] = []

    /// Marks the lines overlapping `offset ..< offset + count` (count > 0).
    @inline(__always)
    mutating func insert(offset: Int, count: Int) {
        let first = offset >> Self.lineShift
        let last = (offset + count - 1) >> Self.lineShift
        let needed = (last >> 6) + 1
        if needed > words.count { words.append(contentsOf: repeatElement(0, count: needed - words.count)) }
        if first == last {
            words[first >> 6] |= 1 << UInt64(first & 63)
            return
        }
        for line in first...last { words[line >> 6] |= 1 << UInt64(line & 63) }
    }

    /// Marks bytes `0 ..< byteCount` (a multiple of 64 × 64 bytes when whole chunks are marked).
    mutating func insertAll(byteCount: Int) {
        guard byteCount > 0 else { return }
        insert(offset: 0, count: byteCount)
    }

    private func lineRange(chunk: Int, chunkSize: Int) -> Range<Int> {
        let linesPerChunk = chunkSize >> Self.lineShift
        return chunk * linesPerChunk ..< (chunk + 1) * linesPerChunk
    }

    /// Whether any line of the chunk is dirty.
    func contains(chunk: Int, chunkSize: Int) -> Bool {
        let lines = lineRange(chunk: chunk, chunkSize: chunkSize)
        var line = lines.lowerBound
        while line < lines.upperBound {
            let w = line >> 6
            guard w < words.count else { return false }
            if line & 63 == 0 && line + 64 <= lines.upperBound {
                if words[w] != 0 { return true }
                line += 64
            } else {
                if (words[w] >> UInt64(line & 63)) & 1 == 1 { return true }
                line += 1
            }
        }
        return false
    }

    /// The chunks with at least one dirty line, ascending, below `chunkCount`.
    func dirtyChunks(chunkSize: Int, chunkCount: Int) -> [Int] {
        (0..<chunkCount).filter { contains(chunk: $0, chunkSize: chunkSize) }
    }

    /// The dirty byte ranges of a chunk, relative to its start, with adjacent lines merged.
    func runs(chunk: Int, chunkSize: Int) -> [Range<Int>] {
        let lines = lineRange(chunk: chunk, chunkSize: chunkSize)
        var out: [Range<Int>] = []
        var runStart = -1
        for line in lines {
            let w = line >> 6
            let set = w < words.count && (words[w] >> UInt64(line & 63)) & 1 == 1
            if set && runStart < 0 { runStart = line }
            if !set && runStart >= 0 {
                out.append((runStart - lines.lowerBound) << Self.lineShift ..< (line - lines.lowerBound) << Self.lineShift)
                runStart = -1
            }
        }
        if runStart >= 0 { out.append((runStart - lines.lowerBound) << Self.lineShift ..< chunkSize) }
        return out
    }

    mutating func removeAll() { for i in words.indices { words[i] = 0 } }
}
