/// A named, typed column of a schema or a field of a ROW type.
public struct Field: Hashable, Sendable {
    public var name: String
    public var type: DataType
    public var nullable: Bool

    public init(_ name: String, _ type: DataType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}

extension Field: CustomStringConvertible {
    public var description: String { "\(name) \(type)\(nullable ? "" : " NOT NULL")" }
}
