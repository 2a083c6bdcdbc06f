import SluiceColumnar

extension Parser {
    private static let unsupportedTypes: Set<String> = ["ARRAY", "MAP", "MULTISET", "RAW", "VARIANT", "STRUCTURED"]
    private static let typeNames = [
        "BOOLEAN", "TINYINT", "SMALLINT", "INT", "INTEGER", "BIGINT", "FLOAT", "REAL", "DOUBLE", "DECIMAL",
        "NUMERIC", "STRING", "VARCHAR", "CHAR", "BYTES", "BINARY", "VARBINARY", "DATE", "TIME", "TIMESTAMP",
        "TIMESTAMP_LTZ", "INTERVAL", "ROW",
    ]

    /// A data type: `INT`, `VARCHAR(20)`, `DECIMAL(23, 3)`, `TIMESTAMP(3) WITH LOCAL TIME ZONE`,
    /// `ROW<a INT, b STRING>`, `ROW(a INT, b STRING)`. Nullability (`NOT NULL`) is left to the caller.
    func parseType() throws(SluiceError) -> TypeName {
        let start = current.position
        guard let word = current.keyword else {
            throw SQLError.expected("a type name", found: current)
        }
        if Parser.unsupportedTypes.contains(word) {
            throw SQLError.unsupported(at: start, "type \(word)",
                                       hint: "supported types are " + Parser.typeNames.joined(separator: ", "))
        }
        if word == "ROW" {
            advance()
            return TypeName(.row(try rowFields()))
        }
        advance()
        var spelled = word
        if word == "INTERVAL" {
            spelled += " " + (try intervalQualifier().isYearMonth ? "YEAR TO MONTH" : "DAY TO SECOND")
        } else if word == "DOUBLE" && accept("PRECISION") {
            spelled += " PRECISION"
        } else if word == "CHARACTER" && accept("VARYING") {
            spelled += " VARYING"
        }
        if atSymbol("(") { spelled += try typeParameters() }
        if word == "TIMESTAMP" || word == "TIME" {
            if accept(["WITH", "LOCAL", "TIME", "ZONE"]) {
                spelled = "TIMESTAMP_LTZ" + spelled.dropFirst(word.count)
            } else if at(["WITH", "TIME", "ZONE"]) {
                throw SQLError.unsupported(at: current.position, "\(word) WITH TIME ZONE",
                                           hint: "use TIMESTAMP_LTZ or TIMESTAMP WITH LOCAL TIME ZONE")
            } else {
                _ = accept(["WITHOUT", "TIME", "ZONE"])
            }
        }
        if let k = current.keyword, k == "ARRAY" || k == "MULTISET" {
            throw SQLError.unsupported(at: current.position, "type \(word) \(k)")
        }
        do {
            return TypeName(try DataType.parse(spelled).type)
        } catch {
            var message = error.message
            if !Parser.typeNames.contains(word), !["DEC", "BOOL", "CHARACTER"].contains(word),
               let guess = NameSuggestion.closest(to: word, among: Parser.typeNames) {
                message += "; did you mean \(guess)?"
            }
            throw SluiceError(error.code, "SQL parse error at \(start): \(message)",
                              context: SluiceError.Context(line: start.line))
        }
    }

    /// `(n)` or `(p, s)` after a type name, returned as written for `DataType.parse`.
    private func typeParameters() throws(SluiceError) -> String {
        try expectSymbol("(")
        var numbers: [String] = []
        repeat {
            guard case .number(let n) = current.kind, Int(n) != nil else {
                throw SQLError.expected("a whole number as type parameter", found: current)
            }
            numbers.append(n)
            advance()
        } while acceptSymbol(",")
        try expectSymbol(")", context: "to close the type parameters")
        return "(" + numbers.joined(separator: ", ") + ")"
    }

    /// The fields of `ROW<name TYPE, …>` or `ROW(name TYPE, …)`.
    private func rowFields() throws(SluiceError) -> [Field] {
        let close: String
        if acceptSymbol("<>") { return [] }  // `ROW<>` lexes as the not-equal operator
        if acceptSymbol("<") {
            close = ">"
        } else if acceptSymbol("(") {
            close = ")"
        } else {
            throw SQLError.expected("'<' or '(' after ROW", found: current)
        }
        var fields: [Field] = []
        if acceptSymbol(close) { return fields }
        repeat {
            let at = current.position
            let name = try identifier("a ROW field name")
            if fields.contains(where: { $0.name == name }) {
                throw SQLError.syntax(at: at, "ROW field `\(name)` is defined twice")
            }
            var type = try parseType()
            if accept("NOT") {
                try expect("NULL")
                type.nullable = false
            } else {
                _ = accept("NULL")
            }
            if case .string = current.kind { advance() }  // a field description: kept out of the type
            fields.append(Field(name, type.type, nullable: type.nullable))
        } while acceptSymbol(",")
        if close == ">" && atSymbol(">=") {
            throw SQLError.syntax(at: current.position, "write '> =' with a space: '>=' here closes the ROW type and starts a comparison")
        }
        try expectSymbol(close, context: "to close the ROW type")
        return fields
    }
}
