#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SluiceColumnar
import SluiceRuntime

/// When and how a final aggregate (single or global phase) emits its results: the shared plumbing
/// of `SingleAggregateOperator` and `GlobalAggregateOperator`.
///
/// `.batch`: the final rows once, at `finish`. `.streaming`: Flink's mini-batch aggregation — input
/// is folded into the table as it arrives, and the changes since the last emission go out as one
/// changelog batch (see `AggregateChangelog`) when a batch arrives at least a buffer timeout after
/// the previous emission, on every watermark, and at `finish`. There is no timer yet, so changes
/// that arrive just before the input goes quiet wait for the next batch, watermark or the end.
struct AggregateResultEmitter {
    let mode: AggregateMode
    let bufferTimeoutNanos: Int64
    private var changelog: AggregateChangelog
    private var lastEmitNanos: Int64
    private var dirty = false
    /// Rows per emitted batch, so one huge result does not become one huge batch.
    static let batchRows = 8192

    init(mode: AggregateMode, keyCount: Int, bufferTimeoutNanos: Int64) {
        self.mode = mode
        self.bufferTimeoutNanos = bufferTimeoutNanos
        changelog = AggregateChangelog(keyCount: keyCount)
        lastEmitNanos = NanoTime.now()
    }

    /// Call after folding input into `aggregator`.
    mutating func inputFolded(_ aggregator: inout HashAggregator, output: Output) throws(SluiceError) {
        dirty = true
        guard mode == .streaming, NanoTime.now() - lastEmitNanos >= bufferTimeoutNanos else { return }
        try flushChanges(&aggregator, output: output)
    }

    mutating func watermark(_ aggregator: inout HashAggregator, output: Output) throws(SluiceError) {
        if mode == .streaming { try flushChanges(&aggregator, output: output) }
    }

    /// Before a checkpoint barrier: streaming emits the pending changes, so the emitted result equals
    /// the table and a restore can rebuild it from the table alone.
    mutating func beforeBarrier(_ aggregator: inout HashAggregator, output: Output) throws(SluiceError) {
        if mode == .streaming { try flushChanges(&aggregator, output: output) }
    }

    /// After a restore from `partials` (the restored partial-state batches, in order): the restored
    /// table is what was emitted before the checkpoint.
    mutating func restored(_ aggregator: inout HashAggregator, from partials: [RecordBatch]) throws(SluiceError) {
        _ = aggregator.takeTouchedGroups()
        if mode == .streaming && aggregator.groupCount > 0 { changelog.assumeEmitted(try aggregator.restoredResult(partials)) }
    }

    mutating func finish(_ aggregator: inout HashAggregator, output: Output) throws(SluiceError) {
        switch mode {
        case .batch: try AggregateResultEmitter.emitSliced(aggregator.finish(), output: output)
        case .streaming: try flushChanges(&aggregator, output: output)
        }
    }

    /// Streaming: the aggregator records which groups each batch touched, so an emission compares
    /// only those with what was emitted before.
    func prepare(_ aggregator: inout HashAggregator) {
        aggregator.tracksTouchedGroups = mode == .streaming
    }

    private mutating func flushChanges(_ aggregator: inout HashAggregator, output: Output) throws(SluiceError) {
        lastEmitNanos = NanoTime.now()
        guard dirty else { return }
        dirty = false
        if let changes = try changelog.changes(to: aggregator.finish(), touched: aggregator.takeTouchedGroups()) {
            try AggregateResultEmitter.emitSliced(changes, output: output)
        }
    }

    static func emitSliced(_ batch: RecordBatch, output: Output) throws(SluiceError) {
        if batch.count <= batchRows { return try output.emit(batch) }
        var start = 0
        while start < batch.count {
            let length = min(batchRows, batch.count - start)
            try output.emit(batch.slice(start, length))
            start += length
        }
    }
}

/// Monotonic nanoseconds for mini-batch intervals (not per row).
enum NanoTime {
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}
