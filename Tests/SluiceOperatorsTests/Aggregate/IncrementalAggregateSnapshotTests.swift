import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

@Suite("Incremental aggregate snapshots")
struct IncrementalAggregateSnapshotTests {
    static let schema = Schema([Field("k", .int64, nullable: false), Field("v", .int64)])
    /// GROUP BY k: COUNT(*), SUM(v), MAX(v)
    static let aggregates = [AggregateSpec.countStar(), AggregateSpec(.sum, input: 1), AggregateSpec(.max, input: 1)]

    static func batch(_ keys: [Int64], _ value: (Int64) -> Int64?) throws -> RecordBatch {
        try RecordBatch(schema: schema, columns: [.int64(keys), .int64(keys.map(value))], count: keys.count)
    }

    static func op(_ aggregates: [AggregateSpec] = aggregates, incremental: Bool = true, subtask: Int = 0,
                   parallelism: Int = 1) throws -> OperatorHarness {
        try OperatorHarness(SingleAggregateOperator(inputSchema: schema, keyColumns: [0], aggregates: aggregates, mode: .batch),
                            subtask: subtask, parallelism: parallelism, incrementalCheckpoints: incremental)
    }

    /// The final rows of `h` as sorted text (finishes it).
    static func result(_ h: OperatorHarness) throws -> [String] {
        try h.finish()
        return AggregateFixture.sortedRows(h.rows)
    }

    @Test("after 1 % of 100,000 groups changed, the snapshot holds only those and is ≤ 5 % of a full one")
    func smallDelta() throws {
        let h = try Self.op()
        let keys = (0..<100_000).map { Int64($0 * 7) }
        try h.process(try Self.batch(keys) { $0 % 13 })
        let full = try #require(try h.op.snapshotState(checkpointID: 1))
        #expect(full.baseCheckpoint == nil)
        try h.op.notifyCheckpointComplete(1)
        try h.process(try Self.batch(Array(keys[5000..<6000])) { _ in 1 })
        let delta = try #require(try h.op.snapshotState(checkpointID: 2))
        #expect(delta.baseCheckpoint == 1)
        #expect(delta.bytes.count * 20 <= full.bytes.count, "delta \(delta.bytes.count) B vs full \(full.bytes.count) B")

        let restored = try Self.op()
        try restored.op.restoreState([RestoredSnapshot(subtask: 0, parallelism: 1, snapshot: full, increments: [delta])])
        #expect(try Self.result(restored) == (try Self.result(h)))
    }

    @Test("changes spread over several comparison chunks: the delta has exactly them; half the groups is the most a delta holds")
    func chunkedComparison() throws {
        let keys = (0..<140_000).map(Int64.init)
        let spread = Array(65_530..<65_540) + Array(130_000..<130_010)
        for (changed, incremental) in [(spread, true), (Array(0..<70_000), true), (Array(0..<70_001), false)] {
            let h = try Self.op()
            try h.process(try Self.batch(keys) { $0 % 11 })
            let full = try #require(try h.op.snapshotState(checkpointID: 1))
            try h.op.notifyCheckpointComplete(1)
            try h.process(try Self.batch(changed.map(Int64.init)) { _ in 5 })
            let next = try #require(try h.op.snapshotState(checkpointID: 2))
            #expect((next.baseCheckpoint == 1) == incremental, "\(changed.count) changed groups")
            if incremental {
                var reader = next.reader()
                let partial = try HashAggregator(inputSchema: Self.schema, keyColumns: [0], aggregates: Self.aggregates).checkpointSchemas[0]
                let schema = partial.appending(IncrementalAggregateSnapshots.groupField)
                let delta = try RecordBatch.deserialize(&reader, schema: schema)
                #expect(delta.columns.last!.withValues(Int64.self) { Array($0) } == changed.map(Int64.init))
            }
            let restored = try Self.op()
            try restored.op.restoreState([RestoredSnapshot(subtask: 0, parallelism: 1, snapshot: incremental ? full : next,
                                                           increments: incremental ? [next] : [])])
            #expect(try Self.result(restored) == (try Self.result(h)))
        }
    }

