/// Unparsing statements to Flink SQL; parsing the text gives back an equal statement.
extension Statement: CustomStringConvertible {
    public var description: String {
        switch self {
        case .createTable(let table): return table.description
        case .createView(let view):
            return "CREATE " + (view.temporary ? "TEMPORARY " : "") + "VIEW " + (view.ifNotExists ? "IF NOT EXISTS " : "")
                + SQLText.name(view.name) + (view.columns.isEmpty ? "" : " (" + names(view.columns) + ")")
                + " AS " + view.query.description
        case .createFunction(let f):
            return "CREATE " + (f.temporary ? "TEMPORARY " : "") + (f.system ? "SYSTEM " : "") + "FUNCTION "
                + (f.ifNotExists ? "IF NOT EXISTS " : "") + SQLText.name(f.name) + " AS " + SQLText.string(f.className)
                + (f.language.map { " LANGUAGE " + $0 } ?? "")
        case .drop(let drop):
            return "DROP " + (drop.temporary ? "TEMPORARY " : "") + drop.kind.rawValue + " "
                + (drop.ifExists ? "IF EXISTS " : "") + SQLText.name(drop.name)
        case .insert(let insert):
            return "INSERT " + (insert.overwrite ? "OVERWRITE " : "INTO ") + SQLText.name(insert.table)
                + (insert.columns.isEmpty ? "" : " (" + names(insert.columns) + ")") + " " + insert.query.description
        case .query(let query): return query.description
        case .set(let key?, let value?): return "SET " + SQLText.string(key) + " = " + SQLText.string(value)
        case .set: return "SET"
        case .reset(let key): return "RESET" + (key.map { " " + SQLText.string($0) } ?? "")
        case .explain(let statement, let details):
            return "EXPLAIN " + (details.isEmpty ? "" : details.joined(separator: ", ") + " ") + statement.description
        case .show(let kind): return "SHOW " + kind.rawValue
        case .describe(let name): return "DESCRIBE " + SQLText.name(name)
        }
    }

    /// A script of statements, one per paragraph, each ended by `;`.
    public static func script(_ statements: [Statement]) -> String {
        statements.map { $0.description + ";\n" }.joined(separator: "\n")
    }
}

extension CreateTable: CustomStringConvertible {
    public var description: String {
        var elements = columns.map(\.description)
        if let watermark {
            elements.append("WATERMARK FOR " + SQLText.name(watermark.column) + " AS " + watermark.expression.description)
        }
        if !primaryKey.isEmpty { elements.append("PRIMARY KEY (" + names(primaryKey) + ") NOT ENFORCED") }
        var text = "CREATE " + (temporary ? "TEMPORARY " : "") + "TABLE " + (ifNotExists ? "IF NOT EXISTS " : "")
        text += SQLText.name(name) + " (\n  " + elements.joined(separator: ",\n  ") + "\n)"
        if let comment { text += " COMMENT " + SQLText.string(comment) }
        if !partitionedBy.isEmpty { text += " PARTITIONED BY (" + names(partitionedBy) + ")" }
        if !options.isEmpty {
            text += " WITH (\n  " + options.map { SQLText.string($0.key) + " = " + SQLText.string($0.value) }
                .joined(separator: ",\n  ") + "\n)"
        }
        return text
    }
}

extension ColumnDefinition: CustomStringConvertible {
    public var description: String {
        var text = SQLText.identifier(name)
        switch kind {
        case .physical(let type): text += " " + type.description
        case .computed(let expression): text += " AS " + expression.description
        }
        if let comment { text += " COMMENT " + SQLText.string(comment) }
        return text
    }
}
