/// SQL comparisons (`=`, `<>`, `<`, `<=`, `>`, `>=`) of a column with a literal or with another column.
///
/// Results follow SQL: a row is NULL where an input is NULL (`compare`), and filter paths keep only
/// rows where the comparison is TRUE (`bitmask`, `selection`).
///
/// Design: one switch on the column type per call converts the literal to the column's physical
/// representation (`LiteralRewrite`: `.int(5)` against DECIMAL(10, 2) becomes unscaled 500, `x < 2.5`
/// on an INT column becomes `x <= 2`), then a specialized lane loop (`UnsafeCompareLoops`) runs over
/// the raw values, straight through nulls; validity is applied to whole words afterwards.
/// Dictionary-encoded strings compare Int32 codes: the literal is looked up once for `=`/`<>`, and
/// for ordering operators the result is computed once per dictionary entry and mapped through codes.
///
/// Semantics, as Flink's generated code:
/// - Numbers of different types are compared as their common type; integers and decimals exactly
///   (any scales, no overflow); anything against DOUBLE as double. FLOAT against an INT literal as FLOAT.
/// - Floating point follows IEEE 754 as Java's primitive operators do, which Flink's code generator
///   emits for numeric comparisons: NaN is not equal to, less or greater than anything (itself
///   included), so `NaN <> NaN` is TRUE and every other comparison with NaN is FALSE; `-0.0 = 0.0`.
/// - STRING and BYTES compare bytes lexicographically as unsigned values (UTF-8 order = code point
///   order), as Flink's `BinaryStringData.compareTo`; BOOLEAN orders FALSE before TRUE.
/// - TIMESTAMP compares with TIMESTAMP of any precision, but not with TIMESTAMP_LTZ or DATE (cast first).
public enum Comparison {
    /// `lhs op rhs` per row as a BOOLEAN column, NULL where `lhs` is NULL; all NULL when `rhs` is NULL.
    public static func compare(_ lhs: Column, _ op: ComparisonOperator, _ rhs: Value) throws(SluiceError) -> Column {
        if rhs.isNull { return BitmapWords.allNullColumn(count: lhs.count) }
        let words = try run(lhs, op, rhs, MaskSink(count: lhs.count))
        return BitmapWords.booleanColumn(words, count: lhs.count, validity: lhs.validity)
    }

    /// The rows where `lhs op rhs` is TRUE, as bits (NULL gives a 0 bit).
    public static func bitmask(_ lhs: Column, _ op: ComparisonOperator, _ rhs: Value) throws(SluiceError) -> Bitmap {
        if rhs.isNull { return Bitmap(repeating: false, count: lhs.count) }
        var words = try run(lhs, op, rhs, MaskSink(count: lhs.count))
        BitmapWords.and(&words, lhs.validity)
        return Bitmap(words: words.freeze(), count: lhs.count)
    }

    /// The ascending rows where `lhs op rhs` is TRUE; with `within`, only those rows are tested and the
    /// result is a subset of it.
    public static func selection(_ lhs: Column, _ op: ComparisonOperator, _ rhs: Value,
                                 within: SelectionVector? = nil) throws(SluiceError) -> SelectionVector {
        if let within { try Filter.checkSelection(within, rows: lhs.count) }
        if rhs.isNull { return SelectionVector(indices: .empty, count: 0) }
        return try run(lhs, op, rhs, SelectionSink(count: lhs.count, validity: lhs.validity, within: within))
    }

    /// The one type dispatch of a column-vs-literal comparison.
    static func run<S: ComparisonSink>(_ column: Column, _ op: ComparisonOperator, _ literal: Value,
                                       _ sink: S) throws(SluiceError) -> S.Result {
        switch column.type {
        case .row: throw incomparable(column.type, literal)
        case .boolean:
            guard case .boolean(let b) = literal else { throw incomparable(column.type, literal) }
            return sink.run(mask: BooleanComparison.words(column.booleanValues, op, b))
        case .string, .binary:
            return try StringComparison.run(column, op, literal, sink)
        case .int8: return try integer(column, Int8.self, scale: 0, op, literal, sink)
        case .int16: return try integer(column, Int16.self, scale: 0, op, literal, sink)
        case .int32: return try integer(column, Int32.self, scale: 0, op, literal, sink)
        case .int64: return try integer(column, Int64.self, scale: 0, op, literal, sink)
        case .decimal(let p, let s) where p <= DataType.maxInt64DecimalPrecision:
            return try integer(column, Int64.self, scale: s, op, literal, sink)
        case .decimal(_, let s):
            return try integer(column, Int128.self, scale: s, op, literal, sink)
        case .float32:
            let plan: ScalarPlan<Float>
            switch literal {
            case .int(let v): plan = .compare(op, Float(v))
            case .float, .decimal: plan = LiteralRewrite.float(LiteralRewrite.doubleValue(literal)!, op)
            default: throw incomparable(column.type, literal)
            }
            return execute(column, plan, sink)
        case .float64:
            guard let d = LiteralRewrite.doubleValue(literal) else { throw incomparable(column.type, literal) }
            return column.withValues(Double.self) { sink.run($0, op, d) }
        case .date:
            guard case .date(let v) = literal else { throw incomparable(column.type, literal) }
            return column.withValues(Int32.self) { sink.run($0, op, v) }
        case .time:
            guard case .time(let v) = literal else { throw incomparable(column.type, literal) }
            return column.withValues(Int32.self) { sink.run($0, op, v) }
        case .timestamp, .timestampLTZ:
            guard case .timestamp(let v) = literal else { throw incomparable(column.type, literal) }
            return column.withValues(Int64.self) { sink.run($0, op, v) }
        case .intervalDayTime:
            guard case .intervalDayTime(let v) = literal else { throw incomparable(column.type, literal) }
            return column.withValues(Int64.self) { sink.run($0, op, v) }
        case .intervalYearMonth:
            guard case .intervalYearMonth(let v) = literal else { throw incomparable(column.type, literal) }
            return column.withValues(Int32.self) { sink.run($0, op, v) }
        }
    }

    /// Integer and decimal columns (decimals are integers in units of 10^-scale).
    private static func integer<T: FixedWidthInteger & BitwiseCopyable, S: ComparisonSink>(
        _ column: Column, _: T.Type, scale: Int, _ op: ComparisonOperator, _ literal: Value, _ sink: S
    ) throws(SluiceError) -> S.Result {
        let plan: ScalarPlan<T>
        switch literal {
        case .int(let v): plan = LiteralRewrite.exact(Int128(v), scale: 0, into: T.self, columnScale: scale, op)
        case .decimal(let u, let s): plan = LiteralRewrite.exact(u, scale: s, into: T.self, columnScale: scale, op)
        case .float(let d) where scale == 0: plan = LiteralRewrite.double(d, into: T.self, op)
        case .float(let d):
            // DECIMAL against DOUBLE compares as DOUBLE (Flink's DecimalDataUtils.compare(decimal, double)).
            let keys = NumericKeys.doubles(column)
            return keys.withUnsafeBufferPointer { sink.run($0, op, d) }
        default: throw incomparable(column.type, literal)
        }
        return execute(column, plan, sink)
    }

    private static func execute<T: Comparable & BitwiseCopyable, S: ComparisonSink>(
        _ column: Column, _ plan: ScalarPlan<T>, _ sink: S
    ) -> S.Result {
        switch plan {
        case .constant(let result):
            return sink.run(mask: BitmapWords.constant(result, count: column.count))
        case .compare(let op, let c):
            return column.withValues(T.self) { sink.run($0, op, c) }
        }
    }
}
