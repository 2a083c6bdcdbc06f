import SluiceColumnar

/// The outgoing side of a task: every network edge of the chain's tail, each with its writers
/// indexed by consumer subtask.
final class OutputRouter {
    enum Route {
        case forward(ChannelWriter)
        case rebalance([ChannelWriter], RoundRobin)
        case broadcast([ChannelWriter])
        case hash([ChannelWriter], keyColumns: [Int], maxParallelism: Int, HashPartitioner)
    }

    /// The position of a rebalance edge: a class, so that advancing it leaves the routes untouched.
    final class RoundRobin {
        private(set) var next: Int
        private let count: Int

        init(first: Int, count: Int) {
            next = first
            self.count = count
        }

        /// The current writer index; moves on to the next one.
        @inline(__always)
        func advance() -> Int {
            let current = next
            next = current + 1 == count ? 0 : current + 1
            return current
        }
    }

    /// Immutable, so `emit` reads each route in place instead of copying it (and its arrays' reference
    /// counts) once per batch.
    private let routes: [Route]
    let writers: [ChannelWriter]

    init(routes: [Route]) {
        self.routes = routes
        writers = routes.flatMap { route -> [ChannelWriter] in
            switch route {
            case .forward(let w): return [w]
            case .rebalance(let ws, _), .broadcast(let ws), .hash(let ws, _, _, _): return ws
            }
        }
    }

    /// Sends a batch along every edge: each channel gets a copy, moved into its ring.
    func emit(_ batch: RecordBatch) throws(SluiceError) {
        for i in routes.indices { try emit(batch, along: routes[i]) }
    }

    @inline(__always)
    private func emit(_ batch: RecordBatch, along route: borrowing Route) throws(SluiceError) {
        switch route {
        case .forward(let w):
            w.write(.batch(batch))
        case .rebalance(let ws, let position):
            ws[position.advance()].write(.batch(batch))
        case .broadcast(let ws):
            for w in ws { w.write(.batch(batch)) }
        case .hash(let ws, let keys, let maxParallelism, let partitioner):
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
    }

    /// Sends a control element (watermark, barrier, status, end of input) to every channel.
    func broadcastControl(_ element: StreamElement) {
        for w in writers { w.write(element) }
    }

    /// Makes everything written so far visible to the consumers, and wakes them.
    func publish() {
        for w in writers { w.channel.publish() }
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
        for w in writers where !w.hasRoom() { return false }
        return true
    }
}
