import SluiceColumnar

/// Appends Int64 values (ids, prices, timestamps in µs) to a column sized for a hard upper bound of
/// rows, through a pointer: one store per value, no call into another module per row.
struct UnsafeNexmarkInt64Writer {
    private var values: MutableBuffer
    private let base: UnsafeMutablePointer<Int64>
    private let rows: Int
    private(set) var count = 0
    let type: DataType

    init(_ type: DataType = .int64, rows: Int) {
        self.type = type
        self.rows = rows
        values = MutableBuffer(uninitializedCount: max(rows, 1), of: Int64.self)
        // SAFETY: the storage is 64-byte aligned, owned by this value and never reallocated (the
        // buffer only shrinks in `finish`).
        base = values.storage.pointer.assumingMemoryBound(to: Int64.self)
    }

    @inline(__always)
    mutating func append(_ v: Int64) {
        precondition(count < rows, "more values than the writer was sized for")
        base[count] = v
        count += 1
    }

    consuming func finish() -> Column {
        let n = count
        values.resize(byteCount: n * 8)
        return Column(type: type, count: n, storage: .fixed(values.freeze()))
    }
}
