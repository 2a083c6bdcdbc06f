import SluiceColumnar

/// A parsed statement with the place it starts in the script and its source text.
public struct LocatedStatement: Sendable, Equatable {
    public var statement: Statement
    public var position: SourcePosition
    public var text: String
}

/// The entry points of the Flink SQL parser.
///
///     let statements = try SQLParser.parse(script: "CREATE TABLE t (a INT) WITH (...); SELECT a FROM t;")
///
/// A script is `;`-separated statements; a `;` inside a string, a quoted identifier or a comment is
/// not a separator, and empty statements are skipped. Errors are `SluiceError`s whose message starts
/// with `SQL parse error at line L, column C:` (code `.invalidInput`) or, for valid Flink SQL that
/// Sluice does not implement, `unsupported SQL at line L, column C:` (code `.unsupported`).
public enum SQLParser {
    /// Parses every statement of a script.
    public static func parse(script: String) throws(SluiceError) -> [Statement] {
        let parser = Parser(try Lexer.tokenize(script))
        return try parser.parseScript()
    }

    /// Parses every statement of a script, each with where it starts and its text (without the `;`),
    /// so that a runner can say which statement failed and show it.
    public static func parseLocated(script: String) throws(SluiceError) -> [LocatedStatement] {
        let parser = Parser(try Lexer.tokenize(script))
        let scalars = Array(script.unicodeScalars)
        return try parser.parseLocatedScript().map { entry in
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars[entry.first.position.offset..<entry.last.endOffset])
            return LocatedStatement(statement: entry.statement, position: entry.first.position, text: String(text))
        }
    }

    /// Parses exactly one statement; a trailing `;` is allowed.
    public static func parse(statement text: String) throws(SluiceError) -> Statement {
        let parser = Parser(try Lexer.tokenize(text))
        let statements = try parser.parseScript()
        guard statements.count == 1 else {
            throw SQLError.syntax(at: SourcePosition(line: 1, column: 1),
                                  "expected one statement but found \(statements.count)")
        }
        return statements[0]
    }

    /// Parses one query (`SELECT …`, `WITH …`, `VALUES …`).
    public static func parse(query text: String) throws(SluiceError) -> Query {
        let parser = Parser(try Lexer.tokenize(text))
        let query = try parser.parseQuery()
        try parser.expectEndOfStatement(allowSemicolon: true)
        return query
    }

    /// Parses one scalar expression, e.g. a computed column or a filter given on a command line.
    public static func parse(expression text: String) throws(SluiceError) -> Expression {
        let parser = Parser(try Lexer.tokenize(text))
        let expression = try parser.parseExpression()
        try parser.expectEndOfStatement(allowSemicolon: false)
        return expression
    }

    /// The text of each non-empty statement of a script, without the separating `;`, trimmed.
    /// Only lexes the script, so statements that would not parse are still returned.
    public static func splitStatements(_ script: String) throws(SluiceError) -> [String] {
        let tokens = try Lexer.tokenize(script)
        let scalars = Array(script.unicodeScalars)
        var texts: [String] = []
        var first: Token?
        var last: Token?
        for token in tokens {
            if token.isSymbol(";") || token.kind == .endOfInput {
                if let first, let last {
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[first.position.offset..<last.endOffset])
                    texts.append(String(view))
                }
                first = nil
                last = nil
            } else {
                if first == nil { first = token }
                last = token
            }
        }
        return texts
    }
}