    @Test("a chain with new groups, untouched checkpoints and an aborted one restores the exact state")
    func chainWithNewGroupsAndAbort() throws {
        let h = try Self.op()
        var chain: [OperatorSnapshot] = []
        try h.process(try Self.batch((0..<1000).map(Int64.init)) { $0 })
        chain.append(try #require(try h.op.snapshotState(checkpointID: 1)))
        try h.op.notifyCheckpointComplete(1)
        try h.process(try Self.batch([5, 1000, 1001]) { _ in nil })           // NULL values change only the counts
        let aborted = try #require(try h.op.snapshotState(checkpointID: 2))    // never completes
        #expect(aborted.baseCheckpoint == 1)
        try h.process(try Self.batch([7, 1002]) { _ in -4 })
        let third = try #require(try h.op.snapshotState(checkpointID: 3))
        #expect(third.baseCheckpoint == 1, "checkpoint 2 did not complete, so 3 must build on 1 and carry 2's changes")
        chain.append(third)
        try h.op.notifyCheckpointComplete(3)
        let quiet = try #require(try h.op.snapshotState(checkpointID: 4))      // nothing changed
        #expect(quiet.baseCheckpoint == 3)
        chain.append(quiet)

        let restored = try Self.op()
        try restored.op.restoreState([RestoredSnapshot(subtask: 0, parallelism: 1, snapshot: chain[0],
                                                       increments: Array(chain.dropFirst()))])
        #expect(try Self.result(restored) == (try Self.result(h)))
    }

    @Test("a chain restored at parallelism 2 keeps each subtask's own key groups")
    func chainRescaled() throws {
        let h = try Self.op()
        try h.process(try Self.batch((0..<2000).map(Int64.init)) { $0 })
        let full = try #require(try h.op.snapshotState(checkpointID: 1))
        try h.op.notifyCheckpointComplete(1)
        try h.process(try Self.batch([3, 4, 2000, 2001]) { _ in 9 })
        let delta = try #require(try h.op.snapshotState(checkpointID: 2))
        var rows: [String] = []
        for subtask in 0..<2 {
            let part = try Self.op(subtask: subtask, parallelism: 2)
            try part.op.restoreState([RestoredSnapshot(subtask: 0, parallelism: 1, snapshot: full, increments: [delta])])
            rows += try Self.result(part)
        }
        #expect(rows.sorted() == (try Self.result(h)))
    }

    @Test("a full snapshot again when most groups changed, after the longest chain, or with increments off")
    func fullWhenBetter() throws {
        let h = try Self.op()
        try h.process(try Self.batch((0..<100).map(Int64.init)) { $0 })
        _ = try h.op.snapshotState(checkpointID: 1)
        try h.op.notifyCheckpointComplete(1)
        try h.process(try Self.batch((0..<60).map(Int64.init)) { $0 })
        #expect(try h.op.snapshotState(checkpointID: 2)?.baseCheckpoint == nil)
        try h.op.notifyCheckpointComplete(2)
        var bases: [Int64?] = []
        for id in Int64(3)...12 {
            try h.process(try Self.batch([id]) { $0 })
            bases.append(try h.op.snapshotState(checkpointID: id)?.baseCheckpoint)
            try h.op.notifyCheckpointComplete(id)
        }
        // Files per restore: 2 (full 2 + delta 3) … 8 (delta 9), then full again at 10.
        #expect(bases == [2, 3, 4, 5, 6, 7, 8, nil, 10, 11])

        let off = try Self.op(incremental: false)
        try off.process(try Self.batch([1, 2]) { $0 })
        _ = try off.op.snapshotState(checkpointID: 1)
        try off.op.notifyCheckpointComplete(1)
        try off.process(try Self.batch([1]) { $0 })
        #expect(try off.op.snapshotState(checkpointID: 2)?.baseCheckpoint == nil)
    }

    @Test("COUNT(DISTINCT …) value sets come whole from the newest file of the chain")
    func distinctChain() throws {
        let aggregates = [AggregateSpec(.count, input: 1, distinct: true), AggregateSpec(.sum, input: 1)]
        let h = try Self.op(aggregates)
        try h.process(try Self.batch((0..<400).map { Int64($0 % 200) }) { $0 % 7 })
        let full = try #require(try h.op.snapshotState(checkpointID: 1))
        try h.op.notifyCheckpointComplete(1)
        try h.process(try Self.batch([3, 3, 150]) { $0 + 100 })
        let delta = try #require(try h.op.snapshotState(checkpointID: 2))
        #expect(delta.baseCheckpoint == 1)
        let restored = try Self.op(aggregates)
        try restored.op.restoreState([RestoredSnapshot(subtask: 0, parallelism: 1, snapshot: full, increments: [delta])])
        #expect(try Self.result(restored) == (try Self.result(h)))
    }

    @Test("increments that do not belong to their base fail with corruptState")
    func mismatchedChain() throws {
        let small = try Self.op()
        try small.process(try Self.batch([1, 2]) { $0 })
        let base = try #require(try small.op.snapshotState(checkpointID: 1))
        let big = try Self.op()
        try big.process(try Self.batch((0..<50).map(Int64.init)) { $0 })
        _ = try big.op.snapshotState(checkpointID: 1)
        try big.op.notifyCheckpointComplete(1)
        try big.process(try Self.batch([60]) { $0 })
        let foreign = try #require(try big.op.snapshotState(checkpointID: 2))   // names group 50
        let restored = try Self.op()
        let error = #expect(throws: SluiceError.self) {
            try restored.op.restoreState([RestoredSnapshot(subtask: 0, parallelism: 1, snapshot: base, increments: [foreign])])
        }
        #expect(error?.code == .corruptState)
        #expect(error?.message.contains("names group 50") == true)
    }

    @Test("checkpoints that never complete do not pile up: a late completion of a forgotten one gives a full snapshot next")
    func forgottenPending() throws {
        let h = try Self.op()
        try h.process(try Self.batch((0..<100).map(Int64.init)) { $0 })
        for id in Int64(1)...6 { _ = try h.op.snapshotState(checkpointID: id) }   // none completes
        try h.op.notifyCheckpointComplete(1)                                     // forgotten by now
        try h.process(try Self.batch([3]) { $0 })
        #expect(try h.op.snapshotState(checkpointID: 7)?.baseCheckpoint == nil)
        try h.op.notifyCheckpointComplete(7)
        try h.process(try Self.batch([4]) { $0 })
        #expect(try h.op.snapshotState(checkpointID: 8)?.baseCheckpoint == 7)
    }
}
