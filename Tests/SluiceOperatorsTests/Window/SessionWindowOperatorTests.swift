import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

@Suite("Session window operator")
struct SessionWindowOperatorTests {
    let s = WindowData.second

    func harness(gap: Int64, lateness: Int64 = 0, keys: [Int] = [1]) throws -> OperatorHarness {
        try OperatorHarness(SessionWindowOperator(inputSchema: WindowData.schema, timeColumn: 0, keyColumns: keys,
                                                  aggregates: WindowData.aggregates, gapMicros: gap,
                                                  allowedLatenessMicros: lateness))
    }

    func metric(_ h: OperatorHarness, _ name: String) -> Int? { h.context.metrics.custom[name] }

    @Test("a row bridging two sessions of a key merges them; other keys keep their own sessions")
    func merging() throws {
        let h = try harness(gap: 5 * s)
        try h.process(WindowData.batch(WindowData.rows([(1, 1, 1), (1, 10, 2), (2, 3, 3)])))
        #expect(metric(h, "openSessions") == nil)
        try h.watermark(0)
        #expect(metric(h, "openSessions") == 3)
        try h.process(WindowData.batch(WindowData.rows([(1, 5.5, 4)])))   // [5.5, 10.5) touches [1, 6) and [10, 15)
        try h.watermark(8 * s - 1)
        #expect(h.rows == [WindowData.expected(2, 3, 8, [3])])
        try h.watermark(15 * s - 2)
        #expect(h.rows.count == 1)
        try h.watermark(15 * s - 1)
        #expect(WindowData.sorted(h.rows) == [WindowData.expected(1, 1, 15, [1, 2, 4]), WindowData.expected(2, 3, 8, [3])])
        #expect(metric(h, "openSessions") == 0)
        #expect(h.batches[0].schema.names == ["key", "window_start", "window_end", "COUNT(*)", "SUM(value)", "MAX(value)", "MIN(value)"])
    }

