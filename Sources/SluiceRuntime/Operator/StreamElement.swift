import SluiceColumnar

/// An event-time watermark: no element with a timestamp at or below `timestamp` is expected any more.
///
/// Timestamps are microseconds since the epoch, like `Value.timestamp`. A stub for now: the watermark
/// valve and the timer service will give it more behaviour.
public struct Watermark: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var timestamp: Int64

    public init(_ timestamp: Int64) { self.timestamp = timestamp }

    /// The watermark that says "no more data": sent when a bounded input ends.
    public static let max = Watermark(.max)
    public static let min = Watermark(.min)

    public static func < (a: Watermark, b: Watermark) -> Bool { a.timestamp < b.timestamp }
    public var description: String { "Watermark(\(timestamp))" }
}

/// Whether a channel currently carries data; idle channels do not hold back the watermark.
public enum StreamStatus: Sendable, Equatable {
    case active
    case idle
}

/// One element that flows through a channel between tasks.
///
/// Batches carry the data; everything else is control: watermarks, checkpoint barriers, idleness and
/// the end of a bounded input.
public enum StreamElement: Sendable {
    case batch(RecordBatch)
    case watermark(Watermark)
    case barrier(checkpointID: Int64)
    case status(StreamStatus)
    case endOfInput
}
