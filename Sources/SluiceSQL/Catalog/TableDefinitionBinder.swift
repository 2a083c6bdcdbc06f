import SluiceColumnar

/// Checks a CREATE TABLE and binds its computed columns and watermark over the physical columns.
struct TableDefinitionBinder {
    let functions: FunctionCatalog

    func bind(_ d: CreateTable) throws(SluiceError) -> CatalogTable {
        let name = d.name.last ?? ""
        var seen = Set<String>()
        var physical: [Field] = []
        for c in d.columns {
            guard seen.insert(c.name.lowercased()).inserted else {
                throw .invalidInput("table `\(name)` declares column `\(c.name)` twice")
            }
            if case .physical(let type) = c.kind {
                try type.type.validate()
                physical.append(Field(c.name, type.type, nullable: type.nullable))
            }
        }
        let physicalSchema = Schema(physical)
        let binder = ExpressionBinder(scope: Scope(schema: physicalSchema, qualifier: name), functions: functions)
        var columns: [CatalogTable.Column] = []
        for c in d.columns {
            switch c.kind {
            case .physical(let type): columns.append(.init(name: c.name, type: type.type, computed: nil))
            case .computed(let e):
                let bound: PhysicalExpression
                do { bound = try binder.bind(e) } catch { throw error.inColumn(c.name) }
                columns.append(.init(name: c.name, type: bound.type, computed: bound))
            }
        }
        var options = TableOptions(d.options, table: name)
        options.partitionKeys = try partitionKeys(d, columns)
        return CatalogTable(name: name, columns: columns, physicalSchema: physicalSchema,
                            watermark: try watermark(d, columns), primaryKey: try primaryKey(d, columns), options: options)
    }

    /// `PARTITIONED BY (…)`: physical columns, each once, as declared.
    private func partitionKeys(_ d: CreateTable, _ columns: [CatalogTable.Column]) throws(SluiceError) -> [String] {
        let name = d.name.last ?? ""
        var keys: [String] = []
        for key in d.partitionedBy {
            guard let column = columns.first(where: { $0.name.lowercased() == key.lowercased() }) else {
                var message = "PARTITIONED BY column `\(key)` is not a column of table `\(name)`"
                if let guess = NameSuggestion.closest(to: key, among: columns.map(\.name)) { message += "; did you mean `\(guess)`?" }
                throw .invalidInput(message + " (columns: \(columns.map(\.name).joined(separator: ", ")))")
            }
            guard column.isPhysical else {
                throw .invalidInput("PARTITIONED BY column `\(key)` of table `\(name)` is a computed column; partition by a physical column")
            }
            guard !keys.contains(where: { $0.lowercased() == key.lowercased() }) else {
                throw .invalidInput("PARTITIONED BY lists column `\(key)` of table `\(name)` twice")
            }
            keys.append(column.name)
        }
        return keys
    }

    private func watermark(_ d: CreateTable, _ columns: [CatalogTable.Column]) throws(SluiceError) -> (column: String, delayMicros: Int64)? {
        guard let w = d.watermark else { return nil }
        let name = d.name.last ?? ""
        guard w.column.count == 1 else {
            throw .unsupported("WATERMARK FOR a nested field (`\(w.column.joined(separator: "."))`) of table `\(name)`; declare a computed column for it and put the watermark on that")
        }
        guard let column = columns.first(where: { $0.name.lowercased() == w.column[0].lowercased() }) else {
            throw .invalidInput("WATERMARK FOR `\(w.column[0])`: table `\(name)` has no such column (columns: \(columns.map(\.name).joined(separator: ", ")))")
        }
        guard case .timestamp = column.type else {
            if case .timestampLTZ = column.type {} else {
                throw .invalidInput("WATERMARK FOR `\(column.name)` of table `\(name)`: the column is \(column.type), but a rowtime must be TIMESTAMP(3) or TIMESTAMP_LTZ(3)")
            }
            return (column.name, try delay(w.expression, column: column.name, table: name))
        }
        return (column.name, try delay(w.expression, column: column.name, table: name))
    }

    /// `ts` (no delay) or `ts - INTERVAL '…' unit`.
    private func delay(_ e: Expression, column: String, table: String) throws(SluiceError) -> Int64 {
        func isColumn(_ x: Expression) -> Bool {
            if case .identifier(let p, _) = x { return p.count == 1 && p[0].lowercased() == column.lowercased() }
            return false
        }
        if isColumn(e) { return 0 }
        if case .binary(.subtract, let l, .literal(let lit)) = e, isColumn(l), case .interval = lit,
           case .literal(.intervalDayTime(let us), _) = try LiteralBinder.bind(lit), us >= 0 {
            return us
        }
        throw .unsupported("WATERMARK FOR `\(column)` AS \(e) on table `\(table)`: Sluice supports `\(column)` and `\(column) - INTERVAL '…' unit` (bounded out-of-orderness)")
    }

    private func primaryKey(_ d: CreateTable, _ columns: [CatalogTable.Column]) throws(SluiceError) -> [String] {
        for k in d.primaryKey where !columns.contains(where: { $0.name.lowercased() == k.lowercased() }) {
            throw .invalidInput("PRIMARY KEY column `\(k)` is not a column of table `\(d.name.last ?? "")`")
        }
        return d.primaryKey
    }
}
