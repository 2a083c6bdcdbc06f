import SluiceColumnar

extension Parser {
    /// `a.b.c`, `t.*`, or a call `f(…)` / `db.f(…)` with DISTINCT, `*`, FILTER and OVER.
    func parseNameOrCall() throws(SluiceError) -> Expression {
        let position = SQLPosition(current.position)
        if let k = current.keyword, Parser.reservedFunctionNames.contains(k), peek().isSymbol("("),
           case .word(let w) = advance().kind {
            return .function(try parseCall(name: [w], at: position))
        }
        var path = [try identifier("a column or function name")]
        while atSymbol(".") {
            advance()
            if acceptSymbol("*") { return .star(qualifier: path) }
            path.append(try identifier("a field name after '.'"))
        }
        if atSymbol("(") {
            return .function(try parseCall(name: path, at: position))
        }
        if path.count == 1, Parser.niladicFunctions.contains(path[0].uppercased()), case .word = tokenBefore.kind {
            return .function(FunctionCall(name: path, arguments: [], at: position))
        }
        return .identifier(path, at: position)
    }

    private var tokenBefore: Token { peek(-1) }

    private func parseCall(name: [String], at position: SQLPosition) throws(SluiceError) -> FunctionCall {
        try expectSymbol("(")
        var call = FunctionCall(name: name, arguments: [], at: position)
        if !atSymbol(")") {
            if accept("DISTINCT") {
                call.distinct = true
            } else {
                _ = accept("ALL")
            }
            if peek().isSymbol("=>") {
                throw SQLError.unsupported(at: current.position, "named arguments (`=>`)", hint: "pass the arguments by position")
            }
            call.arguments = try parseArguments(of: call.upperName)
        }
        try expectSymbol(")", context: "to close the arguments of \(name.joined(separator: "."))")
        if at("FILTER") && peek().isSymbol("(") {
            advance()
            advance()
            try expect("WHERE")
            call.filter = try parseExpression()
            try expectSymbol(")", context: "to close FILTER (WHERE …)")
        }
        if at("WITHIN") || (at("IGNORE") || at("RESPECT")) && peek().isKeyword("NULLS") {
            throw SQLError.unsupported(at: current.position, "\(current.keyword!) … on an aggregate call")
        }
        if accept("OVER") {
            guard acceptSymbol("(") else {
                if atIdentifier {
                    throw SQLError.unsupported(at: current.position, "a named window in OVER", hint: "write the window as OVER (PARTITION BY … ORDER BY …)")
                }
                throw SQLError.expected("'(' after OVER", found: current)
            }
            call.over = try parseWindowSpecification()
            try expectSymbol(")", context: "to close OVER (…)")
        }
        return call
    }

    static let timeUnits: Set<String> = [
        "YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "HOUR", "MINUTE", "SECOND", "MILLISECOND", "MICROSECOND",
        "NANOSECOND",
    ]

    /// The comma-separated arguments, with the time-unit forms `TIMESTAMPADD(HOUR, …)`,
    /// `TIMESTAMPDIFF(DAY, …)` and `FLOOR(x TO HOUR)` / `CEIL(x TO DAY)`.
    private func parseArguments(of function: String) throws(SluiceError) -> [Expression] {
        var arguments: [Expression] = []
        if function == "TIMESTAMPADD" || function == "TIMESTAMPDIFF",
           let unit = current.keyword, Parser.timeUnits.contains(unit), peek().isSymbol(",") {
            advance()
            arguments.append(.timeUnit(unit))
            advance()
        }
        arguments += try commaSeparated(parseExpression)
        if ["FLOOR", "CEIL", "CEILING"].contains(function), arguments.count == 1, accept("TO") {
            guard let unit = current.keyword, Parser.timeUnits.contains(unit) else {
                throw SQLError.expected("a time unit such as HOUR or DAY after TO", found: current,
                                        keywords: Array(Parser.timeUnits))
            }
            advance()
            arguments.append(.timeUnit(unit))
        }
        return arguments
    }

    private func parseWindowSpecification() throws(SluiceError) -> WindowSpecification {
        var spec = WindowSpecification()
        if accept("PARTITION") {
            try expect("BY")
            spec.partitionBy = try commaSeparated(parseExpression)
        }
        if accept("ORDER") {
            try expect("BY")
            spec.orderBy = try commaSeparated(parseOrderItem)
        }
        if let k = current.keyword, let unit = WindowFrame.Unit(rawValue: k) {
            advance()
            if accept("BETWEEN") {
                let start = try frameBound()
                try expect("AND")
                spec.frame = WindowFrame(unit: unit, start: start, end: try frameBound())
            } else {
                spec.frame = WindowFrame(unit: unit, start: try frameBound())
            }
        }
        return spec
    }

    private func frameBound() throws(SluiceError) -> WindowFrame.Bound {
        if accept(["UNBOUNDED", "PRECEDING"]) { return .unboundedPreceding }
        if accept(["UNBOUNDED", "FOLLOWING"]) { return .unboundedFollowing }
        if accept(["CURRENT", "ROW"]) { return .currentRow }
        let offset = try parseConcat()
        if accept("PRECEDING") { return .preceding(offset) }
        if accept("FOLLOWING") { return .following(offset) }
        throw SQLError.expected("PRECEDING or FOLLOWING", found: current, keywords: ["PRECEDING", "FOLLOWING"])
    }
}
