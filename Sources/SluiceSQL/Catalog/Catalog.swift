import SluiceColumnar

/// The tables, views and functions of a SQL session, and the connectors and native functions they
/// may use. Names are case-insensitive; a qualified name (`cat.db.t`) uses its last part.
public struct Catalog: Sendable {
    /// A view: its query as written and the column names given to it.
    public struct View: Sendable {
        public var name: String
        public var columns: [String]
        public var query: Query
    }

    public var connectors = ConnectorRegistry.builtIn
    public var nativeFunctions = NativeFunctionTable.builtIn
    public var functions = FunctionCatalog()
    public private(set) var tables: [String: CatalogTable] = [:]
    public private(set) var views: [String: View] = [:]

    public init() {}

    static func key(_ name: [String]) -> String { (name.last ?? "").lowercased() }

    public func table(_ name: [String]) -> CatalogTable? { tables[Self.key(name)] }
    public func view(_ name: [String]) -> View? { views[Self.key(name)] }

    /// Every table and view name, for messages.
    var relationNames: [String] { (tables.values.map(\.name) + views.values.map(\.name)).sorted() }

    /// The table `name`, or an error that suggests a close name and lists the tables.
    func requireTable(_ name: [String], for purpose: String) throws(SluiceError) -> CatalogTable {
        if let t = table(name) { return t }
        if view(name) != nil { throw .invalidInput("`\(SQLText.name(name))` is a view; \(purpose) needs a table") }
        throw unknownRelation(name)
    }

    func unknownRelation(_ name: [String]) -> SluiceError {
        var message = "table or view `\(SQLText.name(name))` not found"
        if let guess = NameSuggestion.closest(to: name.last ?? "", among: relationNames) { message += "; did you mean `\(guess)`?" }
        let known = relationNames.isEmpty ? "none yet; create one with CREATE TABLE" : relationNames.joined(separator: ", ")
        return .invalidInput(message + " (tables and views: \(known))")
    }

    public mutating func createTable(_ definition: CreateTable) throws(SluiceError) {
        let key = Self.key(definition.name)
        if tables[key] != nil || views[key] != nil {
            if definition.ifNotExists { return }
            throw .invalidInput("table `\(SQLText.name(definition.name))` already exists; DROP it first or write CREATE TABLE IF NOT EXISTS")
        }
        let table = try TableDefinitionBinder(functions: functions).bind(definition)
        try connectors.validate(table.options, schema: table.physicalSchema)
        tables[key] = table
    }

    public mutating func createView(_ name: [String], columns: [String], query: Query, ifNotExists: Bool) throws(SluiceError) {
        let key = Self.key(name)
        if tables[key] != nil || views[key] != nil {
            if ifNotExists { return }
            throw .invalidInput("`\(SQLText.name(name))` already exists; DROP it first or write CREATE VIEW IF NOT EXISTS")
        }
        views[key] = View(name: name.last ?? "", columns: columns, query: query)
    }

    public mutating func createFunction(_ f: CreateFunction) throws(SluiceError) {
        let name = Self.key(f.name)
        if functions.userFunctions[name] != nil {
            if f.ifNotExists { return }
            throw .invalidInput("function `\(name)` already exists; DROP FUNCTION it first or write CREATE FUNCTION IF NOT EXISTS")
        }
        if let language = f.language, language != "JAVA" && language != "SCALA" {
            throw .unsupported("CREATE FUNCTION … LANGUAGE \(language) is not supported; Sluice resolves Java class names to native functions")
        }
        functions.add(name, try nativeFunctions.require(f.className))
    }

    public mutating func drop(_ d: Drop) throws(SluiceError) {
        let key = Self.key(d.name)
        let removed: Bool
        switch d.kind {
        case .table: removed = tables.removeValue(forKey: key) != nil
        case .view: removed = views.removeValue(forKey: key) != nil
        case .function: removed = functions.remove(key)
        }
        if !removed && !d.ifExists {
            throw .invalidInput("cannot DROP \(d.kind.rawValue) `\(SQLText.name(d.name))`: it does not exist (add IF EXISTS to ignore)")
        }
    }
}
