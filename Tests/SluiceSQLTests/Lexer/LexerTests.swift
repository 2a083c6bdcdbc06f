import Testing
import SluiceColumnar
@testable import SluiceSQL

@Suite("Lexer")
struct LexerTests {
    /// (kind, line, column) of every token but the final end of input.
    private func lex(_ text: String) throws -> [(Token.Kind, Int, Int)] {
        try Lexer.tokenize(text).dropLast().map { ($0.kind, $0.line, $0.column) }
    }

    @Test("words keep their spelling and every token has a 1-based line and column")
    func positions() throws {
        let tokens = try lex("SELECT a,\n  `My Col` FROM t1")
        #expect(tokens.map(\.0) == [.word("SELECT"), .word("a"), .symbol(","), .quotedIdentifier("My Col"),
                                    .word("FROM"), .word("t1")])
        #expect(tokens.map(\.1) == [1, 1, 1, 2, 2, 2])
        #expect(tokens.map(\.2) == [1, 8, 9, 3, 12, 17])
    }

    @Test("keywords match case-insensitively")
    func keywords() throws {
        let token = try Lexer.tokenize("sElEcT")[0]
        #expect(token.isKeyword("SELECT"))
        #expect(token.kind == .word("sElEcT"))
    }

    @Test("strings unescape doubled quotes and backquoted identifiers unescape doubled backquotes")
    func escapes() throws {
        #expect(try lex("'it''s'").map(\.0) == [.string("it's")])
        #expect(try lex("'a;b -- c'").map(\.0) == [.string("a;b -- c")])
        #expect(try lex("`we``ird`").map(\.0) == [.quotedIdentifier("we`ird")])
        #expect(try lex("''").map(\.0) == [.string("")])
    }

    @Test("numbers: integers, decimals, exponents and a leading point")
    func numbers() throws {
        #expect(try lex("42 0.908 1e3 1.5E-3 .5 7.").map(\.0)
                == [.number("42"), .number("0.908"), .number("1e3"), .number("1.5E-3"), .number(".5"), .number("7.")])
    }

    @Test("a point after a name is field access, not a number")
    func dotAfterName() throws {
        #expect(try lex("t.a").map(\.0) == [.word("t"), .symbol("."), .word("a")])
    }

    @Test("all operators")
    func operators() throws {
        let text = "= <> != < <= > >= + - * / % || . , ( ) ;"
        let symbols = text.split(separator: " ").map { Token.Kind.symbol(String($0)) }
        #expect(try lex(text).map(\.0) == symbols)
    }

    @Test("comments are skipped, a ';' in a comment included, and lines still count")
    func comments() throws {
        let tokens = try lex("a -- one; two\n/* three;\n four */ b /*+ OPTIONS('x'='y') */ c")
        #expect(tokens.map(\.0) == [.word("a"), .word("b"), .word("c")])
        #expect(tokens[1].1 == 3)
        #expect(tokens[1].2 == 10)
    }

    @Test("placeholders inside strings are left alone")
    func placeholderInString() throws {
        #expect(try lex("'${TPS}'").map(\.0) == [.string("${TPS}")])
    }

    @Test("an unterminated string names where it starts")
    func unterminatedString() throws {
        let error = #expect(throws: SluiceError.self) { try Lexer.tokenize("SELECT\n  'abc") }
        #expect(error?.message == "SQL parse error at line 2, column 3: unterminated string literal: the ' opened here is never closed; to put a ' inside it, write it twice ('')")
        #expect(error?.context.line == 2)
        #expect(error?.code == .invalidInput)
    }

    @Test("an unterminated comment or quoted identifier is an error")
    func unterminatedOthers() throws {
        let comment = #expect(throws: SluiceError.self) { try Lexer.tokenize("a /* b") }
        #expect(comment?.message == "SQL parse error at line 1, column 3: unterminated comment: '/*' is never closed with '*/'")
        let quoted = #expect(throws: SluiceError.self) { try Lexer.tokenize("`abc") }
        #expect(quoted?.message.hasPrefix("SQL parse error at line 1, column 1: unterminated quoted identifier") == true)
    }

    @Test("an unsubstituted placeholder, double quotes and stray characters are explained")
    func strayCharacters() throws {
        let dollar = #expect(throws: SluiceError.self) { try Lexer.tokenize("FROM ${NEXMARK_TABLE}") }
        #expect(dollar?.message == "SQL parse error at line 1, column 6: unexpected '$'; `${…}` placeholders must be substituted before the SQL is parsed")
        let double = #expect(throws: SluiceError.self) { try Lexer.tokenize("SELECT \"a\"") }
        #expect(double?.message == "SQL parse error at line 1, column 8: double quotes are not used in Flink SQL; write strings as 'text' and quote identifiers with backquotes as `name`")
        let hash = #expect(throws: SluiceError.self) { try Lexer.tokenize("a # b") }
        #expect(hash?.message == "SQL parse error at line 1, column 3: unexpected character '#'")
    }
}
