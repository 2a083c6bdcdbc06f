import SluiceTestSupport
import Testing
@testable import SluiceColumnar

@Suite("HashAggregator checkpoint state")
struct HashAggregatorCheckpointTests {
    /// Every spec, COUNT(DISTINCT) included; with retractions, MIN/MAX keep value pairs too.
    static let specs = HashAggregatorTests.specs

    static func restored(_ agg: HashAggregator, split parallelism: Int?, retractions: Bool) throws -> [HashAggregator] {
        let batches = try agg.checkpointState()
        let serialized = batches.flatMap { $0.serialized() }
        // Bytes in, bytes out, as a checkpoint file holds them.
        var reader = WireReader(serialized)
        let back = try agg.checkpointSchemas.map { try RecordBatch.deserialize(&reader, schema: $0) }
        #expect(reader.remaining == 0)
        guard let parallelism else {
            var fresh = try HashAggregator(inputSchema: agg.inputSchema, keyColumns: agg.keyColumns, aggregates: agg.aggregates,
                                           retractions: retractions)
            try fresh.restoreCheckpoint(back)
            return [fresh]
        }
        var parts = try (0..<parallelism).map { _ in
            try HashAggregator(inputSchema: agg.inputSchema, keyColumns: agg.keyColumns, aggregates: agg.aggregates, retractions: retractions)
        }
        let split = try back.map { try Partition.split($0, keyColumns: Array(0..<agg.keyColumns.count), parallelism: parallelism) }
        for i in 0..<parallelism { try parts[i].restoreCheckpoint(split.map { $0[i] }) }
        return parts
    }

    static func rows(_ aggs: [HashAggregator], keys: Int) throws -> [[Value]: [Value]] {
        var all: [[Value]: [Value]] = [:]
        for agg in aggs {
            all.merge(ReferenceAggregation.keyed(try agg.finish(), keyCount: keys)) { a, _ in
                Issue.record("a group came back in two subtasks")
                return a
            }
        }
        return all
    }

    @Test("restoring the checkpoint state gives the same results, also split across subtasks, also after more rows",
          arguments: [1, 65, 1000])
    func roundTrip(length: Int) throws {
        var rng = SplitMix64(seed: 31 &+ UInt64(length))
        for (keys, retractions) in [([0], false), ([0, 1], false), ([0], true), ([], false)] {
            let specs = retractions ? HashAggregatorTests.retractableSpecs : Self.specs
            var agg = try HashAggregator(inputSchema: HashAggregatorTests.schema, keyColumns: keys, aggregates: specs, retractions: retractions)
            for b in 0..<3 { try agg.consume(try HashAggregatorTests.batch(length, nulls: 0.3, groups: 25, &rng, dictionary: b == 1)) }
            let expected = ReferenceAggregation.keyed(try agg.finish(), keyCount: keys.count)
            var one = try Self.restored(agg, split: nil, retractions: retractions)
            #expect(try Self.rows(one, keys: keys.count) == expected, "keys \(keys), retractions \(retractions)")
            if !keys.isEmpty {
                #expect(try Self.rows(try Self.restored(agg, split: 3, retractions: retractions), keys: keys.count) == expected)
            }
            // The restored state goes on like the original.
            let more = try HashAggregatorTests.batch(length, nulls: 0.1, groups: 25, &rng)
            try agg.consume(more)
            try one[0].consume(more)
            #expect(try Self.rows(one, keys: keys.count) == ReferenceAggregation.keyed(try agg.finish(), keyCount: keys.count))
        }
    }

