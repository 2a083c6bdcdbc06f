import SluiceColumnar

/// One row of a batch, read column by column: a convenience for per-row logic, not a fast path.
///
/// Every access reads one value through `Column.value(at:)` (and a name lookup for the `String`
/// overloads); use kernels or `ProcessOperator` when speed matters. Accessors return nil for NULL and
/// throw when the column does not exist or has another type.
public struct RowView {
    public let batch: RecordBatch
    /// The physical row in `batch`'s columns.
    public let physicalRow: Int

    public init(batch: RecordBatch, physicalRow: Int) {
        self.batch = batch
        self.physicalRow = physicalRow
    }

    public var schema: Schema { batch.schema }
    public var rowKind: RowKind { batch.rowKind(at: physicalRow) }

    public func value(_ column: Int) throws(SluiceError) -> Value {
        guard column >= 0 && column < batch.columns.count else {
            throw .invalidInput("column index \(column) is out of range; the row has \(batch.columns.count) columns "
                + "(\(schema.names.joined(separator: ", ")))")
        }
        return batch.columns[column].value(at: physicalRow)
    }

    public func value(_ name: String) throws(SluiceError) -> Value { try value(schema.requireIndex(of: name)) }
    public func isNull(_ column: Int) throws(SluiceError) -> Bool { try value(column).isNull }
    public func isNull(_ name: String) throws(SluiceError) -> Bool { try value(name).isNull }

    /// An integer column (TINYINT … BIGINT) as Int64.
    public func int64(_ column: Int) throws(SluiceError) -> Int64? {
        switch try value(column) {
        case .null: return nil
        case .int(let v): return v
        default: throw mismatch(column, "int64", "integer (TINYINT, SMALLINT, INT, BIGINT)")
        }
    }

    /// A numeric column (integer, FLOAT, DOUBLE or DECIMAL) as Double.
    public func double(_ column: Int) throws(SluiceError) -> Double? {
        switch try value(column) {
        case .null: return nil
        case .float(let v): return v
        case .int(let v): return Double(v)
        case .decimal(let unscaled, let scale): return Double(unscaled) / pow10(scale)
        default: throw mismatch(column, "double", "numeric")
        }
    }

    public func string(_ column: Int) throws(SluiceError) -> String? {
        switch try value(column) {
        case .null: return nil
        case .string(let s): return s
        default: throw mismatch(column, "string", "STRING")
        }
    }

    public func int64(_ name: String) throws(SluiceError) -> Int64? { try int64(schema.requireIndex(of: name)) }
    public func double(_ name: String) throws(SluiceError) -> Double? { try double(schema.requireIndex(of: name)) }
    public func string(_ name: String) throws(SluiceError) -> String? { try string(schema.requireIndex(of: name)) }

    private func mismatch(_ column: Int, _ accessor: String, _ expected: String) -> SluiceError {
        let field = schema[column]
        return SluiceError(.invalidInput, "column `\(field.name)` is \(field.type); \(accessor)() reads \(expected) columns"
            + " (use value() for any type)", context: .init(column: field.name))
    }

    private func pow10(_ n: Int) -> Double {
        var p = 1.0
        for _ in 0..<n { p *= 10 }
        return p
    }
}
