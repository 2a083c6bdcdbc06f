import SluiceColumnar

/// One subtask of a chain: operators fused by direct calls, fed by an input gate or a source, writing
/// to the channels of its outgoing edges.
///
/// Each `run()` is one quantum: at most `quantum` input elements (or source polls), and only while
/// every output channel has room, so a full channel parks the task (backpressure) and an empty input
/// parks it until a producer writes. The lifecycle is the pure `TaskLifecycle`; this class performs
/// its actions. Threading: run by one worker at a time (see `ScheduledTask`).
final class StreamTask: ScheduledTask, @unchecked Sendable {
    // SAFETY: inherited from ScheduledTask: one worker at a time, hand-offs ordered by the scheduler.
    enum WaitReason { case none, input, output }

    /// A class, so that a quantum takes one reference to it rather than one per field.
    final class Source {
        let reader: any SourceReader
        let context: OperatorContext
        let output: Output

        init(reader: any SourceReader, context: OperatorContext, output: Output) {
            self.reader = reader
            self.context = context
            self.output = output
        }
    }

    let chainName: String
    let subtaskIndex: Int
    let links: [ChainLink]
    private(set) var source: Source?
    var gate = InputGate([])
    var router: OutputRouter?
    let failure: ChainFailure
    let metrics = TaskMetrics()
    let quantum: Int
    /// How long an unbounded source that had nothing to read sleeps before it is polled again.
    let idlePollNanos: Int64
    unowned(unsafe) var job: JobRun!
    private(set) var lifecycle = TaskLifecycle()
    private var waitingSince: Int64 = 0
    /// When the current quantum started (monotonic nanoseconds).
    private var quantumStart: Int64 = 0
    private var waitReason = WaitReason.none
    private var sourceOpen = false
    private var lastSourceEmit: Int64 = 0
    /// This task's index among the job's tasks (how the checkpoint coordinator counts acknowledgements).
    var taskIndex = 0
    /// The newest checkpoint this task snapshotted, and the newest completion it passed on.
    var lastCheckpointTaken: Int64 = 0
    var lastNotifiedCheckpoint: Int64 = 0

    /// The subtask of the chain's head: named in errors that no operator claimed.
    let headInfo: SubtaskInfo

    init(chainName: String, subtaskIndex: Int, links: [ChainLink], failure: ChainFailure, headInfo: SubtaskInfo, quantum: Int,
         idlePollNanos: Int64) {
        self.idlePollNanos = idlePollNanos
        self.failure = failure
        self.chainName = chainName
        self.subtaskIndex = subtaskIndex
        self.links = links
        self.headInfo = headInfo
        self.quantum = max(1, quantum)
    }

    /// Builds the outputs once the router is known: each link feeds the next, the tail feeds the router.
    func wire(source reader: (any SourceReader, OperatorContext)?) {
        let tailTarget: Output.Target = router.map { .network($0) } ?? .none
        for (i, link) in links.enumerated() {
            link.output = Output(i + 1 < links.count ? .chained(links[i + 1]) : tailTarget, metrics: link.metrics)
        }
        if let (r, context) = reader {
            let target: Output.Target = links.first.map { .chained($0) } ?? tailTarget
            source = Source(reader: r, context: context, output: Output(target, metrics: context.metrics))
        }
    }

    var displayName: String { "\(chainName) (\(subtaskIndex + 1))" }
    var lifecycleState: TaskLifecycle.State { lifecycle.state }

    // MARK: running

