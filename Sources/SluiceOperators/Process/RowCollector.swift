import SluiceColumnar

/// Collects the rows a `RowProcessOperator` function emits and builds them into columns.
///
/// Values are checked against the output schema as they are appended (one builder per column), so
/// a wrong type or arity fails at the row that caused it.
public final class RowCollector {
    public let schema: Schema
    private var builders: [ColumnBuilder]
    private var kinds: [UInt8] = []
    private var hasChanges = false

    public init(schema: Schema) {
        self.schema = schema
        builders = schema.fields.map { ColumnBuilder(type: $0.type) }
    }

    /// Rows collected since the last `finish`.
    public var count: Int { kinds.count }

    /// Appends one row of `values` (one per output column) with row kind `kind`.
    public func emit(_ values: [Value], kind: RowKind = .insert) throws(SluiceError) {
        guard values.count == schema.count else {
            throw .invalidInput("emitted a row of \(values.count) values but the output schema has \(schema.count) "
                + "columns (\(schema.names.joined(separator: ", ")))")
        }
        // Check the whole row before appending any of it, so the columns stay the same length.
        for (i, value) in values.enumerated() where !value.isNull {
            var probe = ColumnBuilder(type: schema[i].type)
            do { try probe.append(value) } catch { throw error.inColumn(schema[i].name) }
        }
        for i in 0..<values.count { try builders[i].append(values[i]) }
        kinds.append(kind.rawValue)
        if kind != .insert { hasChanges = true }
    }

    /// The collected rows as a batch (with row kinds when any row is not +I), and a fresh start.
    func finish() throws(SluiceError) -> RecordBatch {
        let columns = builders.map { $0.finish() }
        let batch = try RecordBatch(schema: schema, columns: columns, count: kinds.count,
                                    rowKinds: hasChanges ? Buffer(kinds) : nil)
        builders = schema.fields.map { ColumnBuilder(type: $0.type) }
        kinds.removeAll(keepingCapacity: true)
        hasChanges = false
        return batch
    }
}
