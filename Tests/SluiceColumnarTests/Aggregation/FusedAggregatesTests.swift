import SluiceTestSupport
import Testing
@testable import SluiceColumnar

/// The fused row layout (`FusedAggregates`) behind COUNT/SUM/AVG over Int64 and Double inputs.
@Suite("FusedAggregates")
struct FusedAggregatesTests {
    typealias H = HashAggregatorTests

    /// Only functions the fused layout takes: COUNT(*), COUNT(x), SUM/AVG over INT, BIGINT and DOUBLE,
    /// with and without FILTER.
    static let specs: [AggregateSpec] = [
        .countStar(), AggregateSpec(.count, input: 2), AggregateSpec(.sum, input: 2), AggregateSpec(.sum, input: 3),
        AggregateSpec(.sum, input: 6, filter: 5), AggregateSpec(.avg, input: 2), AggregateSpec(.avg, input: 3),
        .countStar(filter: 5), AggregateSpec(.count, input: 3, filter: 5),
    ]

    @Test("the layout is chosen only for COUNT/SUM/AVG over Int64 or Double lanes")
    func eligibility() throws {
        #expect(try HashAggregator(inputSchema: H.schema, keyColumns: [0], aggregates: Self.specs).fused != nil)
        #expect(try HashAggregator(inputSchema: H.schema, keyColumns: [0], aggregates: [AggregateSpec(.sum, input: 4)]).fused == nil)
        #expect(try HashAggregator(inputSchema: H.schema, keyColumns: [0], aggregates: [.countStar(), AggregateSpec(.min, input: 2)]).fused == nil)
        #expect(try HashAggregator(inputSchema: H.schema, keyColumns: [0], aggregates: [AggregateSpec(.count, input: 1, distinct: true)]).fused == nil)
        let layout = FusedAggregates([.countStar(), AggregateSpec(.sum, input: 6)], inputSchema: H.schema, retractions: false)!
        #expect(layout.stride == 4 && layout.fields.map(\.offset) == [0, 1])
        let retracting = FusedAggregates([.countStar(), AggregateSpec(.sum, input: 6)], inputSchema: H.schema, retractions: true)!
        #expect(retracting.stride == 4 && retracting.rowsField?.offset == 0 && retracting.fields.map(\.offset) == [1, 2])
    }

    @Test("matches the reference with nulls, selections and dictionary keys", arguments: TestData.lengths)
    func matchesReference(length: Int) throws {
        var rng = SplitMix64(seed: UInt64(length) &* 40503)
        for nulls in TestData.nullFractions {
            for keys in [[0], [1], []] {
                var agg = try HashAggregator(inputSchema: H.schema, keyColumns: keys, aggregates: Self.specs)
                var batches: [RecordBatch] = []
                for b in 0..<3 {
                    var batch = try H.batch(length + 2, nulls: nulls, groups: 30, &rng, dictionary: b == 1).slice(2, length)
                    if b == 2 { batch = batch.withSelection(TestData.selection(length, &rng)) }
                    batches.append(batch)
                    try agg.consume(batch)
                }
                H.compare(try agg.finish(), batches, keys: keys, specs: Self.specs)
            }
        }
    }

    @Test("COUNT and BIGINT SUM results read straight from the rows, NULL for all-NULL groups", arguments: TestData.nullFractions)
    func directResults(nulls: Double) throws {
        var rng = SplitMix64(seed: 23)
        let specs: [AggregateSpec] = [.countStar(), AggregateSpec(.sum, input: 6), AggregateSpec(.count, input: 6)]
        for keys in [[0], []] {
            var agg = try HashAggregator(inputSchema: H.schema, keyColumns: keys, aggregates: specs)
            #expect(agg.fused?.directResult(1, function: .sum, resultType: .int64, groupCount: 0) != nil)
            var batches: [RecordBatch] = []
            for b in 0..<3 {
                var batch = try H.batch(300, nulls: nulls, groups: 40, &rng)
                if b == 1 { batch = batch.withSelection(TestData.selection(300, &rng)) }
                batches.append(batch)
                try agg.consume(batch)
            }
            H.compare(try agg.finish(), batches, keys: keys, specs: specs)
        }
    }

