import SluiceColumnar

extension Parser {
    /// `statement (';' statement)* [';']`, skipping empty statements.
    func parseScript() throws(SluiceError) -> [Statement] {
        try parseLocatedScript().map(\.statement)
    }

    /// Each statement with its first and last token.
    func parseLocatedScript() throws(SluiceError) -> [(statement: Statement, first: Token, last: Token)] {
        var statements: [(statement: Statement, first: Token, last: Token)] = []
        while true {
            while acceptSymbol(";") {}
            if atEnd { return statements }
            let first = current
            let statement = try parseStatement()
            statements.append((statement, first, peek(-1)))
            if atEnd { return statements }
            guard atSymbol(";") else {
                throw SQLError.expected("';' or end of input", found: current, keywords: Keywords.continuations)
            }
        }
    }

    func parseStatement() throws(SluiceError) -> Statement {
        if at("SELECT") || at("WITH") || at("VALUES") || atSymbol("(") { return .query(try parseQuery()) }
        if at("INSERT") { return .insert(try parseInsert()) }
        if at("CREATE") { return try parseCreate() }
        if at("DROP") { return .drop(try parseDrop()) }
        if accept("SET") { return try parseSet() }
        if accept("RESET") {
            if atEnd || atSymbol(";") { return .reset(key: nil) }
            return .reset(key: try settingKey())
        }
        if accept("EXPLAIN") { return try parseExplain() }
        if accept("SHOW") { return try parseShow() }
        if accept("DESCRIBE") || accept("DESC") { return .describe(try compoundName("a table name")) }
        if at("EXECUTE") || at("BEGIN") || at("USE") || at("ALTER") || at("LOAD") || at("UNLOAD") || at("ANALYZE") {
            throw SQLError.unsupported(at: current.position, "the \(current.keyword!) statement")
        }
        throw SQLError.expected("a statement (" + Keywords.statementStarts.joined(separator: ", ") + ")",
                                found: current, keywords: Keywords.statementStarts)
    }

    private func parseInsert() throws(SluiceError) -> Insert {
        try expect("INSERT")
        let overwrite: Bool
        if accept("OVERWRITE") {
            overwrite = true
        } else {
            try expect("INTO", alternatives: ["OVERWRITE"])
            overwrite = false
        }
        let table = try compoundName("a table name")
        if at("PARTITION") {
            throw SQLError.unsupported(at: current.position, "INSERT with a static PARTITION clause",
                                       hint: "select the partition columns in the query instead")
        }
        var columns: [String] = []
        if atSymbol("("), !(peek().isKeyword("SELECT") || peek().isKeyword("WITH") || peek().isKeyword("VALUES")) {
            columns = try identifierList("a column name")
        }
        return Insert(table: table, overwrite: overwrite, columns: columns, query: try parseQuery())
    }

    private func parseCreate() throws(SluiceError) -> Statement {
        try expect("CREATE")
        if at("OR") { throw SQLError.unsupported(at: current.position, "CREATE OR REPLACE") }
        let temporary = accept("TEMPORARY")
        let system = accept("SYSTEM")
        if at("TABLE") && !system { return .createTable(try parseCreateTable(temporary: temporary)) }
        if accept("VIEW") && !system {
            let ifNotExists = accept(["IF", "NOT", "EXISTS"])
            let name = try compoundName("a view name")
            var columns: [String] = []
            if atSymbol("(") { columns = try identifierList("a column name") }
            try expect("AS")
            return .createView(CreateView(name: name, temporary: temporary, ifNotExists: ifNotExists,
                                          columns: columns, query: try parseQuery()))
        }
        if accept("FUNCTION") {
            let ifNotExists = accept(["IF", "NOT", "EXISTS"])
            let name = try compoundName("a function name")
            try expect("AS")
            let className = try stringLiteral("the function's class name")
            var language: String?
            if accept("LANGUAGE") { language = try identifier("a language (JAVA, SCALA, PYTHON)").uppercased() }
            if at("USING") { throw SQLError.unsupported(at: current.position, "CREATE FUNCTION … USING JAR") }
            return .createFunction(CreateFunction(name: name, temporary: temporary, system: system,
                                                  ifNotExists: ifNotExists, className: className,
                                                  language: language))
        }
        if at("CATALOG") || at("DATABASE") {
            throw SQLError.unsupported(at: current.position, "CREATE \(current.keyword!)")
        }
        throw SQLError.expected(system ? "FUNCTION" : "TABLE, VIEW or FUNCTION", found: current,
                                keywords: ["TABLE", "VIEW", "FUNCTION", "TEMPORARY"])
    }

