/// IS [NOT] NULL, [NOT] BETWEEN and [NOT] IN over a column, with SQL NULL semantics.
public enum Predicates {
    /// TRUE where the row is NULL; never NULL itself.
    public static func isNull(_ c: Column) -> Column {
        guard let validity = c.validity else {
            return BitmapWords.booleanColumn(BitmapWords.constant(false, count: c.count), count: c.count, validity: nil)
        }
        var words = BitmapWords.copy(validity)
        BitmapWords.invert(&words, count: c.count)
        return BitmapWords.booleanColumn(words, count: c.count, validity: nil)
    }

    /// TRUE where the row is not NULL; never NULL itself.
    public static func isNotNull(_ c: Column) -> Column {
        let words = c.validity.map(BitmapWords.copy) ?? BitmapWords.constant(true, count: c.count)
        return BitmapWords.booleanColumn(words, count: c.count, validity: nil)
    }

    /// `c BETWEEN low AND high` is `c >= low AND c <= high` (ASYMMETRIC, as Flink's default);
    /// `NOT BETWEEN` is its three-valued negation, `c < low OR c > high`. A NULL bound gives NULL
    /// except where the other bound already decides FALSE (or TRUE for NOT BETWEEN).
    public static func between(_ c: Column, _ low: Value, _ high: Value, negated: Bool = false) throws(SluiceError) -> Column {
        let aboveLow = try Comparison.compare(c, .greaterOrEqual, low)
        let belowHigh = try Comparison.compare(c, .lessOrEqual, high)
        let inside = try Logical.and(aboveLow, belowHigh)
        return negated ? try Logical.not(inside) : inside
    }

    /// `c IN (values…)`: TRUE where `c` equals a value; for the other rows FALSE, or NULL when the list
    /// holds a NULL (`x IN (1, NULL)` is TRUE for 1 and NULL otherwise); NULL where `c` is NULL.
    /// `NOT IN` negates the TRUE/FALSE rows and keeps the NULLs (so `x NOT IN (1, NULL)` is never TRUE).
    public static func inList(_ c: Column, _ values: [Value], negated: Bool = false) throws(SluiceError) -> Column {
        let n = c.count
        let listHasNull = values.contains { $0.isNull }
        let literals = values.filter { !$0.isNull }
        var matched = try matches(c, literals)
        BitmapWords.and(&matched, c.validity)
        var validity = c.validity
        if listHasNull {
            // Unmatched rows are unknown: only matched rows (which are valid) stay valid.
            validity = Bitmap(words: BitmapWords.duplicate(matched, count: n).freeze(), count: n)
        }
        if negated { BitmapWords.invert(&matched, count: n) }
        return BitmapWords.booleanColumn(matched, count: n, validity: validity)
    }

    /// Bits of the rows equal to any of `literals` (computed through nulls).
    private static func matches(_ c: Column, _ literals: [Value]) throws(SluiceError) -> MutableBuffer {
        if case .dictionary(let codes, let dictionary) = c.storage {
            // One membership table over the dictionary, then one pass over the codes.
            var table = [UInt8](repeating: 0, count: dictionary.count)
            for literal in literals {
                let bytes: [UInt8]
                switch (c.type, literal) {
                case (.string, .string(let s)): bytes = Array(s.utf8)
                case (.binary, .binary(let b)): bytes = b
                default: throw Comparison.incomparable(c.type, literal)
                }
                if let code = StringComparison.lookup(dictionary, bytes) { table[code] = 1 }
            }
            return DictionaryMask.map(codes, count: c.count, table)
        }
        var matched = BitmapWords.constant(false, count: c.count)
        for literal in literals {
            let hits = try Comparison.run(c, .equal, literal, MaskSink(count: c.count)).freeze()
            hits.withUnsafeBufferPointer(as: UInt64.self) { h in
                matched.withUnsafeMutableBufferPointer(as: UInt64.self) { m in
                    for i in 0..<m.count { m[i] |= h[i] }
                }
            }
        }
        return matched
    }
}
