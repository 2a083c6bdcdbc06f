/// Validity helpers shared by the arithmetic, cast and function kernels: NULL in → NULL out.
///
/// Kernels compute straight through nulls and combine the validity bitmaps here, a word at a time.
enum NullPropagation {
    /// The validity of a row-wise function of `columns`: a row is valid only when it is valid in every input.
    static func intersect(_ columns: [Column]) -> Bitmap? {
        let bitmaps = columns.compactMap(\.validity)
        guard let first = bitmaps.first else { return nil }
        if bitmaps.count == 1 { return first }
        let count = first.count
        var out = MutableBuffer(uninitializedCount: Bitmap.wordCount(count), of: UInt64.self)
        out.withUnsafeMutableBufferPointer(as: UInt64.self) { dst in
            first.withAlignedWords { w in for i in 0..<dst.count { dst[i] = w[i] } }
            for b in bitmaps.dropFirst() {
                b.withAlignedWords { w in for i in 0..<dst.count { dst[i] &= w[i] } }
            }
        }
        return Bitmap(words: out.freeze(), count: count)
    }

    /// `validity` with the rows in `failed` cleared (TRY_CAST turns failures into NULL).
    static func clearing(_ failed: [Int], in validity: Bitmap?, count: Int) -> Bitmap? {
        guard !failed.isEmpty else { return validity }
        var out = MutableBuffer(uninitializedCount: Bitmap.wordCount(count), of: UInt64.self)
        out.withUnsafeMutableBufferPointer(as: UInt64.self) { dst in
            if let validity {
                validity.withAlignedWords { w in for i in 0..<dst.count { dst[i] = w[i] } }
            } else {
                for i in 0..<dst.count { dst[i] = ~0 }
            }
            for row in failed { dst[row >> 6] &= ~(UInt64(1) << UInt64(row & 63)) }
        }
        return Bitmap(words: out.freeze(), count: count)
    }

    /// The first valid row (in `validity`) for which `isBad` holds, scanning in order; the slow path
    /// that runs only after a tight loop has raised its flag.
    static func firstBadRow(count: Int, validity: Bitmap?, _ isBad: (Int) -> Bool) -> Int? {
        for row in 0..<count where (validity.map { $0[row] } ?? true) && isBad(row) { return row }
        return nil
    }

    /// Every valid row for which `isBad` holds (TRY_CAST's slow path).
    static func badRows(count: Int, validity: Bitmap?, _ isBad: (Int) -> Bool) -> [Int] {
        (0..<count).filter { row in (validity.map { $0[row] } ?? true) && isBad(row) }
    }
}

/// Allocation helpers for kernels that write one fixed-width value per row.
enum KernelOutput {
    /// Runs `body` on a fresh buffer of `count` values of T and wraps it as a column of `type`.
    @inline(__always)
    static func fixed<T>(_ type: DataType, count: Int, validity: Bitmap?,
                         _ body: (UnsafeMutableBufferPointer<T>) -> Void) -> Column {
        var out = MutableBuffer(uninitializedCount: count, of: T.self)
        out.withUnsafeMutableBufferPointer(as: T.self) { body($0) }
        return Column(type: type, count: count, storage: .fixed(out.freeze()), validity: validity)
    }
}

/// A Bool as 0 or 1 without a branch, for accumulating error flags in tight loops (see SWIFT-NOTES.md).
@inline(__always)
func flagBit(_ b: Bool) -> UInt8 {
    // SAFETY: Bool is one byte holding exactly 0 or 1.
    unsafeBitCast(b, to: UInt8.self)
}
