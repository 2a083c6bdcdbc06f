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
    /// Where the reader stands, taken at a checkpoint barrier: reading again from these positions
    /// must produce exactly the rows not emitted before the call. nil: this source cannot take part
    /// in checkpoints (the checkpoint is declined with the source's name).
    func snapshotPosition() throws(SluiceError) -> [SplitPosition]?
    /// Rewinds a freshly opened reader to positions its subtask recorded at a checkpoint.
    func restore(_ positions: [SplitPosition]) throws(SluiceError)
    func close()
}

/// Where a source split stood at a checkpoint: the split's description (for messages and for
/// matching on restore) and how far into it the reader was, in the source's own unit (rows read,
/// a sequence number).
public struct SplitPosition: Sendable, Equatable {
    public var split: String
    public var offset: Int64

    public init(split: String, offset: Int64) {
        self.split = split
        self.offset = offset
    }
}

extension SourceReader {
    public func open(_ context: OperatorContext) throws(SluiceError) {}
    public func flushPartial(output: Output) throws(SluiceError) {}
    public func snapshotPosition() throws(SluiceError) -> [SplitPosition]? { nil }
    public func restore(_ positions: [SplitPosition]) throws(SluiceError) {
        throw .unsupported("this source cannot be restored from a checkpoint (it records no positions)")
    }
    public func close() {}
}