    @Test("a restored table's result read off the restored rows equals finish(), row for row",
          arguments: [1, 65, 1000])
    func restoredResult(length: Int) throws {
        var rng = SplitMix64(seed: 77 &+ UInt64(length))
        let countSum: [AggregateSpec] = [.countStar(), AggregateSpec(.sum, input: 6), AggregateSpec(.count, input: 2)]
        let noPairs = Self.specs.filter { !$0.distinct }
        let noPairsRetracting = HashAggregatorTests.retractableSpecs.filter { !$0.distinct && $0.function != .min && $0.function != .max }
        let cases: [([Int], [AggregateSpec], Bool)] = [
            ([0], countSum, false), ([0], noPairs, false), ([0, 1], noPairs, false), ([0], Self.specs, false),
            ([0], noPairsRetracting, true), ([1], countSum, false),
        ]
        for (keys, specs, retractions) in cases {
            var agg = try HashAggregator(inputSchema: HashAggregatorTests.schema, keyColumns: keys, aggregates: specs, retractions: retractions)
            for b in 0..<3 { try agg.consume(try HashAggregatorTests.batch(length, nulls: 0.3, groups: 25, &rng, dictionary: b == 1)) }
            let state = try agg.checkpointState()
            for parallelism in [1, 3] {
                let split = try state.map { try Partition.split($0, keyColumns: Array(0..<keys.count), parallelism: parallelism) }
                for i in 0..<parallelism {
                    // One subtask restoring the snapshots of three (their key groups are disjoint).
                    var fresh = try HashAggregator(inputSchema: agg.inputSchema, keyColumns: keys, aggregates: specs, retractions: retractions)
                    try fresh.restoreCheckpoint(split.map { $0[i] })
                    let partials = [split[0][i]]
                    #expect(try fresh.restoredResult(partials).rows() == fresh.finish().rows(),
                            "keys \(keys), \(specs.count) aggregates, retractions \(retractions), part \(i) of \(parallelism)")
                }
            }
            var whole = try HashAggregator(inputSchema: agg.inputSchema, keyColumns: keys, aggregates: specs, retractions: retractions)
            let parts = try state.map { try Partition.split($0, keyColumns: Array(0..<keys.count), parallelism: 3) }
            for i in 0..<3 { try whole.restoreCheckpoint(parts.map { $0[i] }) }
            #expect(try whole.restoredResult(parts[0]).rows() == whole.finish().rows(), "three snapshots into one")
        }
    }

    @Test("the fused table's partial state read from its slots equals the exported accumulators' state",
          arguments: [1, 65, 1000])
    func slotPartialState(length: Int) throws {
        var rng = SplitMix64(seed: 5 &+ UInt64(length))
        let specs: [AggregateSpec] = [.countStar(), AggregateSpec(.count, input: 2), AggregateSpec(.sum, input: 2),
                                      AggregateSpec(.sum, input: 3), AggregateSpec(.avg, input: 2), AggregateSpec(.avg, input: 3),
                                      AggregateSpec(.sum, input: 6)]
        for retractions in [false, true] {
            var agg = try HashAggregator(inputSchema: HashAggregatorTests.schema, keyColumns: [0], aggregates: specs, retractions: retractions)
            #expect(agg.keyed != nil, "these aggregates use the fused single-key table")
            for _ in 0..<3 { try agg.consume(try HashAggregatorTests.batch(length, nulls: 0.3, groups: 25, &rng)) }
            let n = agg.groupCount
            let (keys, fused) = agg.stateView()
            let (accumulators, rowCounts) = agg.current(fused, groupCount: n)
            var columns = keys + [agg.rowCountColumn(n, rowCounts)]
            for accumulator in accumulators { columns += try accumulator.state(groupCount: n) }
            let expected = try RecordBatch(schema: agg.partialSchema, columns: columns, count: n)
            let direct = try #require(try agg.keyedPartialState())
            #expect(direct.rows() == expected.rows(), "retractions \(retractions)")
            #expect(try agg.partialState().rows() == expected.rows())
            #expect(try agg.checkpointState().map { $0.rows() } == [expected.rows()])
        }
    }

    @Test("an emptied aggregator goes on like a new one, fused table or not", arguments: [1, 65, 1000])
    func removeAll(length: Int) throws {
        var rng = SplitMix64(seed: 17 &+ UInt64(length))
        for (keys, specs) in [([0], [AggregateSpec.countStar(), AggregateSpec(.sum, input: 6)]), ([0, 1], Self.specs), ([0], Self.specs)] {
            var reused = try HashAggregator(inputSchema: HashAggregatorTests.schema, keyColumns: keys, aggregates: specs)
            for _ in 0..<2 { try reused.consume(try HashAggregatorTests.batch(length, nulls: 0.3, groups: 300, &rng)) }
            try reused.removeAll()
            #expect(reused.groupCount == 0)
            var fresh = try HashAggregator(inputSchema: HashAggregatorTests.schema, keyColumns: keys, aggregates: specs)
            for _ in 0..<2 {
                let batch = try HashAggregatorTests.batch(length, nulls: 0.3, groups: 25, &rng)
                try reused.consume(batch)
                try fresh.consume(batch)
            }
            #expect(try reused.finish().rows() == fresh.finish().rows(), "keys \(keys)")
            #expect(try reused.checkpointState().map { $0.rows() } == fresh.checkpointState().map { $0.rows() })
        }
    }

    @Test("a checkpoint with the wrong number of batches is corrupt state")
    func wrongShape() throws {
        var agg = try HashAggregator(inputSchema: HashAggregatorTests.schema, keyColumns: [0], aggregates: Self.specs)
        let state = try agg.checkpointState()
        #expect(state.count == 2, "the partial state and one batch for COUNT(DISTINCT name)")
        let error = #expect(throws: SluiceError.self) { try agg.restoreCheckpoint([state[0]]) }
        #expect(error?.code == .corruptState)
    }
}
