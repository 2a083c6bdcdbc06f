/// How a keyed aggregate reports its results: the runtime mode of Flink, per operator.
public enum AggregateMode: Sendable, Equatable, CustomStringConvertible {
    /// Bounded input: one final row per group, emitted once at the end of input (append-only).
    case batch
    /// Unbounded input: a changelog (+I for a new group, then -U/+U pairs when it changes), emitted as
    /// mini-batches (Flink's mini-batch aggregation).
    case streaming

    public var description: String { self == .batch ? "batch" : "streaming" }
}
