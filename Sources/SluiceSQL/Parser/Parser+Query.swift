import SluiceColumnar

extension Parser {
    /// `[WITH …] body [ORDER BY …] [LIMIT n] [OFFSET m] [FETCH FIRST n ROWS ONLY]`
    func parseQuery() throws(SluiceError) -> Query {
        var with: [CommonTableExpression] = []
        if accept("WITH") {
            if at("RECURSIVE") { throw SQLError.unsupported(at: current.position, "WITH RECURSIVE") }
            with = try commaSeparated { () throws(SluiceError) -> CommonTableExpression in
                let name = try identifier("a WITH query name")
                var columns: [String] = []
                if atSymbol("(") { columns = try identifierList("a column name") }
                try expect("AS")
                try expectSymbol("(", context: "before the WITH query")
                let query = try parseQuery()
                try expectSymbol(")", context: "to close the WITH query `\(name)`")
                return CommonTableExpression(name: name, columns: columns, query: query)
            }
        }
        let body = try parseSetOperations()
        if with.isEmpty, !at("ORDER"), !at("LIMIT"), !at("OFFSET"), !at("FETCH"), case .nested(let inner) = body {
            return inner  // `((SELECT … LIMIT 1))`: the parentheses add nothing
        }
        var query = Query(with: with, body: body)
        if accept("ORDER") {
            try expect("BY")
            query.orderBy = try commaSeparated(parseOrderItem)
        }
        if accept("LIMIT") { query.limit = try parseExpression() }
        if accept("OFFSET") {
            query.offset = try parseExpression()
            _ = accept("ROWS") || accept("ROW")
        }
        if accept("FETCH") {
            guard accept("FIRST") || accept("NEXT") else {
                throw SQLError.expected("FIRST or NEXT", found: current, keywords: ["FIRST", "NEXT"])
            }
            query.limit = try parseExpression()
            guard accept("ROWS") || accept("ROW") else { throw SQLError.expected("ROWS", found: current, keywords: ["ROWS"]) }
            try expect("ONLY")
        }
        return query
    }

    /// Query terms joined by UNION / INTERSECT / EXCEPT, left to right.
    private func parseSetOperations() throws(SluiceError) -> QueryBody {
        var body = try parseQueryTerm()
        while true {
            let op: SetOperator
            if accept("UNION") {
                op = .union
            } else if accept("INTERSECT") {
                op = .intersect
            } else if accept("EXCEPT") || accept("MINUS") {
                op = .except
            } else {
                return body
            }
            let all = accept("ALL")
            if !all { _ = accept("DISTINCT") }
            body = .setOperation(op, all: all, body, try parseQueryTerm())
        }
    }

    private func parseQueryTerm() throws(SluiceError) -> QueryBody {
        if at("SELECT") { return .select(try parseSelect()) }
        if accept("VALUES") {
            return .values(try commaSeparated { () throws(SluiceError) -> [Expression] in
                if acceptSymbol("(") {
                    let row = try commaSeparated(parseExpression)
                    try expectSymbol(")", context: "to close the VALUES row")
                    return row
                }
                return [try parseExpression()]
            })
        }
        if acceptSymbol("(") {
            let query = try parseQuery()
            try expectSymbol(")", context: "to close the parenthesised query")
            if query.with.isEmpty && query.orderBy.isEmpty && query.limit == nil && query.offset == nil {
                return query.body
            }
            return .nested(query)
        }
        throw SQLError.expected("SELECT, VALUES or '('", found: current, keywords: ["SELECT", "VALUES", "WITH"])
    }

    private func parseSelect() throws(SluiceError) -> Select {
        try expect("SELECT")
        var select = Select(items: [])
        if accept("DISTINCT") {
            select.distinct = true
        } else {
            _ = accept("ALL")
        }
        select.items = try commaSeparated(parseSelectItem)
        if accept("FROM") { select.from = try parseFrom() }
        if accept("WHERE") { select.whereClause = try parseExpression() }
        if accept("GROUP") {
            try expect("BY")
            if let k = current.keyword, ["GROUPING", "ROLLUP", "CUBE"].contains(k), peek().isSymbol("(") || k == "GROUPING" {
                throw SQLError.unsupported(at: current.position, "GROUP BY \(k)")
            }
            select.groupBy = try commaSeparated(parseExpression)
        }
        if accept("HAVING") { select.having = try parseExpression() }
        if at("WINDOW") { throw SQLError.unsupported(at: current.position, "a named WINDOW clause") }
        return select
    }

    private func parseSelectItem() throws(SluiceError) -> SelectItem {
        let expression = try parseExpression()
        if accept("AS") { return SelectItem(expression, alias: try identifier("an alias after AS")) }
        return SelectItem(expression, alias: try implicitAlias())
    }

    /// An alias written without AS, if one follows. A word that cannot be an alias because of what
    /// follows it and that looks like a misspelt clause keyword (`FORM`, `WEHRE`) is reported as such.
    func implicitAlias() throws(SluiceError) -> String? {
        guard atIdentifier else { return nil }
        let aliasToken = current
        let next = peek()
        let nextCanFollow: Bool
        switch next.kind {
        case .word: nextCanFollow = Keywords.reserved.contains(next.keyword!)
        case .symbol(let s): nextCanFollow = [",", ")", ";", "("].contains(s)
        case .endOfInput: nextCanFollow = true
        case .quotedIdentifier, .string, .number: nextCanFollow = false
        }
        if !nextCanFollow, case .word(let word) = aliasToken.kind,
           let keyword = NameSuggestion.closest(to: word, among: Keywords.clauses), keyword != "AS" {
            throw SQLError.expected(keyword, found: aliasToken, keywords: [keyword])
        }
        return try identifier("an alias")
    }

    func parseOrderItem() throws(SluiceError) -> OrderItem {
        var item = OrderItem(try parseExpression())
        if accept("ASC") {
            item.ascending = true
        } else if accept("DESC") {
            item.ascending = false
        }
        if accept("NULLS") {
            if accept("FIRST") {
                item.nullsFirst = true
            } else if accept("LAST") {
                item.nullsFirst = false
            } else {
                throw SQLError.expected("FIRST or LAST after NULLS", found: current, keywords: ["FIRST", "LAST"])
            }
        }
        return item
    }
}
