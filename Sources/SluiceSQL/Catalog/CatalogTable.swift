import SluiceColumnar

/// A table of the catalog: its columns as declared, its event-time watermark and the connector options.
///
/// Physical columns are what the connector reads or writes; computed columns (`name AS expr`) are
/// bound once, at CREATE TABLE, over the physical columns, so a scan only evaluates them.
public struct CatalogTable: Sendable {
    /// One column of the table as a query sees it.
    public struct Column: Sendable {
        public var name: String
        public var type: DataType
        /// For a computed column, its expression over the physical schema.
        public var computed: PhysicalExpression?
        public var isPhysical: Bool { computed == nil }
    }

    public var name: String
    public var columns: [Column]
    /// The physical columns only, in declared order: the connector's schema.
    public var physicalSchema: Schema
    /// `WATERMARK FOR column AS column - INTERVAL …`: the column and its out-of-orderness in microseconds.
    public var watermark: (column: String, delayMicros: Int64)?
    public var primaryKey: [String]
    /// The `WITH` options, keys as written.
    public var options: TableOptions

    /// All columns (physical and computed) as a schema, with the event-time attribute marked.
    public var schema: Schema {
        let fields = columns.map { Field($0.name, $0.type) }
        let time = watermark.flatMap { w in columns.firstIndex { $0.name.lowercased() == w.column.lowercased() } }
        return Schema(fields, eventTimeIndex: time)
    }

    /// The index in `physicalSchema` of physical column `i` of `columns`.
    public func physicalIndex(ofColumn i: Int) -> Int? {
        guard columns[i].isPhysical else { return nil }
        return columns[..<i].filter(\.isPhysical).count
    }

    public var connector: String { options["connector"] ?? "" }
}
