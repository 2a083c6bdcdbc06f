import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

@Suite("Keyed process operator and timers")
struct KeyedProcessOperatorTests {
    let s = WindowData.second
    let out = Schema([Field("event", .string), Field("key", .int64), Field("at", .int64)])

    /// For every row: an event-time timer at ts + 2 s and a processing-time timer 1 s after now.
    func harness(_ clock: ManualClock) throws -> OperatorHarness {
        try OperatorHarness(KeyedProcessOperator(keyColumns: [1], outputSchema: out, clock: clock, onTimer: { timer, key, ctx, out throws(SluiceError) in
            let kind = timer.domain == .eventTime ? "event" : "processing"
            #expect(try ctx.currentKey() == key)
            try out.emit([.string(kind), key[0], .int(timer.timestamp)])
        }) { row, ctx, out throws(SluiceError) in
            guard case .timestamp(let ts) = try row.value(0) else { return }
            try ctx.registerEventTimeTimer(ts + 2 * 1_000_000)
            try ctx.registerProcessingTimeTimer(ctx.currentProcessingTime + 1_000_000)
            if try row.int64(2)! < 0 { try ctx.deleteEventTimeTimer(ts + 2 * 1_000_000) }
            try out.emit([.string("row"), try row.value(1), .int(ctx.currentWatermark)])
        })
    }

