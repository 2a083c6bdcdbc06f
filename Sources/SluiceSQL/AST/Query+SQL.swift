/// Unparsing queries and FROM clauses to Flink SQL (one line; parsing it gives back an equal tree).
extension Query: CustomStringConvertible {
    public var description: String {
        var parts: [String] = []
        if !with.isEmpty {
            parts.append("WITH " + with.map { cte in
                SQLText.identifier(cte.name) + (cte.columns.isEmpty ? "" : " (" + names(cte.columns) + ")")
                    + " AS (" + cte.query.description + ")"
            }.joined(separator: ", "))
        }
        parts.append(body.description)
        if !orderBy.isEmpty { parts.append("ORDER BY " + orderBy.map(\.description).joined(separator: ", ")) }
        if let limit { parts.append("LIMIT " + limit.description) }
        if let offset { parts.append("OFFSET " + offset.description) }
        return parts.joined(separator: " ")
    }
}

extension QueryBody: CustomStringConvertible {
    public var description: String {
        switch self {
        case .select(let select): return select.description
        case .setOperation(let op, let all, let left, let right):
            var rightText = right.description
            if case .setOperation = right { rightText = "(" + rightText + ")" }
            return left.description + " " + op.rawValue + (all ? " ALL " : " ") + rightText
        case .values(let rows):
            return "VALUES " + rows.map { "(" + $0.map(\.description).joined(separator: ", ") + ")" }
                .joined(separator: ", ")
        case .nested(let query): return "(" + query.description + ")"
        }
    }
}

extension Select: CustomStringConvertible {
    public var description: String {
        var text = "SELECT " + (distinct ? "DISTINCT " : "")
        text += items.map { item in
            item.expression.description + (item.alias.map { " AS " + SQLText.identifier($0) } ?? "")
        }.joined(separator: ", ")
        if let from { text += " FROM " + from.description }
        if let whereClause { text += " WHERE " + whereClause.description }
        if !groupBy.isEmpty { text += " GROUP BY " + groupBy.map(\.description).joined(separator: ", ") }
        if let having { text += " HAVING " + having.description }
        return text
    }
}

extension TableReference: CustomStringConvertible {
    public var description: String {
        switch self {
        case .table(let name, let alias, let asOf, _):
            return SQLText.name(name) + (asOf.map { " FOR SYSTEM_TIME AS OF " + $0.description } ?? "")
                + aliasText(alias)
        case .subquery(let query, let alias):
            return "(" + query.description + ")" + aliasText(alias)
        case .windowFunction(let function, let alias):
            return "TABLE(" + function.description + ")" + aliasText(alias)
        case .join(let kind, let left, let right, let condition):
            var leftText = left.description
            if kind != .comma, case .join(.comma, _, _, _) = left { leftText = "(" + leftText + ")" }
            var rightText = right.description
            if case .join = right { rightText = "(" + rightText + ")" }
            var text = leftText + (kind == .comma ? ", " : " " + kind.rawValue + " ") + rightText
            switch condition {
            case .on(let e)?: text += " ON " + e.description
            case .using(let columns)?: text += " USING (" + names(columns) + ")"
            case nil: break
            }
            return text
        }
    }
}

extension WindowTableFunction: CustomStringConvertible {
    public var description: String {
        var text = kind.name + "(TABLE " + SQLText.name(table)
        if partitionBy.count == 1 { text += " PARTITION BY " + partitionBy[0].description }
        if partitionBy.count > 1 { text += " PARTITION BY (" + partitionBy.map(\.description).joined(separator: ", ") + ")" }
        text += ", DESCRIPTOR(" + SQLText.identifier(timeColumn) + ")"
        switch kind {
        case .tumble(let size): text += ", " + size.description
        case .hop(let slide, let size): text += ", " + slide.description + ", " + size.description
        case .cumulate(let step, let size): text += ", " + step.description + ", " + size.description
        case .session(let gap): text += ", " + gap.description
        }
        if let offset { text += ", " + offset.description }
        return text + ")"
    }
}

private func aliasText(_ alias: TableAlias?) -> String {
    guard let alias else { return "" }
    return " AS " + SQLText.identifier(alias.name) + (alias.columns.isEmpty ? "" : " (" + names(alias.columns) + ")")
}

func names(_ list: [String]) -> String {
    list.map(SQLText.identifier).joined(separator: ", ")
}
