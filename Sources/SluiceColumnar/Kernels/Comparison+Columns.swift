/// Column-against-column comparisons: both sides are brought to a common type once per call.
extension Comparison {
    /// `lhs op rhs` row by row as a BOOLEAN column, NULL where either side is NULL.
    public static func compare(_ lhs: Column, _ op: ComparisonOperator, _ rhs: Column) throws(SluiceError) -> Column {
        guard lhs.count == rhs.count else { throw lengthMismatch("comparison", lhs.count, rhs.count) }
        let words = try ColumnComparison.words(lhs, op, rhs)
        return BitmapWords.booleanColumn(words, count: lhs.count, validity: BitmapWords.and(lhs.validity, rhs.validity))
    }
}

/// The dispatch for two columns: same physical type → lane loop on both buffers directly; mixed
/// numeric types → common keys (INT widths → BIGINT, anything with FLOAT/DOUBLE → DOUBLE, INT and
/// DECIMAL of any scales → exact Int128 or split keys).
enum ColumnComparison {
    static func words(_ a: Column, _ op: ComparisonOperator, _ b: Column) throws(SluiceError) -> MutableBuffer {
        switch (a.type, b.type) {
        case (.boolean, .boolean):
            return BooleanComparison.words(a.booleanValues, op, b.booleanValues)
        case (.string, .string), (.binary, .binary):
            if case .dictionary(let x, let dx) = a.storage, case .dictionary(let y, let dy) = b.storage,
               op == .equal || op == .notEqual, sameDictionary(dx, dy) {
                // Codes of one dictionary are equal exactly when the values are.
                return x.withUnsafeBufferPointer(as: Int32.self) { cx in
                    y.withUnsafeBufferPointer(as: Int32.self) { cy in
                        pair(UnsafeBufferPointer(rebasing: cx[0..<a.count]), op, UnsafeBufferPointer(rebasing: cy[0..<b.count]))
                    }
                }
            }
            return strings(a.decoded(), op, b.decoded())
        case (.date, .date), (.time, .time), (.intervalYearMonth, .intervalYearMonth):
            return same(a, op, b, Int32.self)
        case (.timestamp, .timestamp), (.timestampLTZ, .timestampLTZ), (.intervalDayTime, .intervalDayTime):
            return same(a, op, b, Int64.self)
        case _ where a.type.isNumeric && b.type.isNumeric:
            return numeric(a, op, b)
        default:
            throw Comparison.incomparable(a.type, b.type)
        }
    }

    private static func numeric(_ a: Column, _ op: ComparisonOperator, _ b: Column) -> MutableBuffer {
        if a.type == b.type {
            switch a.type {
            case .int8: return same(a, op, b, Int8.self)
            case .int16: return same(a, op, b, Int16.self)
            case .int32: return same(a, op, b, Int32.self)
            case .float32: return same(a, op, b, Float.self)
            case .float64: return same(a, op, b, Double.self)
            case .decimal(let p, _) where p > DataType.maxInt64DecimalPrecision: return same(a, op, b, Int128.self)
            default: return same(a, op, b, Int64.self)
            }
        }
        if a.type.isFloatingPoint || b.type.isFloatingPoint {
            return keys(NumericKeys.doubles(a), op, NumericKeys.doubles(b))
        }
        let (sa, sb) = (NumericKeys.scale(a.type), NumericKeys.scale(b.type))
        if sa == sb {
            if a.type.fixedWidth == 16 || b.type.fixedWidth == 16 {
                return keys(NumericKeys.int128s(a, factor: 1), op, NumericKeys.int128s(b, factor: 1))
            }
            return keys(NumericKeys.int64s(a), op, NumericKeys.int64s(b))
        }
        // Bring the side with the smaller scale up to the larger scale.
        let (low, high, lowOp) = sa < sb ? (a, b, op) : (b, a, op.flipped)
        let d = abs(sa - sb)
        let factor = DecimalFormat.powersOfTen[d]
        if NumericKeys.precision(low.type) + d <= DataType.maxDecimalPrecision {
            return keys(NumericKeys.int128s(low, factor: factor), lowOp, NumericKeys.int128s(high, factor: 1))
        }
        return keys(NumericKeys.whole(low), lowOp, NumericKeys.split(high, divisor: factor))
    }