    override func run() -> RunResult {
        let gate = self.gate, router = self.router  // one reference each for the whole quantum
        let start = MonotonicClock.nanos()
        quantumStart = start
        if waitingSince > 0 {
            switch waitReason {
            case .input: metrics.idleNanos += start - waitingSince
            case .output: metrics.backpressuredNanos += start - waitingSince
            case .none: break
            }
        }
        waitReason = .none
        metrics.quanta += 1
        if !gate.isEmpty { metrics.queueDepthMax = max(metrics.queueDepthMax, gate.queuedElements) }
        let result = step()
        // Hand-offs once per quantum: publish this quantum's output, free producers waiting for room.
        router?.publish()
        gate.wakeWaitingProducers()
        let end = MonotonicClock.nanos()
        metrics.busyNanos += end - start
        waitingSince = end
        return result
    }

    override func didComplete() { job.taskDone() }

    private func step() -> RunResult {
        if job.isCancelling, !lifecycle.state.isTerminal { return cancel() }
        do {
            switch lifecycle.state {
            case .created:
                guard case .open = lifecycle.on(.start) else { return illegal("start") }
                try openAll()
                return .more
            case .running:
                return try processQuantum()
            case .finishing:
                return try drainAfterFinish()
            case .cancelling:
                return cancel()
            case .finished, .failed, .cancelled:
                return .done
            }
        } catch {
            return fail(error)
        }
    }

    private func processQuantum() throws(SluiceError) -> RunResult {
        // Locals, read once per quantum: the per-element loops below then touch no reference counts.
        let router = self.router
        if let router, !router.flush() { return waiting(.output) }
        if let coordinator = job.checkpoints { try followCheckpoints(coordinator) }
        if let source { return try pollQuantum(source, router) }
        return try inputQuantum(gate, head: links[0], router)
    }

    /// A source task's quantum: up to `quantum` polls while the output has room.
    private func pollQuantum(_ source: Source, _ router: OutputRouter?) throws(SluiceError) -> RunResult {
        // The quantum's start time dates the source's output for the buffer timeout: no clock read
        // per poll.
        let now = quantumStart
        for _ in 0..<quantum {
            if let router, !router.hasRoom() { return waiting(.output) }
            switch try pollSource(source, now: now) {
            case .moreAvailable: continue
            case .nothingAvailable:
                // Poll again after a short sleep, or when the buffer timeout is due if that is sooner.
                let operatorsDue = try fireDueProcessingTime()
                waitReason = .input
                let now = MonotonicClock.nanos()
                let flushAt = lastSourceEmit + source.context.bufferTimeoutNanos
                return .sleep(until: max(now, min(now + idlePollNanos, flushAt, operatorsDue)))
            case .endOfInput: return try beginFinish()
            }
        }
        return .more
    }

    /// A task fed by channels: up to `quantum` input elements while the output has room.
    private func inputQuantum(_ gate: InputGate, head: ChainLink, _ router: OutputRouter?) throws(SluiceError) -> RunResult {
        for _ in 0..<quantum {
            if let router, !router.hasRoom() { return waiting(.output) }
            guard let event = gate.poll() else { return try idleUntilInput() }
            switch consume event {
            case .batch(let batch, let input):
                try head.process(batch, input: input)
            case .watermark(let watermark):
                try head.processWatermark(watermark)
            case .status(let status):
                for link in links { link.context.metrics.custom["idle"] = status == .idle ? 1 : 0 }
                head.output.emitStatus(status)
            case .barrier(let id):
                try checkpoint(id)
            case .barrierAborted:
                // A newer barrier overtook this one; the coordinator drops the older checkpoint.
                continue
            case .consumed:
                continue
            case .endOfAllInput:
                return try beginFinish()
            }
        }
        return .more
    }

    /// No input is queued: fire the operators' due processing-time work, then wait for input, or sleep
    /// until the earliest processing-time deadline of the chain.
    private func idleUntilInput() throws(SluiceError) -> RunResult {
        let earliest = try fireDueProcessingTime()
        waitReason = .input
        if let router, !router.flush() { return waiting(.output) }
        return earliest == .max ? .wait : .sleep(until: earliest)
    }

