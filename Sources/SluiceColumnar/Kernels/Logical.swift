/// AND, OR and NOT over BOOLEAN columns with SQL three-valued logic, 64 rows per step.
///
/// Truth tables (N = NULL):
///
///     AND | T  F  N        OR | T  F  N        NOT
///     ----+---------       ---+---------       T → F
///      T  | T  F  N         T | T  T  T        F → T
///      F  | F  F  F         F | T  F  N        N → N
///      N  | N  F  N         N | T  N  N
///
/// With value words `a`, `b` and validity words `va`, `vb` (values under a null are unspecified):
/// AND is valid where both are valid or either is a valid FALSE, and its value is `a & b`;
/// OR is valid where both are valid or either is a valid TRUE, and its value is `a | b`.
public enum Logical {
    public static func and(_ a: Column, _ b: Column) throws(SluiceError) -> Column {
        try binary(a, b, "AND", isAnd: true)
    }

    public static func or(_ a: Column, _ b: Column) throws(SluiceError) -> Column {
        try binary(a, b, "OR", isAnd: false)
    }

    /// NOT flips the values and keeps the nulls.
    public static func not(_ a: Column) throws(SluiceError) -> Column {
        try requireBoolean(a, "NOT")
        var words = BitmapWords.copy(a.booleanValues)
        BitmapWords.invert(&words, count: a.count)
        return BitmapWords.booleanColumn(words, count: a.count, validity: a.validity)
    }

    private static func binary(_ a: Column, _ b: Column, _ name: String, isAnd: Bool) throws(SluiceError) -> Column {
        try requireBoolean(a, name)
        try requireBoolean(b, name)
        guard a.count == b.count else { throw Comparison.lengthMismatch(name, a.count, b.count) }
        let n = a.count
        var values = MutableBuffer(uninitializedCount: Bitmap.wordCount(n), of: UInt64.self)
        a.booleanValues.withAlignedWords { x in
            b.booleanValues.withAlignedWords { y in
                values.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                    if isAnd {
                        for i in 0..<w.count { w[i] = x[i] & y[i] }
                    } else {
                        for i in 0..<w.count { w[i] = x[i] | y[i] }
                    }
                }
            }
        }
        let validity = (a.validity == nil && b.validity == nil) ? nil : combinedValidity(a, b, isAnd: isAnd)
        return BitmapWords.booleanColumn(values, count: n, validity: validity)
    }

    /// Valid where both sides are valid, or where one side alone decides the result (a valid FALSE for
    /// AND, a valid TRUE for OR).
    private static func combinedValidity(_ a: Column, _ b: Column, isAnd: Bool) -> Bitmap {
        let n = a.count
        let va = a.validity.map(BitmapWords.copy) ?? BitmapWords.constant(true, count: n)
        let vb = b.validity.map(BitmapWords.copy) ?? BitmapWords.constant(true, count: n)
        var out = MutableBuffer(uninitializedCount: Bitmap.wordCount(n), of: UInt64.self)
        let flip: UInt64 = isAnd ? ~0 : 0   // AND looks for FALSE values, OR for TRUE values
        va.freeze().withUnsafeBufferPointer(as: UInt64.self) { pva in
            vb.freeze().withUnsafeBufferPointer(as: UInt64.self) { pvb in
                a.booleanValues.withAlignedWords { x in
                    b.booleanValues.withAlignedWords { y in
                        out.withUnsafeMutableBufferPointer(as: UInt64.self) { w in
                            for i in 0..<w.count {
                                let decidedA = pva[i] & (x[i] ^ flip)
                                let decidedB = pvb[i] & (y[i] ^ flip)
                                w[i] = (pva[i] & pvb[i]) | decidedA | decidedB
                            }
                        }
                    }
                }
            }
        }
        BitmapWords.clearTail(&out, count: n)
        return Bitmap(words: out.freeze(), count: n)
    }

    static func requireBoolean(_ c: Column, _ name: String) throws(SluiceError) {
        guard c.type == .boolean else {
            throw .invalidInput("\(name) expects BOOLEAN operands, found \(c.type); compare the value first, e.g. `x <> 0`")
        }
    }
}
