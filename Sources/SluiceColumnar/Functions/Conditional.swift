/// IF / CASE WHEN and COALESCE over whole columns.
///
/// `select` is the building block: per row it picks `then` where the condition is TRUE and `else`
/// where it is FALSE or NULL (SQL's CASE semantics). Fixed-width values are blended branch-free in one
/// loop; validity and boolean values are blended a 64-bit word at a time.
public enum Conditional {
    /// IF(condition, then, else) / CASE WHEN condition THEN then ELSE else END.
    public static func select(condition: Column, then a: Column, else b: Column) throws(SluiceError) -> Column {
        guard condition.type == .boolean else {
            throw SluiceError(.plan, "IF/CASE condition must be BOOLEAN, found \(condition.type)")
        }
        guard a.type == b.type else {
            throw SluiceError(.plan, "IF/CASE branches have different types \(a.type) and \(b.type); cast them to one type")
        }
        try StringKernel.checkCounts([condition, a, b], "IF")
        // A row takes `then` only when the condition is valid and true.
        let values = condition.booleanValues
        var pick = values
        if let valid = condition.validity {
            pick = Bitmap(words: blend(valid, values, Bitmap(repeating: false, count: values.count)), count: values.count)
        }
        return select(pick, a, b)
    }

    /// COALESCE(a, b, …): per row the first non-NULL argument.
    public static func coalesce(_ columns: [Column]) throws(SluiceError) -> Column {
        guard var result = columns.first else { throw SluiceError(.plan, "COALESCE needs at least one argument") }
        try StringKernel.checkCounts(columns, "COALESCE")
        for next in columns.dropFirst() where next.type != result.type {
            throw SluiceError(.plan, "COALESCE arguments have different types \(result.type) and \(next.type); cast them to one type")
        }
        for next in columns.dropFirst() {
            guard let valid = result.validity else { break }
            result = select(valid, result, next)
        }
        return result
    }

    /// Rows of `a` where `pick` is set, else rows of `b`.
    static func select(_ pick: Bitmap, _ a: Column, _ b: Column) -> Column {
        let n = pick.count
        let validity: Bitmap? = a.validity == nil && b.validity == nil ? nil
            : Bitmap(words: blend(pick, a.validity, b.validity), count: n)
        switch (a.storage, b.storage) {
        case (.fixed, .fixed):
            switch a.type.fixedWidth! {
            case 1: return fixed(pick, a, b, validity, UInt8.self)
            case 2: return fixed(pick, a, b, validity, UInt16.self)
            case 4: return fixed(pick, a, b, validity, UInt32.self)
            case 8: return fixed(pick, a, b, validity, UInt64.self)
            default: return fixed(pick, a, b, validity, UInt128.self)
            }
        case (.bits(let x), .bits(let y)):
            let words = blend(pick, x, y)
            return Column(type: a.type, count: n, storage: .bits(Bitmap(words: words, count: n)), validity: validity)
        case (.children(let xs), .children(let ys)):
            return Column(type: a.type, count: n, storage: .children(zip(xs, ys).map { select(pick, $0, $1) }), validity: validity)
        default:
            var builder = StringColumnBuilder(type: a.type, capacity: n)
            let rowsA = StringRows(a)
            let rowsB = StringRows(b)
            for row in 0..<n {
                if let validity, !validity[row] { builder.appendNull(); continue }
                (pick[row] ? rowsA : rowsB).withRow(row) { builder.append(bytes: $0) }
            }
            return Column(type: a.type, count: n, storage: builder.finish().storage, validity: validity)
        }
    }

    static func fixed<T: FixedWidthInteger & UnsignedInteger>(_ pick: Bitmap, _ a: Column, _ b: Column,
                                                               _ validity: Bitmap?, _: T.Type) -> Column {
        pick.withAlignedWords { p in
            a.withValues(T.self) { x in
                b.withValues(T.self) { y in
                    KernelOutput.fixed(a.type, count: a.count, validity: validity) { (out: UnsafeMutableBufferPointer<T>) in
                        blendLoop(p, x, y, out)
                    }
                }
            }
        }
    }

    @inline(never)
    static func blendLoop<T: FixedWidthInteger & UnsignedInteger>(
        _ p: UnsafeBufferPointer<UInt64>, _ x: UnsafeBufferPointer<T>, _ y: UnsafeBufferPointer<T>,
        _ out: UnsafeMutableBufferPointer<T>
    ) {
        for i in 0..<out.count {
            // All ones when the bit is set: x & mask | y & ~mask, no branch.
            let mask = T(truncatingIfNeeded: 0 &- ((p[i >> 6] >> UInt64(i & 63)) & 1))
            out[i] = (x[i] & mask) | (y[i] & ~mask)
        }
    }

    /// Words of `pick ? x : y` per bit; a nil operand stands for all ones.
    static func blend(_ pick: Bitmap, _ x: Bitmap?, _ y: Bitmap?) -> Buffer {
        let n = Bitmap.wordCount(pick.count)
        var out = MutableBuffer(uninitializedCount: n, of: UInt64.self)
        let ones = Buffer([UInt64](repeating: ~0, count: n))
        let xw = x?.realigned() ?? ones
        let yw = y?.realigned() ?? ones
        pick.withAlignedWords { p in
            xw.withUnsafeBufferPointer(as: UInt64.self) { xs in
                yw.withUnsafeBufferPointer(as: UInt64.self) { ys in
                    out.withUnsafeMutableBufferPointer(as: UInt64.self) { o in
                        for i in 0..<n { o[i] = (p[i] & xs[i]) | (~p[i] & ys[i]) }
                    }
                }
            }
        }
        return out.freeze()
    }
}
