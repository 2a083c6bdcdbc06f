import SluiceColumnar

extension Parser {
    /// Functions that Flink calls without parentheses.
    static let niladicFunctions: Set<String> = [
        "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIMESTAMP", "LOCALTIME",
    ]

    /// Reserved words that are also function names when a parenthesis follows: `LEFT(s, 3)`.
    static let reservedFunctionNames: Set<String> = ["LEFT", "RIGHT"]

    /// Literals, names, function calls, parenthesised expressions and the special forms
    /// (CASE, CAST, EXTRACT, TRIM, POSITION, SUBSTRING, INTERVAL, typed literals, EXISTS).
    func parsePrimary() throws(SluiceError) -> Expression {
        let token = current
        switch token.kind {
        case .number(let n):
            advance()
            return .literal(.number(n))
        case .string(let s):
            advance()
            return .literal(.string(s))
        case .quotedIdentifier:
            return try parseNameOrCall()
        case .symbol("("):
            advance()
            if at("SELECT") || at("WITH") || at("VALUES") {
                let query = try parseQuery()
                try expectSymbol(")", context: "to close the subquery")
                return .scalarSubquery(query)
            }
            // `((SELECT …) UNION …)` is a subquery, `((SELECT …) + 1)` an expression.
            if atSymbol("("), let query = attempt({ () throws(SluiceError) -> Query in
                let query = try parseQuery()
                try expectSymbol(")")
                return query
            }) {
                return .scalarSubquery(query)
            }
            let inner = try parseExpression()
            if atSymbol(",") {
                throw SQLError.unsupported(at: current.position, "a row value `(a, b, …)`")
            }
            try expectSymbol(")", context: "to close the parenthesis")
            return inner
        case .symbol("*"):
            advance()
            return .star(qualifier: [])
        case .symbol("?"):
            throw SQLError.unsupported(at: token.position, "a dynamic parameter `?`")
        case .word:
            let word = token.keyword!
            if let special = try parseKeywordForm(word) { return special }
            if Keywords.reserved.contains(word) && !(Parser.reservedFunctionNames.contains(word) && peek().isSymbol("(")) {
                if peek(-1).isSymbol(",") {
                    throw SQLError.syntax(at: token.position, "expected an expression but found \(token.quoted); is there an extra ',' before it?")
                }
                throw SQLError.expected("an expression", found: token)
            }
            return try parseNameOrCall()
        default:
            throw SQLError.expected("an expression", found: token)
        }
    }

    /// The forms introduced by a keyword, or nil when `word` does not start one here.
    private func parseKeywordForm(_ word: String) throws(SluiceError) -> Expression? {
        let next = peek()
        switch word {
        case "NULL": advance(); return .literal(.null)
        case "TRUE": advance(); return .literal(.boolean(true))
        case "FALSE": advance(); return .literal(.boolean(false))
        case "CASE": return try parseCase()
        case "CAST" where next.isSymbol("("), "TRY_CAST" where next.isSymbol("("):
            advance(); advance()
            return try parseCast(isTry: word == "TRY_CAST")
        case "EXTRACT" where next.isSymbol("("):
            advance(); advance()
            return try parseExtract()
        case "TRIM" where next.isSymbol("("):
            advance(); advance()
            return try parseTrim()
        case "POSITION" where next.isSymbol("("):
            advance(); advance()
            return try parsePosition()
        case "SUBSTRING" where next.isSymbol("(") && !peek(2).isSymbol(")"):
            advance(); advance()
            return try parseSubstring()
        case "INTERVAL":
            advance()
            return try parseIntervalLiteral()
        case "DATE", "TIME", "TIMESTAMP":
            guard case .string(let text) = next.kind else { return nil }
            advance(); advance()
            return .literal(word == "DATE" ? .date(text) : word == "TIME" ? .time(text) : .timestamp(text))
        case "EXISTS":
            advance()
            try expectSymbol("(", context: "after EXISTS")
            let query = try parseQuery()
            try expectSymbol(")", context: "to close the EXISTS subquery")
            return .exists(query)
        case "ARRAY" where next.isSymbol("[") || next.isSymbol("("), "MAP" where next.isSymbol("[") || next.isSymbol("("):
            throw SQLError.unsupported(at: current.position, "the \(word) constructor")
        default:
            return nil
        }
    }

    private func parseCase() throws(SluiceError) -> Expression {
        try expect("CASE")
        let operand = at("WHEN") ? nil : try parseExpression()
        var branches: [CaseBranch] = []
        while accept("WHEN") {
            let condition = try parseExpression()
            try expect("THEN")
            branches.append(CaseBranch(condition, try parseExpression()))
        }
        guard !branches.isEmpty else {
            throw SQLError.expected("WHEN", found: current, keywords: ["WHEN"])
        }
        let otherwise = accept("ELSE") ? try parseExpression() : nil
        try expect("END", alternatives: ["WHEN", "ELSE"])
        return .caseWhen(operand: operand, branches: branches, otherwise: otherwise)
    }

    /// After `INTERVAL`: `'10' SECOND`, `'2-3' YEAR TO MONTH`, `10 MINUTE`.
    private func parseIntervalLiteral() throws(SluiceError) -> Expression {
        let text: String
        switch current.kind {
        case .string(let s), .number(let s):
            text = s
            advance()
        default:
            throw SQLError.expected("the interval's value in quotes, as in INTERVAL '10' SECOND", found: current)
        }
        return .literal(.interval(text, try intervalQualifier()))
    }

    /// `unit [TO unit]`; plural units (`SECONDS`) are accepted as Flink accepts them.
    func intervalQualifier() throws(SluiceError) -> IntervalQualifier {
        let start = try intervalUnit()
        if accept("TO") { return IntervalQualifier(start, to: try intervalUnit()) }
        return IntervalQualifier(start)
    }

    private func intervalUnit() throws(SluiceError) -> IntervalQualifier.Unit {
        let names = IntervalQualifier.Unit.allCases.map(\.rawValue)
        guard var word = current.keyword else {
            throw SQLError.expected("an interval unit (" + names.joined(separator: ", ") + ")", found: current)
        }
        if word.hasSuffix("S") { word.removeLast() }
        guard let unit = IntervalQualifier.Unit(rawValue: word) else {
            throw SQLError.expected("an interval unit (" + names.joined(separator: ", ") + ")", found: current,
                                    keywords: names)
        }
        advance()
        if atSymbol("("), case .number = peek().kind, peek(2).isSymbol(")") {
            throw SQLError.unsupported(at: current.position, "an interval unit precision such as SECOND(3)")
        }
        return unit
    }
}
