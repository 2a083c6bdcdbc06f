import SluiceColumnar

/// The outgoing side of a task: every network edge of the chain's tail, each with its writers
/// indexed by consumer subtask.
///
/// Performance: the per-batch path reads plain values only (a route's kind and its writers' range in
/// one flat list of unmanaged writers), so sending a batch costs no reference counting beyond the
/// copy of the batch that each channel keeps.
final class OutputRouter {
    enum Route {
        case forward(ChannelWriter)
        /// Round robin, starting at writer `next`.
        case rebalance([ChannelWriter], next: Int)
        case broadcast([ChannelWriter])
        case hash([ChannelWriter], keyColumns: [Int], maxParallelism: Int, HashPartitioner)
    }

    /// A route as the per-batch path sees it: its writers are `writerRefs[first ..< first + count]`.
    private struct Span {
        enum Kind { case forward, rebalance, broadcast, hash }
        let kind: Kind
        let first: Int
        let count: Int
    }

    private let routes: [Route]
    private let spans: [Span]
    let writers: [ChannelWriter]
    // SAFETY: `writers` holds every writer strongly for the life of the router.
    private let writerRefs: [Unmanaged<ChannelWriter>]
    // SAFETY: one slot per route, allocated in `init` and freed in `deinit`; only the producer task
    // (one worker at a time) touches it, and `emit` indexes it by route index only.
    /// The next writer of each `.rebalance` route, relative to its span (unused for other routes).
    private let positions: UnsafeMutablePointer<Int>

    init(routes: [Route]) {
        self.routes = routes
        var spans: [Span] = []
        var writers: [ChannelWriter] = []
        positions = .allocate(capacity: max(1, routes.count))
        for (i, route) in routes.enumerated() {
            let (kind, ws): (Span.Kind, [ChannelWriter])
            var next = 0
            switch route {
            case .forward(let w): (kind, ws) = (.forward, [w])
            case .rebalance(let w, let first): (kind, ws, next) = (.rebalance, w, first)
            case .broadcast(let w): (kind, ws) = (.broadcast, w)
            case .hash(let w, _, _, _): (kind, ws) = (.hash, w)
            }
            spans.append(Span(kind: kind, first: writers.count, count: ws.count))
            writers += ws
            (positions + i).initialize(to: next)
        }
        self.spans = spans
        self.writers = writers
        writerRefs = writers.map { .passUnretained($0) }
    }

    deinit {
        positions.deinitialize(count: routes.count)
        positions.deallocate()
    }

    /// Sends a batch along every edge: each channel gets a copy, moved into its ring.
    func emit(_ batch: RecordBatch) throws(SluiceError) {
        for r in spans.indices {
            let span = spans[r]
            switch span.kind {
            case .forward:
                write(batch, to: span.first)
            case .rebalance:
                let next = positions[r]
                positions[r] = next + 1 == span.count ? 0 : next + 1
                write(batch, to: span.first + next)
            case .broadcast:
                for k in span.first..<span.first + span.count { write(batch, to: k) }
            case .hash:
                try emitHashed(batch, along: r)
            }
        }
    }

    @inline(__always)
    private func write(_ batch: RecordBatch, to writer: Int) {
        writerRefs[writer]._withUnsafeGuaranteedRef { $0.write(.batch(batch)) }
    }

    private func emitHashed(_ batch: RecordBatch, along r: Int) throws(SluiceError) {
        guard case .hash(let ws, let keys, let maxParallelism, let partitioner) = routes[r] else { return }
        if ws.count == 1 {
            ws[0].write(.batch(batch))
            return
        }
        let parts = try partitioner.split(batch, keys, ws.count, maxParallelism)
        guard parts.count == ws.count else {
            throw .internalError("hash partitioner returned \(parts.count) batches for \(ws.count) subtasks")
        }
        for (w, part) in zip(ws, parts) where part.count > 0 { w.write(.batch(part)) }
    }

    /// Sends a control element (watermark, barrier, status, end of input) to every channel.
    func broadcastControl(_ element: StreamElement) {
        for w in writers { w.write(element) }
    }

    /// Makes everything written so far visible to the consumers, and wakes them.
    func publish() {
        for w in writerRefs { w._withUnsafeGuaranteedRef { $0.channel.publish() } }
    }

    /// Drains overflow; true when every writer is empty.
    func flush() -> Bool {
        var clear = true
        for w in writers {
            while !w.flush() {
                // Full: register for a wake-up; if room appeared meanwhile, try again.
                if !w.channel.hasRoomOrWait() {
                    clear = false
                    break
                }
            }
        }
        return clear
    }

    /// Whether every channel can take an element now.
    func hasRoom() -> Bool {
        for w in writerRefs where !w._withUnsafeGuaranteedRef({ $0.hasRoom() }) { return false }
        return true
    }
}
