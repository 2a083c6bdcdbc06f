import Testing
@testable import SluiceColumnar

struct LikeCase: CustomStringConvertible, Sendable {
    let text: String
    let pattern: String
    let escape: Character?
    let matches: Bool
    init(_ text: String, _ pattern: String, _ matches: Bool, escape: Character? = nil) {
        self.text = text
        self.pattern = pattern
        self.escape = escape
        self.matches = matches
    }
    var description: String { "'\(text)' LIKE '\(pattern)'" + (escape.map { " ESCAPE '\($0)'" } ?? "") }
}

@Suite("Like")
struct LikeTests {
    static let cases: [LikeCase] = [
        LikeCase("abc", "abc", true), LikeCase("abc", "ab", false), LikeCase("ab", "abc", false),
        LikeCase("abc", "a%", true), LikeCase("abc", "%c", true), LikeCase("abc", "%b%", true), LikeCase("abc", "%x%", false),
        LikeCase("abc", "%", true), LikeCase("", "%", true), LikeCase("", "", true), LikeCase("a", "", false),
        LikeCase("", "_", false), LikeCase("", "%%", true), LikeCase("abc", "a%%c", true),
        LikeCase("abc", "a_c", true), LikeCase("abc", "_bc", true), LikeCase("abc", "___", true), LikeCase("abc", "____", false),
        LikeCase("abc", "__", false), LikeCase("ABC", "abc", false), LikeCase("abc", "A%", false),
        // `_` is one character, not one byte.
        LikeCase("日本語", "__語", true), LikeCase("日本語", "_語", false), LikeCase("日本語", "___", true),
        LikeCase("😀x", "_x", true), LikeCase("é", "_", true), LikeCase("aé", "a_", true), LikeCase("aé", "a__", false),
        LikeCase("日本", "日%", true), LikeCase("x日本y", "%本_", true),
        // Regex special characters are plain characters.
        LikeCase("a.c", "a.c", true), LikeCase("abc", "a.c", false), LikeCase("a+b*c", "a+b*c", true), LikeCase("aab", "a+b", false),
        LikeCase("(x)[y]{z}", "(x)[y]{z}", true), LikeCase("^$|?", "^$|?", true), LikeCase("a\\b", "a\\b", true),
        LikeCase("a\\b", "a\\_", true),
        // Backtracking over `%`.
        LikeCase("aXbXc", "a%b%c", true), LikeCase("abcbc", "%bc", true), LikeCase("ab", "a%b%", true),
        LikeCase("mississippi", "%iss%ipp%", true), LikeCase("mississippi", "m%iss%iss%ss%", false),
        LikeCase("mississippi", "m%s_i%i", true), LikeCase("aaa", "%a_a%", true), LikeCase("aa", "%a_a%", false),
        // Line terminators: `%` spans them, `_` does not (Flink's `_` is the regex `.`).
        LikeCase("a\nb", "a%b", true), LikeCase("a\nb", "a_b", false), LikeCase("a\u{2028}b", "a_b", false),
        LikeCase("a\u{85}b", "a_b", false),
        // Escapes.
        LikeCase("50%", "50!%", true, escape: "!"), LikeCase("50x", "50!%", false, escape: "!"),
        LikeCase("a_b", "a!_b", true, escape: "!"), LikeCase("axb", "a!_b", false, escape: "!"),
        LikeCase("a!b", "a!!b", true, escape: "!"), LikeCase("x%y", "x\\%y", true, escape: "\\"),
        LikeCase("100% sure", "%!%%", true, escape: "!"), LikeCase("100 sure", "%!%%", false, escape: "!"),
        LikeCase("a%b", "a€%b", true, escape: "€"), LikeCase("a_", "%_", true, escape: "€"),
    ]

    @Test("pattern semantics", arguments: cases)
    func patterns(_ c: LikeCase) throws {
        let column = Column.string([c.text])
        #expect(try Like.like(column, pattern: c.pattern, escape: c.escape).booleans == [c.matches])
        #expect(try Like.like(column, pattern: c.pattern, escape: c.escape, negated: true).booleans == [!c.matches])
        let dictionary = Fixture.dictionaryColumn(.string, [.string(c.text)])
        #expect(try Like.like(dictionary, pattern: c.pattern, escape: c.escape).booleans == [c.matches])
    }

    @Test("every layout, size and null rate agrees with the single-value results")
    func layouts() throws {
        let patterns = ["a%", "%b%", "_", "%日本%", "a_c", "", "%", "%a_%"]
        for layout in Fixture.Layout.allCases {
            for n in Fixture.sizes {
                for nulls in Fixture.nullPercents {
                    let column = Fixture.column(.string, Fixture.values(.string, count: n, nullPercent: nulls, seed: 31), layout)
                    let rows = column.values()
                    for pattern in patterns {
                        let expected = try rows.map { v -> Bool? in
                            guard case .string(let s) = v else { return nil }
                            return try Like.like(Column.string([s]), pattern: pattern).booleans[0]
                        }
                        let label = "\(layout) n=\(n) nulls=\(nulls)% '\(pattern)'"
                        #expect(try Like.like(column, pattern: pattern).booleans == expected, "\(label)")
                        #expect(try Like.like(column, pattern: pattern, negated: true).booleans == expected.map(ThreeValued.not), "\(label)")
                    }
                }
            }
        }
    }

    @Test("invalid escape sequences say where and what is allowed")
    func invalidEscapes() {
        let middle = #expect(throws: SluiceError.self) { try Like.like(Column.string(["a"]), pattern: "a!b", escape: "!") }
        #expect(middle?.message == "invalid escape sequence in LIKE pattern 'a!b' at position 2: the escape character '!' must be followed by '%', '_' or itself")
        let end = #expect(throws: SluiceError.self) { try Like.like(Column.string(["a"]), pattern: "ab!", escape: "!") }
        #expect(end?.message == "invalid escape sequence in LIKE pattern 'ab!' at position 3: the escape character '!' must be followed by '%', '_' or itself")
        let wide = #expect(throws: SluiceError.self) { try Like.like(Column.string(["a"]), pattern: "a", escape: "e\u{301}") }
        #expect(wide?.message == "LIKE escape must be a single character, found 'e\u{301}' (2 code points)")
    }

    @Test("LIKE on a non-STRING column is rejected")
    func nonString() {
        let error = #expect(throws: SluiceError.self) { try Like.like(Column.int32([1]), pattern: "1%") }
        #expect(error?.message == "LIKE expects a STRING operand, found INT; cast it first (CAST(x AS STRING))")
    }
}
