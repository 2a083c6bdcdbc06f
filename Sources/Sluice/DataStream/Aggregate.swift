/// An aggregate of the DataStream API: `.count()`, `.sum("value")`, `.max("price").as("top")`,
/// `.count("x").filter(col("ok"))`, `.countDistinct("user")`.
public struct Aggregate: Sendable {
    public var function: AggregateFunction
    public var column: String?
    public var distinct = false
    public var name: String?
    /// Only rows where this BOOLEAN column is TRUE are aggregated (SQL's FILTER (WHERE …)).
    public var filterColumn: String?

    public static func count() -> Aggregate { Aggregate(function: .countStar, column: nil) }
    public static func count(_ column: String) -> Aggregate { Aggregate(function: .count, column: column) }
    public static func countDistinct(_ column: String) -> Aggregate { Aggregate(function: .count, column: column, distinct: true) }
    public static func sum(_ column: String) -> Aggregate { Aggregate(function: .sum, column: column) }
    public static func min(_ column: String) -> Aggregate { Aggregate(function: .min, column: column) }
    public static func max(_ column: String) -> Aggregate { Aggregate(function: .max, column: column) }
    public static func avg(_ column: String) -> Aggregate { Aggregate(function: .avg, column: column) }
    public static func first(_ column: String) -> Aggregate { Aggregate(function: .firstValue, column: column) }
    public static func last(_ column: String) -> Aggregate { Aggregate(function: .lastValue, column: column) }

    public func `as`(_ name: String) -> Aggregate { var a = self; a.name = name; return a }
    public func filter(_ booleanColumn: String) -> Aggregate { var a = self; a.filterColumn = booleanColumn; return a }

    /// The aggregator's spec for a stream of `schema`.
    func spec(_ schema: Schema) throws(SluiceError) -> AggregateSpec {
        let input = try column.map { (c: String) throws(SluiceError) -> Int in try schema.requireIndex(of: c) }
        let filter = try filterColumn.map { (c: String) throws(SluiceError) -> Int in try schema.requireIndex(of: c) }
        if function == .countStar { return .countStar(filter: filter, name: name) }
        return AggregateSpec(function, input: input, filter: filter, distinct: distinct, name: name)
    }
}
