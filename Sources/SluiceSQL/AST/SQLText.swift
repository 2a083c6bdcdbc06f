/// Spelling rules for turning the AST back into SQL text: quoting of identifiers and strings.
public enum SQLText {
    /// An identifier as SQL: bare when that reads back as the same name, else backquoted.
    public static func identifier(_ name: String) -> String {
        needsQuotes(name) ? quotedIdentifier(name) : name
    }

    /// A dotted name, each part quoted as needed.
    public static func name(_ parts: [String]) -> String {
        parts.map(identifier).joined(separator: ".")
    }

    /// A part of a function name: bare unless it has characters an unquoted word cannot have
    /// (keywords such as LEFT are fine before a parenthesis).
    public static func functionNamePart(_ name: String) -> String {
        guard let first = name.unicodeScalars.first, first.isASCIILetter || first == "_" else { return quotedIdentifier(name) }
        for c in name.unicodeScalars where !(c.isASCIILetter || c.isDigit || c == "_") { return quotedIdentifier(name) }
        return name
    }

    /// `` `name` `` with backquotes doubled.
    public static func quotedIdentifier(_ name: String) -> String {
        "`" + escaping(name, "`") + "`"
    }

    /// `'text'` with single quotes doubled.
    public static func string(_ text: String) -> String {
        "'" + escaping(text, "'") + "'"
    }

    private static func escaping(_ text: String, _ quote: Character) -> String {
        var out = ""
        for c in text {
            out.append(c)
            if c == quote { out.append(c) }
        }
        return out
    }

    private static func needsQuotes(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCIILetter || first == "_" else { return true }
        for c in name.unicodeScalars where !(c.isASCIILetter || c.isDigit || c == "_") { return true }
        let upper = name.uppercased()
        return Keywords.reserved.contains(upper) || Keywords.quotedOnOutput.contains(upper)
            || Parser.niladicFunctions.contains(upper)
    }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
