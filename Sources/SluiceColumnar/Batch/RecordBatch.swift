/// A batch of rows in columns: the unit that flows between operators.
///
/// `columns[i]` holds field `i` of `schema` for `physicalCount` rows. When `selection` is set only the
/// listed rows are part of the batch (`count` of them); `rowKinds`, when set, gives each physical
/// row's changelog kind (one `RowKind.rawValue` byte per row); without it every row is an insert.
public struct RecordBatch: Sendable {
    public let schema: Schema
    public let columns: [Column]
    public let physicalCount: Int
    public let selection: SelectionVector?
    public let rowKinds: Buffer?

    public init(schema: Schema, columns: [Column], count: Int? = nil,
                selection: SelectionVector? = nil, rowKinds: Buffer? = nil) throws(SluiceError) {
        guard schema.count == columns.count else {
            throw .internalError("batch schema has \(schema.count) fields but \(columns.count) columns were given")
        }
        let n = count ?? columns.first?.count ?? 0
        for (field, column) in zip(schema.fields, columns) {
            guard column.count == n else {
                throw SluiceError(.internal, "column has \(column.count) rows, batch has \(n)", context: .init(column: field.name))
            }
            guard column.type == field.type else {
                throw SluiceError(.internal, "column holds \(column.type) but the schema says \(field.type)",
                                  context: .init(column: field.name))
            }
        }
        if let rowKinds, rowKinds.byteCount < n {
            throw .internalError("row kind buffer has \(rowKinds.byteCount) entries for \(n) rows")
        }
        if let selection, selection.count > n { throw .internalError("selection longer than the batch") }
        self.schema = schema
        self.columns = columns
        self.physicalCount = n
        self.selection = selection
        self.rowKinds = rowKinds
    }

    /// An empty batch of this schema.
    public static func empty(_ schema: Schema) -> RecordBatch {
        let columns = schema.fields.map { ColumnBuilder(type: $0.type).finish() }
        return try! RecordBatch(schema: schema, columns: columns, count: 0)
    }

    /// Rows in the batch (selected rows when a selection is set).
    public var count: Int { selection?.count ?? physicalCount }

    public var isChangelog: Bool { rowKinds != nil }

    public func column(named name: String) throws(SluiceError) -> Column {
        columns[try schema.requireIndex(of: name)]
    }

    /// The kind of physical row `row`.
    public func rowKind(at row: Int) -> RowKind {
        guard let rowKinds else { return .insert }
        return RowKind(rawValue: rowKinds.load(UInt8.self, at: row)) ?? .insert
    }

    /// The same columns restricted to `selection` (indices into the physical rows).
    public func withSelection(_ selection: SelectionVector?) -> RecordBatch {
        try! RecordBatch(schema: schema, columns: columns, count: physicalCount, selection: selection, rowKinds: rowKinds)
    }

    /// Logical rows `start ..< start + length` (physical rows when there is no selection).
    public func slice(_ start: Int, _ length: Int) -> RecordBatch {
        let dense = compacted()
        let kinds = dense.rowKinds?.slice(byteOffset: start, byteCount: length)
        return try! RecordBatch(schema: schema, columns: dense.columns.map { $0.slice(start, length) },
                                count: length, rowKinds: kinds)
    }

    /// Logical row `row` as values (tests and printing).
    public func row(_ row: Int) -> [Value] {
        let physical = selection.map { $0[row] } ?? row
        return columns.map { $0.value(at: physical) }
    }

    /// Every logical row as values (tests).
    public func rows() -> [[Value]] { (0..<count).map { row($0) } }
}
