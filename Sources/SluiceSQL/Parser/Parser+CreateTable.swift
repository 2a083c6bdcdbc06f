import SluiceColumnar

extension Parser {
    /// `TABLE [IF NOT EXISTS] name (elements) [COMMENT '…'] [PARTITIONED BY (…)] [WITH (…)]`,
    /// after `CREATE [TEMPORARY]`.
    func parseCreateTable(temporary: Bool) throws(SluiceError) -> CreateTable {
        try expect("TABLE")
        let ifNotExists = accept(["IF", "NOT", "EXISTS"])
        var table = CreateTable(name: try compoundName("a table name"), temporary: temporary,
                                ifNotExists: ifNotExists, columns: [])
        if at("AS") || at("LIKE") || at("WITH") {
            throw unsupportedDerivedTable()
        }
        try expectSymbol("(", context: "to start the column list")
        repeat {
            try parseTableElement(into: &table)
        } while acceptSymbol(",")
        try expectSymbol(")", context: "to close the column list (or ',' before the next column)")
        if accept("COMMENT") { table.comment = try stringLiteral("the table comment") }
        if accept("PARTITIONED") {
            try expect("BY")
            table.partitionedBy = try identifierList("a partition column")
        }
        if accept("WITH") {
            try expectSymbol("(", context: "to start the table options")
            table.options = try commaSeparated { () throws(SluiceError) -> TableOption in
                let key = try stringLiteral("an option key")
                try expectSymbol("=", context: "between the option key and its value")
                return TableOption(key, try stringLiteral("the value of option '\(key)'"))
            }
            try expectSymbol(")", context: "to close the table options")
        }
        if at("LIKE") || at("AS") { throw unsupportedDerivedTable() }
        return table
    }

    /// `CREATE TABLE … AS SELECT` and `CREATE TABLE … LIKE`.
    private func unsupportedDerivedTable() -> SluiceError {
        let what = at("LIKE") ? "CREATE TABLE … LIKE" : "CREATE TABLE … AS SELECT"
        return SQLError.unsupported(at: current.position, what, hint: "declare the columns and use INSERT INTO … SELECT")
    }

    private func parseTableElement(into table: inout CreateTable) throws(SluiceError) {
        let start = current.position
        if accept("WATERMARK") {
            guard table.watermark == nil else {
                throw SQLError.syntax(at: start, "a table can have only one WATERMARK definition")
            }
            try expect("FOR")
            var column = [try identifier("the event-time column")]
            while acceptSymbol(".") { column.append(try identifier("a nested field")) }
            try expect("AS")
            table.watermark = WatermarkDefinition(column: column, expression: try parseExpression())
            return
        }
        if accept("CONSTRAINT") { _ = try identifier("a constraint name") }
        if at("PRIMARY") {
            try setPrimaryKey(&table, start) { () throws(SluiceError) -> [String] in
                try identifierList("a primary key column")
            }
            return
        }
        table.columns.append(try parseColumn(into: &table))
    }

    private func parseColumn(into table: inout CreateTable) throws(SluiceError) -> ColumnDefinition {
        let start = current.position
        let name = try identifier("a column name, WATERMARK or PRIMARY KEY")
        if table.columns.contains(where: { $0.name == name }) {
            throw SQLError.syntax(at: start, "column `\(name)` is defined twice")
        }
        if accept("AS") {
            let expression = try parseExpression()
            return ColumnDefinition(name, .computed(expression), comment: try columnComment())
        }
        var type = try parseType()
        if at("METADATA") {
            throw SQLError.unsupported(at: current.position, "metadata column `\(name)`",
                                       hint: "declare it as a physical column or remove it")
        }
        if accept("NOT") {
            try expect("NULL")
            type.nullable = false
        } else {
            _ = accept("NULL")
        }
        if at("PRIMARY") || at("CONSTRAINT") {
            if accept("CONSTRAINT") { _ = try identifier("a constraint name") }
            try setPrimaryKey(&table, current.position) { () throws(SluiceError) -> [String] in [name] }
        }
        return ColumnDefinition(name, .physical(type), comment: try columnComment())
    }

    private func columnComment() throws(SluiceError) -> String? {
        accept("COMMENT") ? try stringLiteral("the column comment") : nil
    }

    /// `PRIMARY KEY [(cols)] NOT ENFORCED`; Flink accepts only NOT ENFORCED, and so does Sluice.
    private func setPrimaryKey(_ table: inout CreateTable, _ start: SourcePosition,
                               columns: () throws(SluiceError) -> [String]) throws(SluiceError) {
        try expect(["PRIMARY", "KEY"])
        guard table.primaryKey.isEmpty else {
            throw SQLError.syntax(at: start, "a table can have only one PRIMARY KEY")
        }
        table.primaryKey = try columns()
        guard accept(["NOT", "ENFORCED"]) else {
            throw SQLError.expected("NOT ENFORCED after PRIMARY KEY (Flink and Sluice do not own the data, so only NOT ENFORCED keys are supported)",
                                    found: current, keywords: ["NOT"])
        }
    }
}