    private static func same<T: Comparable>(_ a: Column, _ op: ComparisonOperator, _ b: Column, _: T.Type) -> MutableBuffer {
        a.withValues(T.self) { x in b.withValues(T.self) { y in pair(x, op, y) } }
    }

    private static func keys<T: Comparable>(_ a: [T], _ op: ComparisonOperator, _ b: [T]) -> MutableBuffer {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in pair(x, op, y) } }
    }

    private static func pair<T: Comparable>(_ a: UnsafeBufferPointer<T>, _ op: ComparisonOperator,
                                            _ b: UnsafeBufferPointer<T>) -> MutableBuffer {
        var words = MutableBuffer(uninitializedCount: Bitmap.wordCount(a.count), of: UInt64.self)
        words.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
            switch op {
            case .equal: UnsafeCompareLoops.pairBits(a, b, EqualOp.self, into: w)
            case .notEqual: UnsafeCompareLoops.pairBits(a, b, NotEqualOp.self, into: w)
            case .less: UnsafeCompareLoops.pairBits(a, b, LessOp.self, into: w)
            case .lessOrEqual: UnsafeCompareLoops.pairBits(a, b, LessOrEqualOp.self, into: w)
            case .greater: UnsafeCompareLoops.pairBits(a, b, GreaterOp.self, into: w)
            case .greaterOrEqual: UnsafeCompareLoops.pairBits(a, b, GreaterOrEqualOp.self, into: w)
            }
        }
        return words
    }

    /// Whether two dictionaries are the same values (shared buffers, as in slices of one column).
    private static func sameDictionary(_ x: DictionaryValues, _ y: DictionaryValues) -> Bool {
        x.count == y.count
            && x.offsets.storage === y.offsets.storage && x.offsets.byteOffset == y.offsets.byteOffset
            && x.bytes.storage === y.bytes.storage && x.bytes.byteOffset == y.bytes.byteOffset
    }

    /// Two plain (decoded) string or binary columns, row by row.
    private static func strings(_ a: Column, _ op: ComparisonOperator, _ b: Column) -> MutableBuffer {
        guard case .variable(let ao, let ab) = a.storage, case .variable(let bo, let bb) = b.storage else {
            preconditionFailure("decoded string columns have offsets storage")
        }
        let n = a.count
        var out = MutableBuffer(zeroedCount: Bitmap.wordCount(n), of: UInt64.self)
        ao.withUnsafeBufferPointer(as: Int32.self) { xo in
            bo.withUnsafeBufferPointer(as: Int32.self) { yo in
                ab.withUnsafeBytes { xb in
                    bb.withUnsafeBytes { yb in
                        out.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                            let rows = StringColumnPair(xo: xo, xb: xb.baseAddress!, yo: yo, yb: yb.baseAddress!, count: n)
                            switch op {
                            case .equal: rows.compare(EqualOp.self, into: w)
                            case .notEqual: rows.compare(NotEqualOp.self, into: w)
                            case .less: rows.compare(LessOp.self, into: w)
                            case .lessOrEqual: rows.compare(LessOrEqualOp.self, into: w)
                            case .greater: rows.compare(GreaterOp.self, into: w)
                            case .greaterOrEqual: rows.compare(GreaterOrEqualOp.self, into: w)
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}

/// Two plain string columns as raw pointers, for the row loop of a column-vs-column comparison.
private struct StringColumnPair {
    let xo: UnsafeBufferPointer<Int32>
    let xb: UnsafeRawPointer
    let yo: UnsafeBufferPointer<Int32>
    let yb: UnsafeRawPointer
    let count: Int

    @inline(never)
    func compare<Op: ComparisonLaneOp>(_: Op.Type, into w: UnsafeMutableBufferPointer<UInt64>) {
        for i in 0..<count {
            let (xs, ys) = (Int(xo[i]), Int(yo[i]))
            let c = StringComparison.order(xb + xs, Int(xo[i + 1]) - xs, yb + ys, Int(yo[i + 1]) - ys)
            w[i >> 6] |= UInt64(unsafeBitCast(Op.test(c, 0), to: UInt8.self)) << UInt64(i & 63)
        }
    }
}
