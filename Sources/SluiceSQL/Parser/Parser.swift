import SluiceColumnar

/// A recursive-descent parser over a token array; one instance parses one script.
///
/// Statements, queries, table references, expressions and types each live in their own
/// `Parser+….swift` extension. Every method either consumes what it parsed or throws an error that
/// names the token found and what was expected at its line and column.
final class Parser {
    private let tokens: [Token]
    private(set) var index = 0

    init(_ tokens: [Token]) {
        precondition(tokens.last?.kind == .endOfInput, "the lexer ends every token list with endOfInput")
        self.tokens = tokens
    }

    // MARK: Looking

    var current: Token { tokens[index] }

    func peek(_ ahead: Int = 1) -> Token { tokens[min(index + ahead, tokens.count - 1)] }

    var atEnd: Bool { current.kind == .endOfInput }

    /// True when the current token is the unquoted keyword (upper-case).
    func at(_ keyword: String) -> Bool { current.isKeyword(keyword) }

    func atSymbol(_ symbol: String) -> Bool { current.isSymbol(symbol) }

    /// True when the next tokens are the given keywords in order.
    func at(_ keywords: [String]) -> Bool {
        for (i, k) in keywords.enumerated() where !peek(i).isKeyword(k) { return false }
        return true
    }

    // MARK: Consuming

    @discardableResult
    func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    /// The result of `body`, or nil with the position restored when it fails: for the few places
    /// where a parenthesis can open either a query or an expression.
    func attempt<T>(_ body: () throws(SluiceError) -> T) -> T? {
        let start = index
        do {
            return try body()
        } catch {
            index = start
            return nil
        }
    }

    /// Consumes the keyword if it is next.
    func accept(_ keyword: String) -> Bool {
        guard at(keyword) else { return false }
        advance()
        return true
    }

    /// Consumes the keywords if they are all next.
    func accept(_ keywords: [String]) -> Bool {
        guard at(keywords) else { return false }
        for _ in keywords { advance() }
        return true
    }

    func acceptSymbol(_ symbol: String) -> Bool {
        guard atSymbol(symbol) else { return false }
        advance()
        return true
    }

    /// Consumes the keyword or fails with "expected KEYWORD but found …".
    @discardableResult
    func expect(_ keyword: String, alternatives: [String] = []) throws(SluiceError) -> Token {
        guard at(keyword) else {
            throw SQLError.expected(keyword, found: current, keywords: [keyword] + alternatives)
        }
        return advance()
    }

    func expect(_ keywords: [String]) throws(SluiceError) {
        for k in keywords { try expect(k) }
    }

    @discardableResult
    func expectSymbol(_ symbol: String, context: String? = nil) throws(SluiceError) -> Token {
        guard atSymbol(symbol) else {
            let what = "'\(symbol)'" + (context.map { " \($0)" } ?? "")
            throw SQLError.expected(what, found: current)
        }
        return advance()
    }

    // MARK: Names

    /// True when the current token can be an identifier: a quoted one or an unreserved word.
    var atIdentifier: Bool {
        switch current.kind {
        case .quotedIdentifier: return true
        case .word: return !Keywords.reserved.contains(current.keyword!)
        default: return false
        }
    }

    /// An identifier; `what` names it in the error ("a column name").
    func identifier(_ what: String) throws(SluiceError) -> String {
        switch current.kind {
        case .quotedIdentifier(let name):
            advance()
            return name
        case .word(let word) where !Keywords.reserved.contains(current.keyword!):
            advance()
            return word
        case .word(let word):
            throw SQLError.syntax(at: current.position,
                                  "expected \(what) but found the keyword '\(word)'; to use it as a name, quote it as `\(word)`")
        default:
            throw SQLError.expected(what, found: current)
        }
    }

    /// A dotted name: `t`, `db.t`, `catalog.db.t`.
    func compoundName(_ what: String) throws(SluiceError) -> [String] {
        var parts = [try identifier(what)]
        while atSymbol("."), peek().kind != .symbol("*") {
            advance()
            parts.append(try identifier(what))
        }
        return parts
    }

    /// `(a, b, c)`: a parenthesised, comma-separated list of identifiers.
    func identifierList(_ what: String) throws(SluiceError) -> [String] {
        try expectSymbol("(")
        var names = [try identifier(what)]
        while acceptSymbol(",") { names.append(try identifier(what)) }
        try expectSymbol(")", context: "to close the list of \(what)s")
        return names
    }

    /// A string literal's text.
    func stringLiteral(_ what: String) throws(SluiceError) -> String {
        guard case .string(let text) = current.kind else {
            throw SQLError.expected(what + " in single quotes", found: current)
        }
        advance()
        return text
    }

    /// Items separated by commas, at least one.
    func commaSeparated<T>(_ item: () throws(SluiceError) -> T) throws(SluiceError) -> [T] {
        var items = [try item()]
        while acceptSymbol(",") { items.append(try item()) }
        return items
    }

    // MARK: Statement ends

    /// Checks that the statement ends here: a `;` (left for the script loop) or the end of input.
    func expectEndOfStatement(allowSemicolon: Bool) throws(SluiceError) {
        if atEnd { return }
        if allowSemicolon && atSymbol(";") {
            while acceptSymbol(";") {}
            if atEnd { return }
        }
        throw SQLError.expected(allowSemicolon ? "';' or end of input" : "end of input", found: current,
                                keywords: Keywords.continuations)
    }
}
