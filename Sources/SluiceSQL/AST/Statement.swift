/// One SQL statement of a script.
public indirect enum Statement: Sendable, Equatable {
    case createTable(CreateTable)
    case createView(CreateView)
    case createFunction(CreateFunction)
    case drop(Drop)
    case insert(Insert)
    case query(Query)
    /// `SET 'key' = 'value'`; a bare `SET` (list all) has neither.
    case set(key: String?, value: String?)
    /// `RESET 'key'`, or `RESET` for all keys.
    case reset(key: String?)
    /// `EXPLAIN [detail, …] [PLAN FOR] statement`; details such as `CHANGELOG_MODE` are upper-cased.
    case explain(Statement, details: [String])
    case show(ShowKind)
    /// `DESCRIBE t` / `DESC t`
    case describe([String])
}

public enum ShowKind: String, Sendable, Equatable {
    case tables = "TABLES"
    case views = "VIEWS"
    case functions = "FUNCTIONS"
}

/// `CREATE [TEMPORARY] VIEW [IF NOT EXISTS] name [(columns)] AS query`
public struct CreateView: Sendable, Equatable {
    public var name: [String]
    public var temporary: Bool
    public var ifNotExists: Bool
    public var columns: [String]
    public var query: Query

    public init(name: [String], temporary: Bool = false, ifNotExists: Bool = false,
                columns: [String] = [], query: Query) {
        self.name = name
        self.temporary = temporary
        self.ifNotExists = ifNotExists
        self.columns = columns
        self.query = query
    }
}

/// `CREATE [TEMPORARY] [SYSTEM] FUNCTION [IF NOT EXISTS] name AS 'class' [LANGUAGE lang]`
public struct CreateFunction: Sendable, Equatable {
    public var name: [String]
    public var temporary: Bool
    public var system: Bool
    public var ifNotExists: Bool
    public var className: String
    /// `JAVA`, `SCALA` or `PYTHON` when written, upper-cased.
    public var language: String?

    public init(name: [String], temporary: Bool = false, system: Bool = false, ifNotExists: Bool = false,
                className: String, language: String? = nil) {
        self.name = name
        self.temporary = temporary
        self.system = system
        self.ifNotExists = ifNotExists
        self.className = className
        self.language = language
    }
}

/// `DROP [TEMPORARY] TABLE|VIEW|FUNCTION [IF EXISTS] name`
public struct Drop: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case table = "TABLE"
        case view = "VIEW"
        case function = "FUNCTION"
    }

    public var kind: Kind
    public var name: [String]
    public var temporary: Bool
    public var ifExists: Bool

    public init(_ kind: Kind, name: [String], temporary: Bool = false, ifExists: Bool = false) {
        self.kind = kind
        self.name = name
        self.temporary = temporary
        self.ifExists = ifExists
    }
}

/// `INSERT INTO|OVERWRITE table [(columns)] query`
public struct Insert: Sendable, Equatable {
    public var table: [String]
    public var overwrite: Bool
    public var columns: [String]
    public var query: Query

    public init(table: [String], overwrite: Bool = false, columns: [String] = [], query: Query) {
        self.table = table
        self.overwrite = overwrite
        self.columns = columns
        self.query = query
    }
}
