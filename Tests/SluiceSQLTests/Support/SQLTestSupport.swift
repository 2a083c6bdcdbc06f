import Testing
import SluiceColumnar
@testable import SluiceSQL

/// Parses one statement, failing the test with the parser's message if it does not parse.
func statement(_ sql: String) throws -> Statement {
    try SQLParser.parse(statement: sql)
}

/// Parses one query.
func query(_ sql: String) throws -> Query {
    try SQLParser.parse(query: sql)
}

/// Parses one expression.
func expr(_ sql: String) throws -> Expression {
    try SQLParser.parse(expression: sql)
}

/// The `SELECT` of a plain query.
func select(_ sql: String) throws -> Select {
    let q = try query(sql)
    guard case .select(let s) = q.body else {
        Issue.record("not a plain SELECT: \(sql)")
        return Select(items: [])
    }
    return s
}

/// The error that parsing `script` throws, or nil (recording an issue) if it parses.
func parseError(_ script: String, sourceLocation: SourceLocation = #_sourceLocation) -> SluiceError? {
    do {
        let parsed = try SQLParser.parse(script: script)
        Issue.record("expected a parse error, but it parsed as: \(parsed)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Checks `parse(unparse(parse(x))) == parse(x)` for a whole script.
func expectRoundTrip(_ script: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let parsed = try SQLParser.parse(script: script)
    let text = Statement.script(parsed)
    let reparsed: [Statement]
    do {
        reparsed = try SQLParser.parse(script: text)
    } catch {
        Issue.record("unparsed text does not parse: \(error)\n\(text)", sourceLocation: sourceLocation)
        return
    }
    #expect(reparsed == parsed, "round trip changed the AST; unparsed text:\n\(text)", sourceLocation: sourceLocation)
}

/// Shorthands for building expected trees.
func col(_ path: String...) -> Expression { .identifier(path) }
func num(_ text: String) -> Expression { .literal(.number(text)) }
func str(_ text: String) -> Expression { .literal(.string(text)) }
func call(_ name: String, _ arguments: Expression...) -> Expression {
    .function(FunctionCall(name: [name], arguments: arguments))
}
func seconds(_ n: String) -> Expression { .literal(.interval(n, IntervalQualifier(.second))) }