    @Test("event-time timers fire per key in timestamp order when the watermark passes; duplicates fire once")
    func eventTime() throws {
        let clock = ManualClock(0)
        let h = try harness(clock)
        try h.process(WindowData.batch(WindowData.rows([(1, 5, 1), (2, 3, 1), (1, 5, 1), (3, 4, -1)])))
        try h.watermark(6 * s)
        #expect(h.takeLines() == ["+I[row, 1, \(Int64.min)]", "+I[row, 2, \(Int64.min)]", "+I[row, 1, \(Int64.min)]",
                                  "+I[row, 3, \(Int64.min)]", "+I[event, 2, \(5 * s)]"])
        try h.process(WindowData.batch(WindowData.rows([(2, 1, 1)])))   // a timer already behind the watermark
        try h.watermark(7 * s)
        #expect(h.takeLines() == ["+I[row, 2, \(6 * s)]", "+I[event, 2, \(3 * s)]", "+I[event, 1, \(7 * s)]"])
        try h.finish()
        #expect(h.takeLines().isEmpty)   // key 3's timer was deleted
    }

    @Test("processing-time timers fire on the manual clock, when the operator next runs")
    func processingTime() throws {
        let clock = ManualClock(10 * s)
        let h = try harness(clock)
        try h.process(WindowData.batch(WindowData.rows([(1, 1, 1)])))
        clock.advance(by: s - 1)
        try h.watermark(0)
        #expect(h.takeLines() == ["+I[row, 1, \(Int64.min)]"])
        clock.advance(by: 1)
        try h.watermark(1)
        #expect(h.takeLines() == ["+I[processing, 1, \(11 * s)]"])
        #expect(h.op is KeyedProcessOperator)
        #expect((h.op as! KeyedProcessOperator).timers?.processingTime.count == 0)
        #expect((h.op as! KeyedProcessOperator).timers?.eventTime.count == 1)
    }

    @Test("timer calls from an unkeyed process function fail with a fix")
    func unkeyed() throws {
        let h = try OperatorHarness(ProcessOperator(outputSchema: WindowData.schema) { batch, ctx throws(SluiceError) in
            try ctx.registerEventTimeTimer(1)
            return batch
        })
        let error = #expect(throws: SluiceError.self) { try h.process(WindowData.batch(WindowData.rows([(1, 1, 1)]))) }
        #expect(error?.message.contains("registerEventTimeTimer needs a keyed process function") == true)
    }

    @Test("a keyed process job gives the same timer output at parallelism 1, 2 and 4")
    func job() throws {
        let rows = WindowData.random(count: 3_000, keys: 40, step: 20_000, jitter: s, seed: 3)
        var results: [[[Value]]] = []
        for p in [1, 2, 4] {
            let collected = CollectedBatches()
            var g = JobGraph()
            let batches = stride(from: 0, to: rows.count, by: 300).map { WindowData.batch(Array(rows[$0..<min($0 + 300, rows.count)])) }
            let src = g.addBatchSource(name: "src", parallelism: p, schema: WindowData.schema, batches: batches)
            let wm = try g.addWatermarkAssigner(name: "wm", input: src, strategy: .boundedOutOfOrderness(2 * s, column: "ts"))
            // Per key: the end of every 10 s bucket that saw a row, once (deduplicated timers).
            let proc = try g.addKeyedProcess(name: "proc", input: wm, keyColumns: [1], outputSchema: out, parallelism: p,
                                             onTimer: { timer, key, _, out throws(SluiceError) in
                try out.emit([.string("bucket"), key[0], .int(timer.timestamp)])
            }) { row, ctx, _ throws(SluiceError) in
                guard case .timestamp(let ts) = try row.value(0) else { return }
                try ctx.registerEventTimeTimer(Windows.start(of: ts, size: 10_000_000) + 10_000_000)
            }
            let sink = g.addCollectSink(name: "collect", schema: out, into: collected)
            g.connect(proc, sink, p == 1 ? .forward : .rebalance)
            _ = try sharedExecutor.execute(g, options: ExecutionOptions(hashPartitioner: .columnar), timeoutSeconds: 30)
            results.append(WindowData.sorted(collected.rows()))
        }
        var expected = Set<[Value]>()
        for r in rows { expected.insert([.string("bucket"), .int(r.key), .int(Windows.start(of: r.ts, size: 10_000_000) + 10_000_000)]) }
        #expect(results[0] == WindowData.sorted(Array(expected)))
        #expect(results[1] == results[0] && results[2] == results[0])
    }

    /// The keys whose key group subtask `subtask` of `parallelism` owns.
    static func keys(_ keys: [Int64], ofSubtask subtask: Int, parallelism: Int) -> [Int64] {
        keys.filter { key in
            let hash = Hashing.hash([Column.int64([key])]).load(UInt64.self, at: 0)
            let group = KeyGroups.keyGroup(hash: hash, maxParallelism: KeyGroups.defaultMaxParallelism)
            let range = try? KeyGroups.keyGroupRange(subtask: subtask, maxParallelism: KeyGroups.defaultMaxParallelism,
                                                     parallelism: parallelism)
            return range?.contains(group) == true
        }
    }

    /// Counts rows per key in value state and keeps one event-time timer per key (with `timers`).
    static func counting(_ clock: ManualClock, timers: Bool = true) -> KeyedProcessOperator {
        KeyedProcessOperator(keyColumns: [1], outputSchema: Schema([Field("key", .int64), Field("n", .int64)]), clock: clock,
                             onTimer: { _, key, ctx, out throws(SluiceError) in
            try out.emit([key[0], .int(-(try ctx.valueState("n", of: Int64.self).value() ?? 0))])
        }) { row, ctx, out throws(SluiceError) in
            let n = try ctx.valueState("n", of: Int64.self)
            let next = (try n.value() ?? 0) + 1
            try n.update(next)
            if next == 1 && timers { try ctx.registerEventTimeTimer(1_000) }
            try out.emit([try row.value(1), .int(next)])
        }
    }

    @Test("state and timers are checkpointed and restored, also at another parallelism (by key group)")
    func checkpointAndRescale() throws {
        let clock = ManualClock(0)
        let keys: [Int64] = Array(0..<40)
        let first = try OperatorHarness(Self.counting(clock))
        try first.process(WindowData.batch(WindowData.rows(keys.flatMap { [($0, 0, 1), ($0, 0, 1)] })))
        let snapshot = try #require(try first.op.snapshotState(checkpointID: 1))
        // The same parallelism: state and timers as they were.
        let same = try OperatorHarness(Self.counting(clock))
        try same.op.restoreState([RestoredSnapshot(subtask: 0, parallelism: 1, snapshot: snapshot)])
        try same.process(WindowData.batch(WindowData.rows([(7, 0, 1)])))
        try same.finish()
        #expect(same.lines.first == "+I[7, 3]")
        #expect(same.lines.dropFirst().sorted() == keys.map { "+I[\($0), \($0 == 7 ? -3 : -2)]" }.sorted())
        // Two subtasks: each keeps the keys of its key groups, and together they keep every key once.
        var finals: [String] = []
        for subtask in 0..<2 {
            let h = try OperatorHarness(Self.counting(clock), subtask: subtask, parallelism: 2)
            try h.op.restoreState([RestoredSnapshot(subtask: 0, parallelism: 1, snapshot: snapshot)])
            let mine = Self.keys(keys, ofSubtask: subtask, parallelism: 2)
            #expect(!mine.isEmpty)
            try h.process(WindowData.batch(WindowData.rows(mine.map { ($0, 0, 1) })))
            #expect(h.takeLines() == mine.map { "+I[\($0), 3]" }, "subtask \(subtask) continues from the restored counts")
            try h.finish()
            finals += h.takeLines()
        }
        #expect(finals.sorted() == keys.map { "+I[\($0), -3]" }.sorted())
        // A damaged snapshot fails with corruptState.
        var bad = snapshot
        bad.bytes[2] ^= 0xFF
        let broken = try OperatorHarness(Self.counting(clock))
        let error = #expect(throws: SluiceError.self) { try broken.op.restoreState([RestoredSnapshot(subtask: 0, parallelism: 1, snapshot: bad)]) }
        #expect(error?.code == .corruptState)
    }

    @Test("with incremental checkpoints the state travels as a chain of changes and restores the same, also rescaled")
    func incrementalChain() throws {
        let clock = ManualClock(0)
        let keys: [Int64] = Array(0..<5_000)
        // With a timer per key: timers are backend state, so they travel as changes too.
        let h = try OperatorHarness(Self.counting(clock), incrementalCheckpoints: true)
        try h.process(WindowData.batch(WindowData.rows(keys.map { ($0, 0, 1) })))
        let full = try #require(try h.op.snapshotState(checkpointID: 1))
        #expect(full.baseCheckpoint == nil)
        try h.op.notifyCheckpointComplete(1)
        try h.process(WindowData.batch(WindowData.rows([(7, 0, 1), (4_999, 0, 1), (6_000, 0, 1)])))
        let second = try #require(try h.op.snapshotState(checkpointID: 2))
        #expect(second.baseCheckpoint == 1)
        #expect(second.bytes.count * 5 < full.bytes.count, "increment \(second.bytes.count) B, full \(full.bytes.count) B")
        // Checkpoint 2 never completes: the next snapshot cannot build on it and is full.
        try h.process(WindowData.batch(WindowData.rows([(8, 0, 1)])))
        #expect(try h.op.snapshotState(checkpointID: 3)?.baseCheckpoint == nil)

        var finals: [String] = []
        for subtask in 0..<2 {
            let r = try OperatorHarness(Self.counting(clock), subtask: subtask, parallelism: 2, incrementalCheckpoints: true)
            try r.op.restoreState([RestoredSnapshot(subtask: 0, parallelism: 1, snapshot: full, increments: [second])])
            // One more row per key shows each restored count (keys of other subtasks are skipped).
            let mine = Self.keys(keys + [6_000], ofSubtask: subtask, parallelism: 2)
            try r.process(WindowData.batch(WindowData.rows(mine.map { ($0, 0, 1) })))
            finals += r.takeLines()
            // Every restored key's timer fires once at the end (6,000's was registered after checkpoint 1
            // and travelled in the increment).
            try r.finish()
            #expect(r.takeLines().count == mine.count)
        }
        let expected = (keys + [6_000]).map { k in "+I[\(k), \(k == 7 || k == 4_999 ? 3 : 2)]" }
        #expect(finals.sorted() == expected.sorted())
    }

    @Test("timers are entries of the keyed state backend: registered, deleted and fired ones")
    func timersInBackend() throws {
        let clock = ManualClock(0)
        let h = try harness(clock)
        try h.process(WindowData.batch(WindowData.rows([(1, 5, 1), (2, 3, 1), (1, 5, 1), (3, 4, -1)])))
        let op = try #require(h.op as? KeyedProcessOperator)
        let backend = try #require(op.stateBackend)
        let store = try TimerStore(backend)
        func stored(_ domain: OperatorTimer.Domain) throws -> [String] {
            var out: [String] = []
            for group in backend.keyGroupRange {
                try store.state(domain).forEachEntry(inKeyGroup: group) { (_, entry, key) throws(SluiceError) in
                    out.append("\(try TimerKeyCodec.decode(key)[0])@\(entry.time / 1_000_000)")
                }
            }
            return out.sorted()
        }
        #expect(backend.stateNames.contains(TimerStore.eventTimeState))
        // Key 3 deleted its event-time timer; key 1 registered the same one twice.
        #expect(try stored(.eventTime) == ["1@7", "2@5"])
        #expect(try stored(.processingTime) == ["1@1", "2@1", "3@1"])
        try h.watermark(6 * s)
        #expect(try stored(.eventTime) == ["1@7"])
        clock.advance(by: 2_000_000)
        try h.watermark(6 * s + 1)
        #expect(try stored(.processingTime).isEmpty)
        try h.finish()
        #expect(try stored(.eventTime).isEmpty)
    }

    @Test("a version 1 snapshot (timers written beside the backend) still restores its timers")
    func versionOneSnapshot() throws {
        let clock = ManualClock(0)
        let old = try OperatorHarness(Self.counting(clock, timers: false))
        try old.process(WindowData.batch(WindowData.rows([(7, 0, 1), (7, 0, 1), (8, 0, 1)])))
        let backend = try #require((old.op as? KeyedProcessOperator)?.stateBackend)
        let timers = TimerService(clock: clock)
        let hash = Hashing.hash([Column.int64([7])]).load(UInt64.self, at: 0)
        timers.registerEventTimeTimer(1_000, key: TimerKeyCodec.encode([.int(7)]),
                                      keyGroup: Int32(KeyGroups.keyGroup(hash: hash, maxParallelism: KeyGroups.defaultMaxParallelism)))
        var bytes = Array("SKPO".utf8) + [1]
        WireWriter.int(1, into: &bytes)
        WireWriter.string("BIGINT", into: &bytes)
        WireWriter.blob(timers.snapshot().eventTime, into: &bytes)
        WireWriter.blob(timers.snapshot().processingTime, into: &bytes)
        WireWriter.blob(try backend.snapshotBytes(full: true), into: &bytes)
        let restored = try OperatorHarness(Self.counting(clock))
        try restored.op.restoreState([RestoredSnapshot(subtask: 0, parallelism: 1, snapshot: OperatorSnapshot(bytes: bytes))])
        try restored.finish()
        #expect(restored.takeLines() == ["+I[7, -2]"])
    }
}
