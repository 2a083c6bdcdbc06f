import SluiceColumnar

/// How a source derives watermarks from the event-time column of its rows.
///
/// ```swift
/// let strategy = WatermarkStrategy.boundedOutOfOrderness(5_000_000, column: "ts")   // 5 s
///     .withIdleness(timeoutMicros: 60_000_000)
/// ```
/// Semantics follow Flink's DataStream `WatermarkStrategy`: with a delay `d` the watermark after a
/// batch is `max timestamp seen - d - 1` (a watermark `w` promises no more rows at or before `w`, so a
/// row `d` behind the newest one is still on time); `monotonous` is a delay of 0; `none` never emits
/// a watermark before the end of a bounded input. Watermarks are generated per source subtask (one
/// split per subtask) and only move forward.
///
/// Where it lives: watermark generation is in `SluiceRuntime/Time/` (strategy, generator, idleness
/// detector, `WatermarkAssigner`, `WatermarkedSource`) rather than in the connectors, because every
/// source — connectors, `BatchSource`, the DataStream API, tests — needs the same generator, and it
/// pairs with the runtime's `WatermarkValve` and, later, its timer service.
public struct WatermarkStrategy: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Rows arrive at most `delayMicros` behind the newest one.
        case boundedOutOfOrderness(delayMicros: Int64)
        /// Timestamps never decrease.
        case monotonous
        /// No watermarks (processing-time jobs); a bounded input still ends with +∞.
        case none
    }

    /// What to do with a row whose event time is NULL.
    public enum NullTimestamps: Sendable, Equatable {
        /// Fail the job with an error naming the column (the default).
        case fail
        /// Drop the row and count it in the metric `nullTimestampsDropped`.
        case drop
    }

    public var kind: Kind
    /// The event-time column (TIMESTAMP(p), TIMESTAMP_LTZ(p) or BIGINT microseconds); unused by `.none`.
    public var timestampColumn: String?
    /// After this much processing time without rows the split is idle and stops holding the
    /// watermark back; nil disables idleness detection.
    public var idleTimeoutMicros: Int64?
    public var nullTimestamps: NullTimestamps

    public init(_ kind: Kind, column: String?, idleTimeoutMicros: Int64? = nil, nullTimestamps: NullTimestamps = .fail) {
        self.kind = kind
        timestampColumn = column
        self.idleTimeoutMicros = idleTimeoutMicros
        self.nullTimestamps = nullTimestamps
    }

    public static func boundedOutOfOrderness(_ delayMicros: Int64, column: String) -> WatermarkStrategy {
        WatermarkStrategy(.boundedOutOfOrderness(delayMicros: delayMicros), column: column)
    }

    public static func monotonous(column: String) -> WatermarkStrategy {
        WatermarkStrategy(.monotonous, column: column)
    }

    public static let none = WatermarkStrategy(.none, column: nil)

    /// The same strategy with idleness detection after `timeoutMicros` of processing time.
    public func withIdleness(timeoutMicros: Int64) -> WatermarkStrategy {
        var copy = self
        copy.idleTimeoutMicros = timeoutMicros
        return copy
    }

    /// The same strategy dropping (and counting) rows whose event time is NULL.
    public func droppingNullTimestamps() -> WatermarkStrategy {
        var copy = self
        copy.nullTimestamps = .drop
        return copy
    }

    /// How far the watermark trails the largest timestamp (before the extra 1 µs).
    var delayMicros: Int64 {
        switch kind {
        case .boundedOutOfOrderness(let d): return d
        case .monotonous, .none: return 0
        }
    }

    /// Checks the strategy against the schema of the rows it will see; returns the column index.
    public func validate(against schema: Schema) throws(SluiceError) -> Int? {
        if case .boundedOutOfOrderness(let d) = kind, d < 0 {
            throw .invalidInput("bounded out-of-orderness must not be negative, found \(d) µs; use 0 (or .monotonous) for ordered input")
        }
        if let t = idleTimeoutMicros, t <= 0 {
            throw .invalidInput("idle timeout must be positive, found \(t) µs; leave it nil to disable idleness detection")
        }
        if case .none = kind { return nil }
        guard let name = timestampColumn else {
            throw .invalidInput("watermark strategy \(kind) needs an event-time column; name one with column:")
        }
        return try EventTime.columnIndex(name, in: schema)
    }
}
