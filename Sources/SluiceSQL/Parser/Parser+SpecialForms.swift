import SluiceColumnar

/// Functions with keyword syntax inside their parentheses; each method starts after the `(`.
extension Parser {
    /// `CAST(x AS type [NOT NULL])`, `TRY_CAST(…)`.
    func parseCast(isTry: Bool) throws(SluiceError) -> Expression {
        let value = try parseExpression()
        try expect("AS")
        var type = try parseType()
        if accept(["NOT", "NULL"]) { type.nullable = false }
        try expectSymbol(")", context: "to close \(isTry ? "TRY_CAST" : "CAST")")
        return .cast(value, type, isTry: isTry)
    }

    /// `EXTRACT(unit FROM x)`
    func parseExtract() throws(SluiceError) -> Expression {
        guard let unit = current.keyword else {
            throw SQLError.expected("a time unit such as YEAR or HOUR", found: current)
        }
        advance()
        try expect("FROM")
        let value = try parseExpression()
        try expectSymbol(")", context: "to close EXTRACT")
        return .extract(unit: unit, from: value)
    }

    /// `POSITION(needle IN haystack)`, kept as a call of POSITION with two arguments.
    func parsePosition() throws(SluiceError) -> Expression {
        let needle = try parseConcat()
        try expect("IN")
        let haystack = try parseExpression()
        try expectSymbol(")", context: "to close POSITION")
        return .function(FunctionCall(name: ["POSITION"], arguments: [needle, haystack]))
    }

    /// `SUBSTRING(s FROM start [FOR length])` or `SUBSTRING(s, start [, length])`, kept as a call.
    func parseSubstring() throws(SluiceError) -> Expression {
        var arguments = [try parseExpression()]
        if accept("FROM") {
            arguments.append(try parseExpression())
            if accept("FOR") { arguments.append(try parseExpression()) }
        } else {
            while acceptSymbol(",") { arguments.append(try parseExpression()) }
        }
        try expectSymbol(")", context: "to close SUBSTRING")
        return .function(FunctionCall(name: ["SUBSTRING"], arguments: arguments))
    }

    /// After `TRIM(`: `[BOTH|LEADING|TRAILING] [chars] FROM s)` or `s)`.
    func parseTrim() throws(SluiceError) -> Expression {
        var mode: TrimMode?
        if let k = current.keyword, let m = TrimMode(rawValue: k) {
            mode = m
            advance()
        }
        var characters: Expression?
        let source: Expression
        if accept("FROM") {
            source = try parseExpression()
        } else {
            let first = try parseExpression()
            if accept("FROM") {
                characters = first
                source = try parseExpression()
            } else if mode == nil {
                source = first
            } else {
                throw SQLError.expected("FROM", found: current, keywords: ["FROM"])
            }
        }
        try expectSymbol(")", context: "to close TRIM")
        return .trim(mode, characters: characters, from: source)
    }
}
