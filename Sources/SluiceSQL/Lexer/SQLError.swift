import SluiceColumnar

/// Builds the `SluiceError`s of the SQL front end, all pointing at a line and column.
///
///     SQL parse error at line 3, column 14: expected FROM but found 'FORM'; did you mean FROM?
///     unsupported SQL at line 2, column 9: type ARRAY is valid Flink SQL but not supported by Sluice yet
enum SQLError {
    /// Text that is not valid SQL (code `.invalidInput`).
    static func syntax(at position: SourcePosition, _ message: String) -> SluiceError {
        SluiceError(.invalidInput, "SQL parse error at \(position): \(message)",
                    context: SluiceError.Context(line: position.line))
    }

    /// Valid Flink SQL that Sluice does not implement (code `.unsupported`).
    static func unsupported(at position: SourcePosition, _ what: String, hint: String? = nil) -> SluiceError {
        var message = "unsupported SQL at \(position): \(what) is valid Flink SQL but not supported by Sluice yet"
        if let hint { message += "; \(hint)" }
        return SluiceError(.unsupported, message, context: SluiceError.Context(line: position.line))
    }

    /// "expected X but found 'Y'", with a "did you mean" hint when Y is a near miss of a keyword in X.
    static func expected(_ expected: String, found token: Token, keywords: [String] = []) -> SluiceError {
        var message = "expected \(expected) but found \(token.quoted)"
        if case .word(let word) = token.kind, word.count >= 2,
           let guess = NameSuggestion.closest(to: word, among: keywords),
           guess != word.uppercased() {
            message += "; did you mean \(guess)?"
        }
        return syntax(at: token.position, message)
    }
}