    private func parseDrop() throws(SluiceError) -> Drop {
        try expect("DROP")
        let temporary = accept("TEMPORARY")
        let kind: Drop.Kind
        if accept("TABLE") {
            kind = .table
        } else if accept("VIEW") {
            kind = .view
        } else if accept("FUNCTION") {
            kind = .function
        } else {
            throw SQLError.expected("TABLE, VIEW or FUNCTION", found: current, keywords: ["TABLE", "VIEW", "FUNCTION"])
        }
        let ifExists = accept(["IF", "EXISTS"])
        return Drop(kind, name: try compoundName("a \(kind.rawValue.lowercased()) name"),
                    temporary: temporary, ifExists: ifExists)
    }

    /// `SET 'key' = 'value'` (keys and values may also be unquoted, as the Flink SQL client accepts).
    private func parseSet() throws(SluiceError) -> Statement {
        if atEnd || atSymbol(";") { return .set(key: nil, value: nil) }
        let key = try settingKey()
        try expectSymbol("=", context: "between the setting's key and its value")
        let value: String
        switch current.kind {
        case .string(let s), .word(let s), .number(let s):
            advance()
            value = s
        default:
            throw SQLError.expected("the setting's value in single quotes", found: current)
        }
        return .set(key: key, value: value)
    }

    /// A setting key: `'execution.runtime-mode'` or an unquoted dotted key.
    private func settingKey() throws(SluiceError) -> String {
        if case .string(let s) = current.kind {
            advance()
            return s
        }
        guard case .word = current.kind else {
            throw SQLError.expected("a setting key in single quotes, like 'execution.runtime-mode'", found: current)
        }
        var key = ""
        while case .word(let w) = current.kind {
            key += w
            advance()
            if atSymbol(".") || atSymbol("-") {
                key += atSymbol(".") ? "." : "-"
                advance()
            } else {
                break
            }
        }
        return key
    }

    private static let explainDetails = ["ESTIMATED_COST", "CHANGELOG_MODE", "JSON_EXECUTION_PLAN", "PLAN_ADVICE"]

    private func parseExplain() throws(SluiceError) -> Statement {
        var details: [String] = []
        while let k = current.keyword, Parser.explainDetails.contains(k) {
            details.append(k)
            advance()
            if !acceptSymbol(",") { break }
        }
        _ = accept(["PLAN", "FOR"])
        let statement = try parseStatement()
        if case .explain = statement {
            throw SQLError.syntax(at: current.position, "EXPLAIN cannot explain another EXPLAIN")
        }
        return .explain(statement, details: details)
    }

    private func parseShow() throws(SluiceError) -> Statement {
        for kind in [ShowKind.tables, .views, .functions] where accept(kind.rawValue) { return .show(kind) }
        if let k = current.keyword, ["CATALOGS", "DATABASES", "MODULES", "JOBS", "COLUMNS", "CREATE"].contains(k) {
            throw SQLError.unsupported(at: current.position, "SHOW \(k)")
        }
        throw SQLError.expected("TABLES, VIEWS or FUNCTIONS", found: current, keywords: ["TABLES", "VIEWS", "FUNCTIONS"])
    }
}