    @Test("windows that only touch merge (Flink's rule); rows out of order within a batch are sorted first")
    func touching() throws {
        let h = try harness(gap: 5 * s)
        try h.process(WindowData.batch(WindowData.rows([(1, 10, 2), (1, 0, 1), (1, 5, 3), (1, 30, 4)])))
        try h.finish()
        #expect(h.rows == [WindowData.expected(1, 0, 15, [2, 1, 3]), WindowData.expected(1, 30, 35, [4])]
            || h.rows == [WindowData.expected(1, 30, 35, [4]), WindowData.expected(1, 0, 15, [2, 1, 3])])
    }

    @Test("rows behind the watermark are late and counted unless they join an open session")
    func lateRows() throws {
        let h = try harness(gap: 5 * s)
        try h.process(WindowData.batch(WindowData.rows([(1, 10, 1)])))
        try h.watermark(12 * s)
        // 2 s: its window [2, 7) has passed, joins nothing: late. 8 s: [8, 13) joins [10, 15): counts.
        try h.process(WindowData.batch(WindowData.rows([(1, 2, 5), (1, 8, 6)])))
        try h.finish()
        #expect(h.rows == [WindowData.expected(1, 8, 15, [1, 6])])
        #expect(metric(h, "lateRowsDropped") == 1)
    }

    @Test("allowed lateness: a late row updates an emitted session and re-emits it; beyond it rows are dropped")
    func allowedLateness() throws {
        let h = try harness(gap: 5 * s, lateness: 10 * s)
        try h.process(WindowData.batch(WindowData.rows([(1, 1, 1)])))
        try h.watermark(7 * s)
        #expect(h.takeLines().count == 1)   // [1, 6) emitted, kept until 16 s - 1
        try h.process(WindowData.batch(WindowData.rows([(1, 3, 2)])))
        try h.watermark(8 * s)
        #expect(h.rows.last == WindowData.expected(1, 1, 8, [1, 2]))   // updated final row
        try h.watermark(18 * s - 1)   // [1, 8) is kept until 8 s - 1 + 10 s
        #expect(metric(h, "openSessions") == 0)
        try h.process(WindowData.batch(WindowData.rows([(1, 2, 9)])))
        try h.finish()
        #expect(h.rows.count == 2)
        #expect(metric(h, "lateRowsDropped") == 1)
        #expect(metric(h, "windowsFired") == 2)
    }

    @Test("without keys every row is one stream of sessions")
    func keyless() throws {
        let h = try harness(gap: 2 * s, keys: [])
        try h.process(WindowData.batch(WindowData.rows([(1, 1, 1), (2, 2, 2), (3, 7, 3)])))
        try h.finish()
        let rows = h.rows.sorted { $0[0].description < $1[0].description }
        #expect(rows.map { $0[2] } == [.int(2), .int(1)])   // COUNT(*) of [1, 4) then [7, 9)
        #expect(h.batches[0].schema.names.first == "window_start")
    }

    @Test("random out-of-order streams match a per-key reference; state is freed as sessions close")
    func reference() throws {
        for seed in UInt64(1)...4 {
            let rows = WindowData.random(count: 3_000, keys: 37, step: 20_000, jitter: 4 * s, seed: seed)
            let h = try harness(gap: 2 * s)
            for start in stride(from: 0, to: rows.count, by: 256) {
                try h.process(WindowData.batch(Array(rows[start..<min(start + 256, rows.count)])))
            }
            try h.finish()
            #expect(WindowData.sorted(h.rows) == SessionReference.sessions(rows, gap: 2 * s))
            #expect(metric(h, "openSessions") == 0)
        }
    }

    @Test("with watermarks every batch, only open sessions are kept and the answer still matches")
    func boundedState() throws {
        let rows = WindowData.random(count: 20_000, keys: 500, step: 5_000, jitter: s, seed: 9)
        let h = try harness(gap: s / 2)
        var maxOpen = 0
        var seen = Int64.min
        for start in stride(from: 0, to: rows.count, by: 500) {
            let part = Array(rows[start..<min(start + 500, rows.count)])
            try h.process(WindowData.batch(part))
            seen = max(seen, part.map(\.ts).max()!)
            try h.watermark(seen - 2 * s)   // bound > jitter: no late rows
            maxOpen = max(maxOpen, metric(h, "openSessions") ?? 0)
        }
        try h.finish()
        #expect(metric(h, "lateRowsDropped") == nil)
        #expect(WindowData.sorted(h.rows) == SessionReference.sessions(rows, gap: s / 2))
        #expect(maxOpen < 2_000)   // 500 keys: a few sessions each, not one per row
        #expect(h.rows.count > 5_000)
    }

    @Test("a non-positive gap or negative lateness fails with the value found")
    func errors() throws {
        #expect(throws: SluiceError.self) { try SessionWindowOperator.outputSchema(
            inputSchema: WindowData.schema, timeColumn: 0, keyColumns: [1], aggregates: [.countStar()], gapMicros: 0) }
        let h = try? harness(gap: s, lateness: -1)
        #expect(h == nil)
        do {
            _ = try SessionWindowOperator.outputSchema(inputSchema: WindowData.schema, timeColumn: 0, keyColumns: [1],
                                                       aggregates: [.countStar()], gapMicros: -5)
        } catch {
            #expect(error.message.contains("SESSION gap must be positive, found -5"))
        }
    }
}

/// Sessions computed row by row: per key, sort by time and start a new session when a row is past
/// the current session's end.
enum SessionReference {
    static func sessions(_ rows: [WindowData.Row], gap: Int64) -> [[Value]] {
        var out: [[Value]] = []
        for (key, group) in Dictionary(grouping: rows, by: \.key) {
            var current: [WindowData.Row] = []
            func flush() {
                guard let first = current.first else { return }
                let values = current.map(\.value)
                out.append([.int(key), .timestamp(first.ts), .timestamp(current.last!.ts + gap), .int(Int64(values.count)),
                            .int(values.reduce(0, +)), .int(values.max()!), .int(values.min()!)])
            }
            for r in group.sorted(by: { $0.ts < $1.ts }) {
                if let last = current.last, r.ts > last.ts + gap { flush(); current = [] }
                current.append(r)
            }
            flush()
        }
        return WindowData.sorted(out)
    }
}

