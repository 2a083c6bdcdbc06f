/// The ordered, named fields of a batch or table, with the event-time attribute and primary key as
/// metadata.
public struct Schema: Hashable, Sendable {
    public private(set) var fields: [Field]
    /// The index of the event-time attribute (the column a watermark is defined on), if any.
    public var eventTimeIndex: Int?
    /// Indices of the primary-key columns, in key order; empty when there is none.
    public var primaryKey: [Int]

    public init(_ fields: [Field], eventTimeIndex: Int? = nil, primaryKey: [Int] = []) {
        self.fields = fields
        self.eventTimeIndex = eventTimeIndex
        self.primaryKey = primaryKey
    }

    public var count: Int { fields.count }
    public var names: [String] { fields.map(\.name) }
    public subscript(i: Int) -> Field { fields[i] }

    /// The index of the field with this name (exact match first, then case-insensitive), or nil.
    public func index(of name: String) -> Int? {
        if let i = fields.firstIndex(where: { $0.name == name }) { return i }
        let lower = name.lowercased()
        return fields.firstIndex(where: { $0.name.lowercased() == lower })
    }

    /// The index of the named field, or an error that suggests the closest name and lists the columns.
    public func requireIndex(of name: String, in tableName: String? = nil) throws(SluiceError) -> Int {
        if let i = index(of: name) { return i }
        var message = "column `\(name)` not found"
        if let tableName { message += " in table `\(tableName)`" }
        if let guess = NameSuggestion.closest(to: name, among: names) {
            message += "; did you mean `\(guess)`?"
        }
        message += " (columns: \(names.joined(separator: ", ")))"
        throw SluiceError(.invalidInput, message, context: .init(column: name))
    }

    /// A schema with only the given fields, in the given order.
    public func project(_ indices: [Int]) -> Schema {
        let mapped = eventTimeIndex.flatMap { indices.firstIndex(of: $0) }
        let key = primaryKey.compactMap { indices.firstIndex(of: $0) }
        return Schema(indices.map { fields[$0] }, eventTimeIndex: mapped,
                      primaryKey: key.count == primaryKey.count ? key : [])
    }

    /// True when both schemas have the same column types in the same order (names may differ).
    /// Allocation-free: operators call it once per batch.
    public func hasSameColumnTypes(as other: Schema) -> Bool {
        fields.count == other.fields.count && fields.indices.allSatisfy { fields[$0].type == other.fields[$0].type }
    }

    public func appending(_ field: Field) -> Schema {
        var copy = self
        copy.fields.append(field)
        return copy
    }
}

extension Schema: CustomStringConvertible {
    public var description: String {
        "(" + fields.map(\.description).joined(separator: ", ") + ")"
    }
}
