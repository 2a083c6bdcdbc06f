/// A sliding window over the bytes of a CSV file (or of bytes in memory) that the tokenizer parses
/// in place.
///
///     file:    ... | consumed | kept (current batch) | newly read chunk | not read yet ...
///                             ^ base                                    ^ base + count
///     buffer:                 [0 ........................................ count)  capacity
///
/// `refill(keepingFrom:)` moves the bytes from `keepingFrom` on to the front (so a batch whose rows
/// are being tokenized stays contiguous), then reads the next chunk behind them with `pread(2)`,
/// growing the buffer when a batch or a single record is larger than half of it.
///
/// SAFETY: `pointer` is owned by this object and valid (and initialized) for `capacity + 8` bytes, of which `count` hold
/// data; positions handed out are invalidated by the next `refill`, which callers account for by
/// rebasing (they keep positions relative to the kept region).
final class UnsafeCSVReadBuffer {
    /// Bytes requested per read: large enough to amortize the syscall, small enough to stay in L2.
    static let defaultChunkSize = 1 << 20
    /// Bytes requested per read (tests use tiny chunks to put refills at every position).
    let chunkSize: Int

    private let file: PosixFile?
    /// The name used in error messages (the path, or the name given for in-memory bytes).
    let name: String
    private(set) var pointer: UnsafeMutableRawPointer
    private(set) var capacity: Int
    /// The file offset of `pointer[0]`.
    private(set) var base: Int
    /// Valid bytes in the buffer.
    private(set) var count: Int
    /// True when the buffer holds the last byte of the input.
    private(set) var atEnd: Bool
    private var readOffset: Int
    /// The file's size when it was opened: reads ask for no more than what is left (plus one byte, so
    /// that a file that grew meanwhile is still read to its end).
    private let fileSize: Int
    private var lineCache = (offset: 0, newlines: 0)

    /// A window over a file of about `size` bytes, starting at `offset`; small files get small buffers.
    init(file: PosixFile, offset: Int, size: Int, chunkSize: Int = UnsafeCSVReadBuffer.defaultChunkSize) {
        precondition(chunkSize >= 1, "CSV read chunk size must be positive")
        self.file = file
        name = file.path
        fileSize = size
        self.chunkSize = chunkSize
        capacity = max(64, min(2 * chunkSize, size - offset + 1))
        pointer = UnsafeCSVReadBuffer.allocate(capacity)
        base = offset
        count = 0
        atEnd = false
        readOffset = offset
    }

    /// A window that already holds all of `bytes`.
    init(bytes: [UInt8], name: String) {
        file = nil
        self.name = name
        fileSize = bytes.count
        chunkSize = UnsafeCSVReadBuffer.defaultChunkSize
        capacity = max(bytes.count, 64)
        let storage = UnsafeCSVReadBuffer.allocate(capacity)
        bytes.withUnsafeBytes { b in
            if b.count > 0 { storage.copyMemory(from: b.baseAddress!, byteCount: b.count) }
        }
        pointer = storage
        base = 0
        count = bytes.count
        atEnd = true
        readOffset = bytes.count
    }

    deinit { pointer.deallocate() }

    /// `capacity` bytes plus 8 bytes of slack for word loads, all zeroed so that every byte a word load
    /// can touch is initialized.
    private static func allocate(_ capacity: Int) -> UnsafeMutableRawPointer {
        let p = UnsafeMutableRawPointer.allocate(byteCount: capacity + 8, alignment: 64)
        p.initializeMemory(as: UInt8.self, repeating: 0, count: capacity + 8)
        return p
    }

    var bytes: UnsafePointer<UInt8> { UnsafePointer(pointer.assumingMemoryBound(to: UInt8.self)) }

    /// Drops the bytes before `keep`, reads the next chunk; returns how far positions moved (subtract it).
    /// At the end of the input it sets `atEnd` and reads nothing.
    @discardableResult
    func refill(keepingFrom keep: Int) throws(SluiceError) -> Int {
        precondition(keep >= 0 && keep <= count, "refill keeps bytes outside the buffer")
        guard let file, !atEnd else { atEnd = true; return 0 }
        let kept = count - keep
        if keep > 0 && kept > 0 { pointer.copyMemory(from: pointer + keep, byteCount: kept) }
        base += keep
        count = kept
        let wanted = min(chunkSize, max(0, fileSize - readOffset) + 1)
        if capacity - count < wanted { grow(to: max(capacity * 2, count + wanted)) }
        let n = try file.read(into: pointer + count, count: min(capacity - count, chunkSize), at: readOffset)
        readOffset += n
        count += n
        if n == 0 { atEnd = true }
        return keep
    }

    private func grow(to newCapacity: Int) {
        let grown = UnsafeCSVReadBuffer.allocate(newCapacity)
        grown.copyMemory(from: pointer, byteCount: count)
        pointer.deallocate()
        pointer = grown
        capacity = newCapacity
    }

    /// The 1-based physical line number of file offset `offset`: one plus the newlines before it.
    ///
    /// Computed only when an error is reported, by counting newlines from the start of the input (with
    /// `pread` for bytes outside the window); queries in increasing order resume where the last ended.
    func lineNumber(at offset: Int) throws(SluiceError) -> Int {
        if offset < lineCache.offset { lineCache = (0, 0) }
        var position = lineCache.offset
        var newlines = lineCache.newlines
        if position < base, let file {
            let scratchSize = 1 << 20
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: scratchSize, alignment: 64)
            defer { scratch.deallocate() }
            let stop = min(offset, base)
            while position < stop {
                let n = try file.read(into: scratch, count: min(scratchSize, stop - position), at: position)
                if n == 0 { break }
                newlines += UnsafeCSVReadBuffer.countNewlines(UnsafePointer(scratch.assumingMemoryBound(to: UInt8.self)), n)
                position += n
            }
        }
        if offset > position {
            let from = position - base
            let to = min(offset - base, count)
            if to > from { newlines += UnsafeCSVReadBuffer.countNewlines(bytes + from, to - from) }
        }
        lineCache = (offset, newlines)
        return newlines + 1
    }

    static func countNewlines(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var total = 0
        for i in 0..<n { total &+= p[i] == 0x0A ? 1 : 0 }
        return total
    }
}
