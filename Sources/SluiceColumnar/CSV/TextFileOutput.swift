/// Where a text writer (`CSVWriter`, `JSONLinesWriter`) sends the bytes it buffers: a file, written
/// in pieces of about `flushSize` bytes, or memory (writers without a path).
struct TextFileOutput {
    static let flushSize = 1 << 20

    private let file: PosixFile?
    /// What an in-memory writer has flushed.
    private(set) var written: [UInt8] = []
    private(set) var flushedBytes = 0
    private(set) var closed = false

    init(file: PosixFile?) { self.file = file }

    /// Moves the bytes of `out` to the file (or memory) and empties it.
    mutating func flush(_ out: inout [UInt8]) throws(SluiceError) {
        guard !out.isEmpty else { return }
        flushedBytes += out.count
        if let file {
            let failure = out.withUnsafeBytes { b -> SluiceError? in
                do throws(SluiceError) { try file.write(b) } catch { return error }
                return nil
            }
            if let failure { throw failure }
        } else {
            written += out
        }
        out.removeAll(keepingCapacity: true)
    }

    /// Flushes `out` and closes the file; later calls do nothing.
    mutating func close(_ out: inout [UInt8]) throws(SluiceError) {
        guard !closed else { return }
        closed = true
        try flush(&out)
        try file?.close()
    }
}