@Suite("Session window late data")
struct SessionLateDataTests {
    @Test("late session rows go to the late-data output and are counted")
    func sideOutput() throws {
        let s = WindowData.second
        let late = LateDataOutput()
        let h = try OperatorHarness(SessionWindowOperator(inputSchema: WindowData.schema, timeColumn: 0, keyColumns: [1],
                                                          aggregates: WindowData.aggregates, gapMicros: s, lateData: late))
        try h.process(WindowData.batch(WindowData.rows([(1, 10, 1)])))
        try h.watermark(20 * s)
        try h.process(WindowData.batch(WindowData.rows([(1, 30, 2), (1, 2, 3)])))
        try h.finish()
        #expect(late.rows() == [[.timestamp(2 * s), .int(1), .int(3)]])
        #expect(h.context.metrics.custom["lateRowsSideOutput"] == 1)
        #expect(h.rows.count == 2)
    }

    @Test("a checkpoint mid-stream restores open, merged and re-emittable sessions, also split across two subtasks")
    func checkpointRestore() throws {
        let aggregates = WindowData.aggregates + [AggregateSpec(.count, input: 2, distinct: true)]
        func op(subtask: Int = 0, parallelism: Int = 1) throws -> OperatorHarness {
            try OperatorHarness(SessionWindowOperator(inputSchema: WindowData.schema, timeColumn: 0, keyColumns: [1],
                                                      aggregates: aggregates, gapMicros: 5 * WindowData.second, allowedLatenessMicros: 4 * WindowData.second),
                                subtask: subtask, parallelism: parallelism)
        }
        let rows = WindowData.random(count: 3_000, keys: 23, step: 400_000, jitter: 3 * WindowData.second, seed: 11)
        let half = rows.count / 2
        func feed(_ h: OperatorHarness, _ part: ArraySlice<WindowData.Row>, keep: (Int64) -> Bool = { _ in true }) throws {
            for chunk in stride(from: part.startIndex, to: part.endIndex, by: 100) {
                let slice = part[chunk..<min(chunk + 100, part.endIndex)].filter { keep($0.key) }
                if !slice.isEmpty { try h.process(WindowData.batch(Array(slice))) }
                try h.watermark(part[min(chunk + 99, part.endIndex - 1)].ts - 4 * WindowData.second)
            }
        }
        let whole = try op()
        try feed(whole, rows[..<half])
        let before = whole.rows.count
        try feed(whole, rows[half...])
        try whole.finish()
        let expected = WindowData.sorted(Array(whole.rows[before...]))
        // The same parallelism.
        let first = try op()
        try feed(first, rows[..<half])
        let snapshot = try #require(try first.op.snapshotState(checkpointID: 1))
        let again = try op()
        try again.op.restoreState([RestoredSnapshot(subtask: 0, parallelism: 1, snapshot: snapshot)])
        try feed(again, rows[half...])
        try again.finish()
        #expect(WindowData.sorted(again.rows) == expected)
        // Two subtasks, each with the keys of its key groups.
        var split: [[Value]] = []
        for subtask in 0..<2 {
            let h = try op(subtask: subtask, parallelism: 2)
            try h.op.restoreState([RestoredSnapshot(subtask: 0, parallelism: 1, snapshot: snapshot)])
            let range = try KeyGroups.keyGroupRange(subtask: subtask, maxParallelism: KeyGroups.defaultMaxParallelism, parallelism: 2)
            try feed(h, rows[half...]) { key in
                let hash = Hashing.hash([Column.int64([key])]).load(UInt64.self, at: 0)
                return range.contains(KeyGroups.keyGroup(hash: hash, maxParallelism: KeyGroups.defaultMaxParallelism))
            }
            try h.finish()
            split += h.rows
        }
        #expect(WindowData.sorted(split) == expected)
    }
}
