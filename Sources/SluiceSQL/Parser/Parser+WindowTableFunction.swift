import SluiceColumnar

extension Parser {
    private static let windowFunctions = ["TUMBLE", "HOP", "CUMULATE", "SESSION"]

    /// `TUMBLE|HOP|CUMULATE|SESSION(TABLE t [PARTITION BY …], DESCRIPTOR(col), interval, …)`,
    /// inside `TABLE(…)`.
    func parseWindowTableFunction() throws(SluiceError) -> WindowTableFunction {
        let start = current.position
        guard let name = current.keyword, Parser.windowFunctions.contains(name) else {
            if case .word(let w) = current.kind, NameSuggestion.closest(to: w, among: Parser.windowFunctions) == nil {
                throw SQLError.unsupported(at: start, "table function \(w)",
                                           hint: "Sluice supports the window table functions TUMBLE, HOP, CUMULATE and SESSION")
            }
            throw SQLError.expected("TUMBLE, HOP, CUMULATE or SESSION", found: current, keywords: Parser.windowFunctions)
        }
        advance()
        try expectSymbol("(", context: "after \(name)")
        if peek().isSymbol("=>") {
            throw SQLError.unsupported(at: current.position, "named arguments (`=>`) in \(name)",
                                       hint: "pass the arguments by position")
        }
        try expect("TABLE")
        let table = try compoundName("the input table of \(name)")
        var partitionBy: [Expression] = []
        if accept("PARTITION") {
            try expect("BY")
            guard name == "SESSION" else {
                throw SQLError.syntax(at: start, "PARTITION BY is only allowed in SESSION windows, not in \(name)")
            }
            partitionBy = try sessionKeys()
        }
        try expectSymbol(",", context: "after TABLE \(table.joined(separator: "."))")
        try expect("DESCRIPTOR")
        try expectSymbol("(", context: "after DESCRIPTOR")
        let timeColumn = try identifier("the time attribute column")
        try expectSymbol(")", context: "to close DESCRIPTOR(…)")
        var arguments: [Expression] = []
        while acceptSymbol(",") { arguments.append(try parseExpression()) }
        let close = try expectSymbol(")", context: "to close \(name)(…)")
        let kind: WindowTableFunction.Kind
        let offsetAllowed: Bool
        switch (name, arguments.count) {
        case ("TUMBLE", 1...2):
            kind = .tumble(size: arguments[0])
            offsetAllowed = true
        case ("HOP", 2...3):
            kind = .hop(slide: arguments[0], size: arguments[1])
            offsetAllowed = true
        case ("CUMULATE", 2...3):
            kind = .cumulate(step: arguments[0], size: arguments[1])
            offsetAllowed = true
        case ("SESSION", 1):
            kind = .session(gap: arguments[0])
            offsetAllowed = false
        default:
            let usage = [
                "TUMBLE": "TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset])",
                "HOP": "HOP(TABLE t, DESCRIPTOR(ts), slide, size [, offset])",
                "CUMULATE": "CUMULATE(TABLE t, DESCRIPTOR(ts), step, size [, offset])",
                "SESSION": "SESSION(TABLE t [PARTITION BY k], DESCRIPTOR(ts), gap)",
            ][name]!
            throw SQLError.syntax(at: close.position, "\(name) got \(arguments.count) interval argument\(arguments.count == 1 ? "" : "s"); write it as \(usage)")
        }
        let offsetIndex = name == "TUMBLE" ? 1 : 2
        let offset = offsetAllowed && arguments.count > offsetIndex ? arguments[offsetIndex] : nil
        return WindowTableFunction(kind, table: table, partitionBy: partitionBy, timeColumn: timeColumn,
                                   offset: offset)
    }

    /// `k`, `k1, k2` (up to the DESCRIPTOR argument) or `(k1, k2)`.
    private func sessionKeys() throws(SluiceError) -> [Expression] {
        if acceptSymbol("(") {
            let keys = try commaSeparated(parseExpression)
            try expectSymbol(")", context: "to close the PARTITION BY keys")
            return keys
        }
        var keys = [try parseExpression()]
        while atSymbol(","), !peek().isKeyword("DESCRIPTOR") {
            advance()
            keys.append(try parseExpression())
        }
        return keys
    }
}
