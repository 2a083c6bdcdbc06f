/// `CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name (columns, watermark, primary key)
/// [COMMENT '…'] [PARTITIONED BY (…)] WITH ('key' = 'value', …)`.
public struct CreateTable: Sendable, Equatable {
    public var name: [String]
    public var temporary: Bool
    public var ifNotExists: Bool
    public var columns: [ColumnDefinition]
    public var watermark: WatermarkDefinition?
    /// Columns of `PRIMARY KEY (…) NOT ENFORCED`, written as a table or a column constraint.
    public var primaryKey: [String]
    public var comment: String?
    public var partitionedBy: [String]
    /// The `WITH` options in written order.
    public var options: [TableOption]

    public init(name: [String], temporary: Bool = false, ifNotExists: Bool = false,
                columns: [ColumnDefinition], watermark: WatermarkDefinition? = nil, primaryKey: [String] = [],
                comment: String? = nil, partitionedBy: [String] = [], options: [TableOption] = []) {
        self.name = name
        self.temporary = temporary
        self.ifNotExists = ifNotExists
        self.columns = columns
        self.watermark = watermark
        self.primaryKey = primaryKey
        self.comment = comment
        self.partitionedBy = partitionedBy
        self.options = options
    }

    /// The value of a `WITH` option, matched exactly as Flink does.
    public func option(_ key: String) -> String? {
        options.last { $0.key == key }?.value
    }
}

/// A column of `CREATE TABLE`: physical (`name TYPE [NOT NULL]`) or computed (`name AS expr`).
public struct ColumnDefinition: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case physical(TypeName)
        case computed(Expression)
    }

    public var name: String
    public var kind: Kind
    public var comment: String?

    public init(_ name: String, _ kind: Kind, comment: String? = nil) {
        self.name = name
        self.kind = kind
        self.comment = comment
    }
}

/// `WATERMARK FOR column AS expression`
public struct WatermarkDefinition: Sendable, Equatable {
    /// The event-time column (a dotted path for a nested field).
    public var column: [String]
    public var expression: Expression

    public init(column: [String], expression: Expression) {
        self.column = column
        self.expression = expression
    }
}

/// One `'key' = 'value'` pair of a `WITH` clause.
public struct TableOption: Sendable, Equatable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}
