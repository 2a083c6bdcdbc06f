import SluiceColumnar

/// What a source reports after a `poll`.
public enum SourceStatus: Sendable, Equatable {
    /// More data can be read right away.
    case moreAvailable
    /// Nothing to read now (an unbounded source waiting for data); poll again later.
    case nothingAvailable
    /// The bounded input is exhausted; the task finishes its chain.
    case endOfInput
}

/// The reading side of a source subtask: a task calls `poll` while its output has room.
///
/// `poll` should emit at most about one batch per call so that backpressure and the scheduler's
/// quantum can act between calls.
public protocol SourceReader: AnyObject {
    func open(_ context: OperatorContext) throws(SluiceError)
    func poll(output: Output) throws(SluiceError) -> SourceStatus
    /// Emits a partly filled batch; called when nothing was emitted for the buffer timeout.
    func flushPartial(output: Output) throws(SluiceError)
    func close()
}

extension SourceReader {
    public func open(_ context: OperatorContext) throws(SluiceError) {}
    public func flushPartial(output: Output) throws(SluiceError) {}
    public func close() {}
}
