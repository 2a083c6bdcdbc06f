/// The result of evaluating an expression over a batch: a column with one value per physical row, or a
/// single value that stands for every row (a literal, or an expression over literals only).
///
/// Keeping scalars apart lets kernels take their column-versus-constant fast paths (`x > 5` compares
/// against one register value instead of a broadcast column).
public enum Datum: Sendable {
    case column(Column)
    case scalar(Value, DataType)

    public var type: DataType {
        switch self {
        case .column(let c): return c.type
        case .scalar(_, let t): return t
        }
    }

    /// The datum as a column of `count` rows (broadcasting a scalar).
    public func column(count: Int) throws(SluiceError) -> Column {
        switch self {
        case .column(let c): return c
        case .scalar(let v, let t): return try Column.repeating(v, type: t, count: count)
        }
    }
}
