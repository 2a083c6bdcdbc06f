/// How a job runs, as Flink's `execution.runtime-mode`.
public enum RuntimeMode: String, Sendable {
    /// Keyed aggregates emit a changelog as results change (+I, then -U/+U pairs); sources may be unbounded.
    case streaming
    /// Every source is bounded; keyed aggregates emit only their final rows, once, at the end of input.
    case batch
}