    @Test("growth past many row-array doublings keeps every group's row")
    func growth() throws {
        var rng = SplitMix64(seed: 17)
        let specs: [AggregateSpec] = [.countStar(), AggregateSpec(.sum, input: 6)]
        var agg = try HashAggregator(inputSchema: H.schema, keyColumns: [0], aggregates: specs)
        var batches: [RecordBatch] = []
        for b in 0..<12 {
            var batch = try H.batch(8192, nulls: 0.05, groups: 40_000, &rng)
            if b % 3 == 2 { batch = batch.withSelection(TestData.selection(8192, &rng)) }
            batches.append(batch)
            try agg.consume(batch)
        }
        #expect(agg.groupCount > 30_000)
        H.compare(try agg.finish(), batches, keys: [0], specs: specs)
    }

    @Test("retractions undo rows; fully retracted groups disappear", arguments: [1, 64, 1000])
    func retraction(length: Int) throws {
        var rng = SplitMix64(seed: 3 &* UInt64(length))
        for nulls in TestData.nullFractions {
            var agg = try HashAggregator(inputSchema: H.schema, keyColumns: [0], aggregates: Self.specs, retractions: true)
            #expect(agg.fused != nil)
            var batches: [RecordBatch] = []
            for _ in 0..<3 {
                let inserts = try H.batch(length, nulls: nulls, groups: 10, &rng)
                let dense = inserts.withSelection(TestData.selection(length, &rng)).compacted()
                let kinds = (0..<dense.count).map { _ in Bool.random(using: &rng) ? RowKind.updateBefore.rawValue : RowKind.delete.rawValue }
                let retractions = try RecordBatch(schema: H.schema, columns: dense.columns, count: dense.count, rowKinds: Buffer(kinds))
                for batch in [inserts, retractions] {
                    batches.append(batch)
                    try agg.consume(batch)
                }
            }
            H.compare(try agg.finish(), batches, keys: [0], specs: Self.specs)
        }
    }

    @Test("merged partial states equal single-phase aggregation, with and without retractions", arguments: [0, 65, 1000])
    func twoPhase(length: Int) throws {
        for retractions in [false, true] {
            var rng = SplitMix64(seed: 11 &+ UInt64(length))
            var single = try HashAggregator(inputSchema: H.schema, keyColumns: [0], aggregates: Self.specs, retractions: retractions)
            var locals = try (0..<3).map { _ in try HashAggregator(inputSchema: H.schema, keyColumns: [0], aggregates: Self.specs, retractions: retractions) }
            for b in 0..<6 {
                let batch = try H.batch(length, nulls: 0.3, groups: 20, &rng)
                try single.consume(batch)
                try locals[b % 3].consume(batch)
            }
            var global = try HashAggregator(inputSchema: H.schema, keyColumns: [0], aggregates: Self.specs, retractions: retractions)
            for local in locals {
                let state = try local.partialState()
                try global.merge(state.withSelection(SelectionVector(Array(stride(from: 0, to: state.count, by: 2)))))
                try global.merge(state.withSelection(SelectionVector(Array(stride(from: 1, to: state.count, by: 2)))))
            }
            #expect(ReferenceAggregation.keyed(try global.finish(), keyCount: 1) == ReferenceAggregation.keyed(try single.finish(), keyCount: 1))
            #expect(try global.partialState().rows().count == single.partialState().rows().count)
        }
    }

    @Test("an Int64 sum that overflows fails naming the aggregate, in update and in merge")
    func overflow() throws {
        let schema = Schema([Field("k", .int64), Field("v", .int64)])
        let batch = try RecordBatch(schema: schema, columns: [.int64([1, 1]), .int64([Int64.max, 1])], count: 2)
        var agg = try HashAggregator(inputSchema: schema, keyColumns: [0], aggregates: [.countStar(), AggregateSpec(.sum, input: 1)])
        #expect(agg.fused != nil)
        #expect(throws: SluiceError.execution("SUM(v) overflowed: the running sum exceeds the range of BIGINT; cast the argument to a wider type (e.g. DECIMAL(38, 0))")) {
            try agg.consume(batch)
        }
        let one = try RecordBatch(schema: schema, columns: [.int64([1]), .int64([Int64.max])], count: 1)
        var local = try HashAggregator(inputSchema: schema, keyColumns: [0], aggregates: [.countStar(), AggregateSpec(.sum, input: 1)])
        try local.consume(one)
        var global = try HashAggregator(inputSchema: schema, keyColumns: [0], aggregates: [.countStar(), AggregateSpec(.sum, input: 1)])
        try global.merge(try local.partialState())
        #expect(throws: SluiceError.execution("SUM(v) overflowed: the running sum exceeds the range of BIGINT; cast the argument to a wider type (e.g. DECIMAL(38, 0))")) {
            try global.merge(try local.partialState())
        }
    }
}
