/// What a column-vs-literal comparison produces, chosen by the public entry point: the literal and type
/// dispatch happens once in `Comparison.run`, which hands either a typed lane (fixed-width values and a
/// literal already in their representation) or a finished mask (other storage kinds) to the sink.
protocol ComparisonSink {
    associatedtype Result
    /// Compares every value with `c` (the fast path: one specialized loop per type and operator).
    func run<T: Comparable>(_ values: UnsafeBufferPointer<T>, _ op: ComparisonOperator, _ c: T) -> Result
    /// Takes a mask that already holds the comparison result of every row (computed through nulls).
    func run(mask: consuming MutableBuffer) -> Result
}

/// Produces the comparison bits of every row, computed through nulls (the caller applies validity).
struct MaskSink: ComparisonSink {
    let count: Int

    func run<T: Comparable>(_ values: UnsafeBufferPointer<T>, _ op: ComparisonOperator, _ c: T) -> MutableBuffer {
        var words = MutableBuffer(uninitializedCount: Bitmap.wordCount(count), of: UInt64.self)
        words.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
            switch op {
            case .equal: UnsafeCompareLoops.scalarBits(values, c, EqualOp.self, into: w)
            case .notEqual: UnsafeCompareLoops.scalarBits(values, c, NotEqualOp.self, into: w)
            case .less: UnsafeCompareLoops.scalarBits(values, c, LessOp.self, into: w)
            case .lessOrEqual: UnsafeCompareLoops.scalarBits(values, c, LessOrEqualOp.self, into: w)
            case .greater: UnsafeCompareLoops.scalarBits(values, c, GreaterOp.self, into: w)
            case .greaterOrEqual: UnsafeCompareLoops.scalarBits(values, c, GreaterOrEqualOp.self, into: w)
            }
        }
        return words
    }

    func run(mask: consuming MutableBuffer) -> MutableBuffer { mask }
}

/// Produces the ascending rows where the comparison is TRUE and the row is valid, optionally testing
/// only the rows of `within`.
struct SelectionSink: ComparisonSink {
    let count: Int
    let validity: Bitmap?
    let within: SelectionVector?

    func run<T: Comparable>(_ values: UnsafeBufferPointer<T>, _ op: ComparisonOperator, _ c: T) -> SelectionVector {
        switch op {
        case .equal: return select(values, c, EqualOp.self)
        case .notEqual: return select(values, c, NotEqualOp.self)
        case .less: return select(values, c, LessOp.self)
        case .lessOrEqual: return select(values, c, LessOrEqualOp.self)
        case .greater: return select(values, c, GreaterOp.self)
        case .greaterOrEqual: return select(values, c, GreaterOrEqualOp.self)
        }
    }

    private func select<T: Comparable, Op: ComparisonLaneOp>(
        _ values: UnsafeBufferPointer<T>, _ c: T, _ op: Op.Type
    ) -> SelectionVector {
        var out = MutableBuffer(uninitializedCount: within?.count ?? count, of: UInt32.self)
        let k = withValidityWords { v in
            out.withUnsafeMutableBufferPointer(as: UInt32.self) { o in
                if let within {
                    return within.withUnsafeIndices { w in
                        UnsafeCompareLoops.scalarSelection(values, c, op, validity: v, within: w, into: o.baseAddress!)
                    }
                }
                return UnsafeCompareLoops.scalarSelection(values, c, op, validity: v, into: o.baseAddress!)
            }
        }
        return SelectionVector(indices: out.freeze(), count: k)
    }

    func run(mask: consuming MutableBuffer) -> SelectionVector {
        var words = mask
        BitmapWords.and(&words, validity)
        return Filter.selection(words: words.freeze(), count: count, within: within)
    }

    private func withValidityWords<R>(_ body: (UnsafeBufferPointer<UInt64>?) -> R) -> R {
        guard let validity else { return body(nil) }
        return validity.withAlignedWords { body($0) }
    }
}
