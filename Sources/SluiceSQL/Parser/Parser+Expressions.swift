import SluiceColumnar

/// Expression grammar by precedence climbing, loosest first:
///
///     OR  <  AND  <  NOT  <  = <> < <= > >= IS BETWEEN IN LIKE  <  ||  <  + -  <  * / %  <  unary + -
extension Parser {
    func parseExpression() throws(SluiceError) -> Expression {
        try parseOr()
    }

    private func parseOr() throws(SluiceError) -> Expression {
        var left = try parseAnd()
        while accept("OR") { left = .binary(.or, left, try parseAnd()) }
        return left
    }

    private func parseAnd() throws(SluiceError) -> Expression {
        var left = try parseNot()
        while accept("AND") { left = .binary(.and, left, try parseNot()) }
        return left
    }

    private func parseNot() throws(SluiceError) -> Expression {
        if accept("NOT") { return .unary(.not, try parseNot()) }
        return try parseComparison()
    }

    private static let comparisons: [String: BinaryOperator] = [
        "=": .equal, "<>": .notEqual, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater,
        ">=": .greaterOrEqual,
    ]

    private func parseComparison() throws(SluiceError) -> Expression {
        var left = try parseConcat()
        while true {
            if case .symbol(let s) = current.kind, let op = Parser.comparisons[s] {
                advance()
                if let k = current.keyword, k == "ANY" || k == "SOME" || k == "ALL", peek().isSymbol("(") {
                    throw SQLError.unsupported(at: current.position, "a quantified comparison (\(s) \(k) (…))",
                                               hint: "use IN or EXISTS")
                }
                left = .binary(op, left, try parseConcat())
            } else if accept("IS") {
                left = try parseIsSuffix(left)
            } else if at("NOT") && (peek().isKeyword("BETWEEN") || peek().isKeyword("IN") || peek().isKeyword("LIKE")
                                    || peek().isKeyword("SIMILAR")) {
                advance()
                left = try parseNegatablePredicate(left, negated: true)
            } else if at("BETWEEN") || at("IN") || at("LIKE") || at("SIMILAR") {
                left = try parseNegatablePredicate(left, negated: false)
            } else {
                return left
            }
        }
    }

    /// After `x IS`: `[NOT] NULL | TRUE | FALSE`.
    private func parseIsSuffix(_ operand: Expression) throws(SluiceError) -> Expression {
        let negated = accept("NOT")
        if accept("NULL") { return .isNull(operand, negated: negated) }
        if accept("TRUE") { return .isBoolean(operand, value: true, negated: negated) }
        if accept("FALSE") { return .isBoolean(operand, value: false, negated: negated) }
        if at("DISTINCT") || at("UNKNOWN") {
            throw SQLError.unsupported(at: current.position, "IS \(negated ? "NOT " : "")\(current.keyword!)")
        }
        throw SQLError.expected("NULL, TRUE or FALSE after IS\(negated ? " NOT" : "")", found: current,
                                keywords: ["NULL", "TRUE", "FALSE", "NOT"])
    }

    /// `BETWEEN low AND high`, `IN (…)`, `LIKE pattern [ESCAPE e]`, after an optional NOT.
    private func parseNegatablePredicate(_ operand: Expression, negated: Bool) throws(SluiceError) -> Expression {
        let start = current.position
        if accept("BETWEEN") {
            if at("SYMMETRIC") { throw SQLError.unsupported(at: current.position, "BETWEEN SYMMETRIC") }
            _ = accept("ASYMMETRIC")
            let low = try parseConcat()
            try expect("AND")
            return .between(operand, low: low, high: try parseConcat(), negated: negated)
        }
        if accept("IN") {
            try expectSymbol("(", context: "after IN")
            if at("SELECT") || at("WITH") || at("VALUES") {
                let query = try parseQuery()
                try expectSymbol(")", context: "to close the IN subquery")
                return .inSubquery(operand, query, negated: negated)
            }
            if atSymbol("("), let query = attempt({ () throws(SluiceError) -> Query in
                let query = try parseQuery()
                try expectSymbol(")")
                return query
            }) {
                return .inSubquery(operand, query, negated: negated)
            }
            let list = try commaSeparated(parseExpression)
            try expectSymbol(")", context: "to close the IN list")
            return .inList(operand, list, negated: negated)
        }
        if accept("LIKE") {
            let pattern = try parseConcat()
            let escape = accept("ESCAPE") ? try parseConcat() : nil
            return .like(operand, pattern: pattern, escape: escape, negated: negated)
        }
        throw SQLError.unsupported(at: start, "SIMILAR TO", hint: "use LIKE or REGEXP(s, pattern)")
    }

    private static let concatOperators: [String: BinaryOperator] = ["||": .concat]
    private static let additiveOperators: [String: BinaryOperator] = ["+": .add, "-": .subtract]
    private static let multiplicativeOperators: [String: BinaryOperator] = ["*": .multiply, "/": .divide, "%": .modulo]

    func parseConcat() throws(SluiceError) -> Expression {
        var left = try parseAdditive()
        while let op = symbolOperator(Parser.concatOperators) { left = .binary(op, left, try parseAdditive()) }
        return left
    }

    private func parseAdditive() throws(SluiceError) -> Expression {
        var left = try parseMultiplicative()
        while let op = symbolOperator(Parser.additiveOperators) { left = .binary(op, left, try parseMultiplicative()) }
        return left
    }

    private func parseMultiplicative() throws(SluiceError) -> Expression {
        var left = try parseUnary()
        while let op = symbolOperator(Parser.multiplicativeOperators) { left = .binary(op, left, try parseUnary()) }
        return left
    }

    /// Consumes and returns the operator if the current symbol is one of `operators`.
    private func symbolOperator(_ operators: [String: BinaryOperator]) -> BinaryOperator? {
        guard case .symbol(let s) = current.kind, let op = operators[s] else { return nil }
        advance()
        return op
    }

    private func parseUnary() throws(SluiceError) -> Expression {
        if acceptSymbol("-") { return .unary(.minus, try parseUnary()) }
        if acceptSymbol("+") { return .unary(.plus, try parseUnary()) }
        return try parsePostfix()
    }

    /// A primary; subscripts and field access on computed values are reported as unsupported.
    private func parsePostfix() throws(SluiceError) -> Expression {
        let expression = try parsePrimary()
        if atSymbol("[") {
            throw SQLError.unsupported(at: current.position, "array and map subscripts (`[…]`)")
        }
        if atSymbol("."), case .function = expression {
            throw SQLError.unsupported(at: current.position, "field access on a function result",
                                       hint: "select the value in a subquery and access its field there")
        }
        return expression
    }
}
