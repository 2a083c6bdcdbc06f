import SluiceColumnar

/// Turns Flink SQL text into tokens, each with its line and column.
///
/// Comments (`-- …` to the end of the line, `/* … */`, including `/*+ hints */`) and white space are
/// skipped. `${placeholder}` tokens are not expanded here: harnesses substitute them beforehand, so a
/// `$` that reaches the lexer is reported as an error saying so.
public struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var offset = 0
    private var line = 1
    private var column = 1

    public init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    /// All tokens of `text`, ending with one `.endOfInput` token.
    public static func tokenize(_ text: String) throws(SluiceError) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next(after: tokens.last)
            tokens.append(token)
            if token.kind == .endOfInput { return tokens }
        }
    }

    private var here: SourcePosition { SourcePosition(line: line, column: column, offset: offset) }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        offset + ahead < scalars.count ? scalars[offset + ahead] : nil
    }

    private mutating func advance() {
        if scalars[offset] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        offset += 1
    }

    private mutating func next(after previous: Token?) throws(SluiceError) -> Token {
        try skipTrivia()
        let start = here
        guard let c = peek() else { return Token(.endOfInput, start, endOffset: offset) }
        let kind: Token.Kind
        if c.isIdentifierStart {
            kind = .word(readWhile { $0.isIdentifierPart })
        } else if c.isDigit || (c == "." && peek(1)?.isDigit == true && !(previous.map { $0.endsOperand && $0.endOffset == offset } ?? false)) {
            kind = .number(try readNumber(start))
        } else if c == "'" {
            kind = .string(try readQuoted("'", start, what: "string literal"))
        } else if c == "`" {
            kind = .quotedIdentifier(try readQuoted("`", start, what: "quoted identifier"))
        } else if c == "\"" {
            throw SQLError.syntax(at: start, "double quotes are not used in Flink SQL; write strings as 'text' and quote identifiers with backquotes as `name`")
        } else if c == "$" {
            throw SQLError.syntax(at: start, "unexpected '$'; `${…}` placeholders must be substituted before the SQL is parsed")
        } else if let symbol = readSymbol() {
            kind = .symbol(symbol)
        } else {
            throw SQLError.syntax(at: start, "unexpected character '\(c)'")
        }
        return Token(kind, start, endOffset: offset)
    }

    private mutating func skipTrivia() throws(SluiceError) {
        while let c = peek() {
            if c.properties.isWhitespace {
                advance()
            } else if c == "-" && peek(1) == "-" {
                while let d = peek(), d != "\n" { advance() }
            } else if c == "/" && peek(1) == "*" {
                let start = here
                advance(); advance()
                while !(peek() == "*" && peek(1) == "/") {
                    guard peek() != nil else {
                        throw SQLError.syntax(at: start, "unterminated comment: '/*' is never closed with '*/'")
                    }
                    advance()
                }
                advance(); advance()
            } else {
                return
            }
        }
    }

    private mutating func readWhile(_ accept: (Unicode.Scalar) -> Bool) -> String {
        var text = String.UnicodeScalarView()
        while let c = peek(), accept(c) {
            text.append(c)
            advance()
        }
        return String(text)
    }

    private mutating func readNumber(_ start: SourcePosition) throws(SluiceError) -> String {
        var text = readWhile { $0.isDigit }
        if peek() == ".", peek(1)?.isDigit == true || !text.isEmpty {
            advance()
            text += "." + readWhile { $0.isDigit }
        }
        if peek() == "e" || peek() == "E" {
            let sign = peek(1) == "+" || peek(1) == "-"
            if peek(sign ? 2 : 1)?.isDigit == true {
                text.append(Character(peek()!))
                advance()
                if sign { text.append(Character(peek()!)); advance() }
                text += readWhile { $0.isDigit }
            } else {
                throw SQLError.syntax(at: start, "number '\(text)e' has an exponent without digits; write it like 1.5e3")
            }
        }
        return text
    }

    private mutating func readQuoted(_ quote: Unicode.Scalar, _ start: SourcePosition,
                                     what: String) throws(SluiceError) -> String {
        advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let c = peek() else {
                throw SQLError.syntax(at: start, "unterminated \(what): the \(quote) opened here is never closed; to put a \(quote) inside it, write it twice (\(quote)\(quote))")
            }
            advance()
            if c == quote {
                if peek() == quote {
                    text.append(quote)
                    advance()
                } else {
                    return String(text)
                }
            } else {
                text.append(c)
            }
        }
    }

    private static let twoCharacterSymbols: Set<String> = ["<>", "!=", "<=", ">=", "||", "=>"]
    private static let oneCharacterSymbols: Set<Unicode.Scalar> = [
        "=", "<", ">", "+", "-", "*", "/", "%", ".", ",", "(", ")", ";", "[", "]", ":", "?", "{", "}",
    ]

    private mutating func readSymbol() -> String? {
        if let a = peek(), let b = peek(1) {
            let pair = String(Character(a)) + String(Character(b))
            if Lexer.twoCharacterSymbols.contains(pair) {
                advance(); advance()
                return pair
            }
        }
        if let a = peek(), Lexer.oneCharacterSymbols.contains(a) {
            advance()
            return String(Character(a))
        }
        return nil
    }
}

extension Unicode.Scalar {
    var isDigit: Bool { ("0"..."9").contains(self) }
    var isIdentifierStart: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || self == "_" || (value > 127 && properties.isAlphabetic)
    }
    var isIdentifierPart: Bool { isIdentifierStart || isDigit || self == "$" }
}

extension Token {
    /// True when the token can end an operand, so that `.5` written right after it is a field access,
    /// not a number (`FROM .5` and `x + .5` are numbers).
    var endsOperand: Bool {
        switch kind {
        case .word, .quotedIdentifier: return true
        case .number, .string: return false
        case .symbol(let s): return s == ")" || s == "]"
        case .endOfInput: return false
        }
    }
}
