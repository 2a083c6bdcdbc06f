import SluiceColumnar

/// Appends strings of one column as offsets + bytes straight from byte ranges, with no `String`
/// and no allocation per row: the generator's hot loop writes every VARCHAR field through it.
///
/// The pointer overloads are the fence: callers pass pointers into buffers they own (a scratch
/// buffer or a table's byte array) with a length that stays inside them.
struct UnsafeNexmarkStringWriter {
    private var offsets: MutableBuffer
    private var bytes: MutableBuffer
    private(set) var count = 0

    init(rows: Int, bytesPerRow: Int) {
        offsets = MutableBuffer(capacity: (rows + 1) * 4)
        bytes = MutableBuffer(capacity: rows * bytesPerRow)
        offsets.append(Int32(0))
    }

    /// Appends `length` bytes at `start`.
    @inline(__always)
    mutating func append(_ start: UnsafePointer<UInt8>, _ length: Int) {
        // SAFETY: callers guarantee `start ..< start + length` lies inside one live buffer.
        bytes.append(bytes: UnsafeRawBufferPointer(start: start, count: length))
        offsets.append(Int32(truncatingIfNeeded: bytes.byteCount))
        count += 1
    }

    /// Appends the concatenation of up to three byte ranges as one value.
    @inline(__always)
    mutating func append(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, _ c: UnsafeRawBufferPointer) {
        bytes.append(bytes: a)
        bytes.append(bytes: b)
        bytes.append(bytes: c)
        offsets.append(Int32(truncatingIfNeeded: bytes.byteCount))
        count += 1
    }

    /// Appends string `i` of `strings`, whose bytes are at `base`.
    @inline(__always)
    mutating func append(_ strings: UnsafePointer<Int32>, _ base: UnsafePointer<UInt8>, _ i: Int) {
        // SAFETY: `strings` has count + 1 offsets into `base`, and `i` is below count.
        let start = Int(strings[i])
        append(base + start, Int(strings[i + 1]) - start)
    }

    consuming func finish() -> Column {
        precondition(bytes.byteCount <= Int(Int32.max), "string column exceeds 2 GiB; use smaller batches")
        let n = count
        return Column(type: .string, count: n, storage: .variable(offsets: offsets.freeze(), bytes: bytes.freeze()))
    }
}
