import SluiceColumnar

extension Parser {
    /// `table_ref (',' table_ref)*`, where each table_ref may carry joins.
    func parseFrom() throws(SluiceError) -> TableReference {
        var from = try parseJoinedTable()
        while acceptSymbol(",") {
            from = .join(.comma, from, try parseJoinedTable(), nil)
        }
        return from
    }

    /// A table followed by any number of `[INNER|LEFT|RIGHT|FULL] [OUTER] JOIN … ON/USING` and
    /// `CROSS JOIN …`, left to right.
    private func parseJoinedTable() throws(SluiceError) -> TableReference {
        var left = try parseTablePrimary()
        while true {
            let start = current.position
            if at("NATURAL") { throw SQLError.unsupported(at: start, "NATURAL JOIN", hint: "write the join condition with ON") }
            let kind: JoinKind
            if accept(["CROSS", "JOIN"]) {
                kind = .cross
            } else if accept("JOIN") || accept(["INNER", "JOIN"]) {
                kind = .inner
            } else if accept("LEFT") {
                kind = .left
            } else if accept("RIGHT") {
                kind = .right
            } else if accept("FULL") {
                kind = .full
            } else {
                return left
            }
            if kind == .left || kind == .right || kind == .full {
                _ = accept("OUTER")
                try expect("JOIN")
            }
            if at("LATERAL") {
                throw SQLError.unsupported(at: current.position, "a LATERAL join")
            }
            let right = try parseTablePrimary()
            var condition: JoinCondition?
            if kind != .cross {
                if accept("ON") {
                    condition = .on(try parseExpression())
                } else if accept("USING") {
                    condition = .using(try identifierList("a join column"))
                } else {
                    throw SQLError.expected("ON or USING after \(kind.rawValue) \(right.shortDescription)",
                                            found: current, keywords: ["ON", "USING"])
                }
            }
            left = .join(kind, left, right, condition)
        }
    }

    private func parseTablePrimary() throws(SluiceError) -> TableReference {
        let start = current.position
        if at("LATERAL") || at("UNNEST") {
            throw SQLError.unsupported(at: start, current.keyword! == "UNNEST" ? "UNNEST" : "LATERAL TABLE")
        }
        if at("TABLE") && peek().isSymbol("(") {
            advance()
            advance()
            let function = try parseWindowTableFunction()
            try expectSymbol(")", context: "to close TABLE(…)")
            return .windowFunction(function, alias: try tableAlias())
        }
        if acceptSymbol("(") {
            if at("SELECT") || at("WITH") || at("VALUES") {
                return try parseDerivedTable()
            }
            // `((SELECT …) …)` is a parenthesised query; `((SELECT …) AS s, t)` a parenthesised
            // join starting with a subquery. Try the query first, then the join.
            if atSymbol("("), let derived = attempt(parseDerivedTable) {
                return derived
            }
            let joined = try parseFrom()
            try expectSymbol(")", context: "to close the parenthesised join")
            return joined
        }
        let position = SQLPosition(current.position)
        let name = try compoundName("a table name")
        var asOf: Expression?
        if accept("FOR") {
            try expect(["SYSTEM_TIME", "AS", "OF"])
            asOf = try parseExpression()
        }
        if at("MATCH_RECOGNIZE") { throw SQLError.unsupported(at: current.position, "MATCH_RECOGNIZE") }
        return .table(name: name, alias: try tableAlias(), systemTimeAsOf: asOf, at: position)
    }

    /// After `(`: `query) [alias]`.
    private func parseDerivedTable() throws(SluiceError) -> TableReference {
        let query = try parseQuery()
        try expectSymbol(")", context: "to close the subquery")
        return .subquery(query, alias: try tableAlias())
    }

    /// `[AS] alias [(col, …)]`, or nil when no alias follows.
    private func tableAlias() throws(SluiceError) -> TableAlias? {
        let name: String
        if accept("AS") {
            name = try identifier("an alias after AS")
        } else if let implicit = try implicitAlias() {
            name = implicit
        } else {
            return nil
        }
        var alias = TableAlias(name)
        if atSymbol("(") { alias.columns = try identifierList("a column alias") }
        return alias
    }
}

extension TableReference {
    /// A short name for messages: the table name or alias.
    var shortDescription: String {
        switch self {
        case .table(let name, let alias, _, _): return alias?.name ?? name.joined(separator: ".")
        case .subquery(_, let alias): return alias.map { "(subquery) \($0.name)" } ?? "(subquery)"
        case .windowFunction(let f, let alias): return alias?.name ?? "TABLE(\(f.kind.name)(…))"
        case .join: return "(join)"
        }
    }
}
