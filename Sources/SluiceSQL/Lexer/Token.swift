/// A place in SQL text: 1-based line and column (columns count Unicode scalars), plus the scalar
/// offset from the start of the text, which script splitting uses to cut statement texts.
public struct SourcePosition: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int = 0) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public var description: String { "line \(line), column \(column)" }
}

/// Where an AST node was written, for binder and planner errors ("column `prce` not found at line 3,
/// column 8"). It is not part of the node's identity: any two compare equal and hash alike, so a tree
/// parsed from reformatted text, or from its own unparsed text, equals the original.
public struct SQLPosition: Sendable, Hashable, CustomStringConvertible {
    public var position: SourcePosition?

    public init(_ position: SourcePosition?) {
        self.position = position
    }

    /// For nodes built in code rather than parsed.
    public static let unknown = SQLPosition(nil)

    public static func == (_: SQLPosition, _: SQLPosition) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}

    public var description: String { position?.description ?? "unknown position" }
}

/// One lexical token of Flink SQL.
///
/// Keywords are not a token kind of their own: Flink has many non-reserved keywords that are also
/// valid column names (`key`, `final`, `day`), so the lexer yields words and the parser decides,
/// case-insensitively, where a word is a keyword. Words keep their original spelling.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// An unquoted word: a keyword or an identifier, as written.
        case word(String)
        /// A backquoted identifier with ``` `` ``` unescaped.
        case quotedIdentifier(String)
        /// A string literal with `''` unescaped.
        case string(String)
        /// A numeric literal as written: `42`, `0.908`, `1e-3`, `.5`.
        case number(String)
        /// An operator or punctuation: `=`, `<>`, `!=`, `<=`, `>=`, `||`, `=>`, `.`, `,`, `(`, `;`, …
        case symbol(String)
        case endOfInput
    }

    public let kind: Kind
    public let position: SourcePosition
    /// The offset just past the token's last scalar.
    public let endOffset: Int
    /// The upper-cased text of an unquoted word, or nil; computed once, since the parser compares
    /// keywords many times per token.
    public let keyword: String?

    public init(_ kind: Kind, _ position: SourcePosition, endOffset: Int = 0) {
        self.kind = kind
        self.position = position
        self.endOffset = endOffset
        if case .word(let w) = kind { keyword = w.uppercased() } else { keyword = nil }
    }

    public var line: Int { position.line }
    public var column: Int { position.column }

    /// The token as an error message shows it: `'FORM'`, `` '`my col`' ``, `end of input`.
    public var quoted: String {
        switch kind {
        case .word(let w): return "'\(w)'"
        case .quotedIdentifier(let q): return "'\(SQLText.quotedIdentifier(q))'"
        case .string(let s): return "string '\(s.count > 40 ? String(s.prefix(40)) + "…" : s)'"
        case .number(let n): return "'\(n)'"
        case .symbol(let s): return "'\(s)'"
        case .endOfInput: return "end of input"
        }
    }

    /// True for an unquoted word equal to `keyword`, ignoring case.
    public func isKeyword(_ keyword: String) -> Bool {
        self.keyword == keyword
    }

    public func isSymbol(_ symbol: String) -> Bool {
        if case .symbol(let s) = kind { return s == symbol }
        return false
    }
}
