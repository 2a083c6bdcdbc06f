import SluiceColumnar
import SluiceRuntime
import SluiceStorage

/// What a process function may know and do besides its batch: where it runs and its own counters.
///
/// Threading: used only by the worker running the operator, during the call.
public final class ProcessContext {
    private let context: OperatorContext
    /// The schema the function's output batches must have.
    public let outputSchema: Schema
    /// The keyed state of a keyed process function, scoped to the current row's key (nil when the
    /// stream is not keyed); see `ProcessContext+State`.
    var keyedState: KeyedStateBackend?
    /// Timers and the current key, set by keyed process operators (see `ProcessContext+Timers`).
    var timerScope: TimerScope?

    init(_ context: OperatorContext, outputSchema: Schema) {
        self.context = context
        self.outputSchema = outputSchema
    }

    public var subtask: SubtaskInfo { context.subtask }
    public var subtaskIndex: Int { context.subtaskIndex }
    public var parallelism: Int { context.parallelism }

    /// Adds `amount` to the operator's custom counter `name` (reported in the job's metrics).
    public func increment(_ name: String, by amount: Int = 1) {
        context.metrics.custom[name, default: 0] += amount
    }
}