    /// Calls `onProcessingTime` on the operators of the chain whose deadline has come; returns the
    /// earliest deadline left (monotonic nanoseconds; `Int64.max` for none).
    private func fireDueProcessingTime() throws(SluiceError) -> Int64 {
        var earliest = Int64.max
        var clock: Int64?  // read only when some operator has a deadline
        for link in links {
            guard let deadline = link.op.processingTimeDeadline() else { continue }
            let now = clock ?? MonotonicClock.nanos()
            clock = now
            if deadline <= now {
                try link.attributed { () throws(SluiceError) in try link.op.onProcessingTime(output: link.output) }
                let after = MonotonicClock.nanos()
                clock = after
                guard let next = link.op.processingTimeDeadline() else { continue }
                earliest = min(earliest, max(next, after + 1_000_000))
            } else {
                earliest = min(earliest, deadline)
            }
        }
        return earliest
    }

    /// The contexts of the task's operators in chain order, its source first.
    var operatorContexts: [OperatorContext] {
        (source.map { [$0.context] } ?? []) + links.map(\.context)
    }

    private func pollSource(_ source: Source, now: Int64) throws(SluiceError) -> SourceStatus {
        let before = source.context.metrics.batchesOut
        let status: SourceStatus
        do {
            status = try source.reader.poll(output: source.output)
        } catch {
            failure.record(source.context.subtask)
            throw error
        }
        if source.context.metrics.batchesOut != before {
            lastSourceEmit = now
        } else if status == .nothingAvailable, now - lastSourceEmit >= source.context.bufferTimeoutNanos {
            lastSourceEmit = now
            do { try source.reader.flushPartial(output: source.output) } catch {
                failure.record(source.context.subtask)
                throw error
            }
        }
        return status
    }

    private func beginFinish() throws(SluiceError) -> RunResult {
        guard case .finish = lifecycle.on(.endOfInput) else { return illegal("endOfInput") }
        job.checkpoints?.taskFinished()
        for link in links {
            try link.attributed { () throws(SluiceError) in try link.op.finish(output: link.output) }
        }
        router?.broadcastControl(.endOfInput)
        return try drainAfterFinish()
    }

    private func drainAfterFinish() throws(SluiceError) -> RunResult {
        if let router, !router.flush() { return waiting(.output) }
        guard case .closeAndReportFinished = lifecycle.on(.finishDone) else { return illegal("finishDone") }
        closeAll()
        return .done
    }

    private func waiting(_ reason: WaitReason) -> RunResult {
        waitReason = reason
        return .wait
    }

    // MARK: lifecycle actions

    private func openAll() throws(SluiceError) {
        if let source {
            sourceOpen = true
            do { try source.reader.open(source.context) } catch {
                failure.record(source.context.subtask)
                throw error
            }
            lastSourceEmit = MonotonicClock.nanos()
        }
        for link in links {
            link.isOpen = true
            try link.attributed { () throws(SluiceError) in try link.op.open(link.context) }
        }
        if let restore = job.restore { try restoreAll(restore) }
    }

    private func closeAll() {
        if sourceOpen, let source { source.reader.close() }
        sourceOpen = false
        for link in links where link.isOpen {
            link.op.close()
            link.isOpen = false
        }
    }

    private func fail(_ error: SluiceError) -> RunResult {
        var attributed = error
        attributed.context.operatorName = (failure.subtask ?? headInfo).displayName
        switch lifecycle.on(.fail(attributed)) {
        case .closeAndReportFailure(let reported):
            closeAll()
            job.reportFailure(reported)
        default:
            closeAll()
        }
        return .done
    }

    private func cancel() -> RunResult {
        switch lifecycle.on(.cancel) {
        case .stopAndClose:
            closeAll()
            _ = lifecycle.on(.cancelDone)
        default:
            break
        }
        return .done
    }

    private func illegal(_ event: String) -> RunResult {
        fail(.internalError("task \(displayName) got \(event) in state \(lifecycle.state.rawValue)"))
    }
}
