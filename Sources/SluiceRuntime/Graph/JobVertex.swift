import SluiceColumnar

/// Identifies a vertex inside one `JobGraph` (its position in `vertices`).
public struct VertexID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(_ rawValue: Int) { self.rawValue = rawValue }
    public static func < (a: VertexID, b: VertexID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "#\(rawValue)" }
}

/// One logical operator of a job: a name, a stable uid, a parallelism and its schemas.
///
/// The factory builds one instance per subtask on the executor's thread; the instance then lives on
/// whichever worker runs its task. `uid` names the operator's state across runs (savepoints), so it
/// must not change when the job is edited; it defaults to the name.
public struct JobVertex: Sendable {
    public enum Kind: Sendable {
        case source(@Sendable (SubtaskInfo) -> any SourceReader)
        case `operator`(@Sendable (SubtaskInfo) -> any Operator)
    }

    public let id: VertexID
    public var name: String
    public var uid: String
    public var parallelism: Int
    /// What each input expects; index `i` is the schema of input `i`. Empty for sources.
    public var inputSchemas: [Schema]
    public var outputSchema: Schema
    public var kind: Kind
    /// Memory an operator subtask may use, handed to it through `OperatorContext`.
    public var memoryBudgetBytes: Int

    public var isSource: Bool {
        if case .source = kind { return true }
        return false
    }
}

/// A column of a hash key, by name or by position in the producer's output schema.
public enum KeyColumn: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible {
    case name(String)
    case index(Int)

    public init(stringLiteral value: String) { self = .name(value) }
    public init(integerLiteral value: Int) { self = .index(value) }

    public var description: String {
        switch self {
        case .name(let n): return "`\(n)`"
        case .index(let i): return "#\(i)"
        }
    }
}

/// How a producer's batches are distributed over the consumer's subtasks.
public enum Partitioning: Sendable, Equatable, CustomStringConvertible {
    /// Subtask i to subtask i; needs equal parallelism. Chained into one task when possible.
    case forward
    /// By hash of the key columns, through `maxParallelism` key groups (the unit of state redistribution).
    case hash(keyColumns: [KeyColumn], maxParallelism: Int = 128)
    /// Round-robin, batch by batch.
    case rebalance
    /// Every batch to every consumer subtask.
    case broadcast

    public var description: String {
        switch self {
        case .forward: return "forward"
        case .hash(let keys, let maxP): return "hash(\(keys.map(\.description).joined(separator: ", ")); max \(maxP))"
        case .rebalance: return "rebalance"
        case .broadcast: return "broadcast"
        }
    }
}

/// A connection from a producer's output to input `input` of a consumer.
public struct JobEdge: Sendable {
    public var source: VertexID
    public var target: VertexID
    public var partitioning: Partitioning
    public var input: Int
}
