import SluiceTestSupport
import Testing
@testable import SluiceColumnar

/// One integer key with only COUNT/SUM/AVG: the aggregator keeps key and state in one `FusedKeyTable`
/// slot. Checked against `ReferenceAggregation`, including first-seen group order.
@Suite("FusedKeyTable")
struct FusedKeyTableTests {
    typealias H = HashAggregatorTests
    static let schema = HashAggregatorTests.schema

    /// The dense one-loop shape (COUNT(*) + SUM(BIGINT)) and the general fused shape.
    static let countSum: [AggregateSpec] = [.countStar(), AggregateSpec(.sum, input: 6)]
    static let general: [AggregateSpec] = [
        AggregateSpec(.sum, input: 6), .countStar(), AggregateSpec(.count, input: 2), AggregateSpec(.sum, input: 2),
        AggregateSpec(.sum, input: 3), AggregateSpec(.sum, input: 6, filter: 5), AggregateSpec(.avg, input: 2),
        AggregateSpec(.avg, input: 3), .countStar(filter: 5),
    ]

    /// The keys of the reference's groups in first-seen order (over logical rows of every batch).
    static func firstSeen(_ batches: [RecordBatch], key: Int) -> [Value] {
        var seen = Set<Value>(), order: [Value] = []
        for batch in batches {
            for logical in 0..<batch.count {
                let k = batch.row(logical)[key]
                if seen.insert(k).inserted { order.append(k) }
            }
        }
        return order
    }

    static func check(_ agg: HashAggregator, _ batches: [RecordBatch], specs: [AggregateSpec],
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(agg.keyed != nil, sourceLocation: sourceLocation)
        let result = try agg.finish()
        H.compare(result, batches, keys: [0], specs: specs, sourceLocation: sourceLocation)
        if !agg.retractions {
            #expect(result.rows().map { $0[0] } == firstSeen(batches, key: 0), "group order", sourceLocation: sourceLocation)
        }
    }

    @Test("matches the reference with NULL keys, selections and FILTER", arguments: TestData.lengths + [100_000])
    func matchesReference(length: Int) throws {
        var rng = SplitMix64(seed: UInt64(length) &+ 17)
        for nulls in TestData.nullFractions {
            for specs in length > 1000 ? [Self.countSum] : [Self.countSum, Self.general] {
                var agg = try HashAggregator(inputSchema: Self.schema, keyColumns: [0], aggregates: specs)
                var batches: [RecordBatch] = []
                for b in 0..<3 {
                    var batch = try H.batch(length + 2, nulls: nulls, groups: max(30, length / 2), &rng).slice(2, length)
                    if b == 1 { batch = batch.withSelection(TestData.selection(length, &rng)) }
                    batches.append(batch)
                    try agg.consume(batch)
                }
                try Self.check(agg, batches, specs: specs)
            }
        }
    }

    @Test("grows through many resizes with odd batch sizes and keeps every group")
    func growth() throws {
        var rng = SplitMix64(seed: 3)
        for specs in [Self.countSum, Self.general] {
            var agg = try HashAggregator(inputSchema: Self.schema, keyColumns: [0], aggregates: specs)
            var batches: [RecordBatch] = []
            for size in [1, 7, 777, 4096, 20_000, 40_000, 33] {
                let batch = try H.batch(size, nulls: 0.01, groups: 1 << 40, &rng)
                batches.append(batch)
                try agg.consume(batch)
            }
            try Self.check(agg, batches, specs: specs)
        }
    }

    @Test("keys at the edges: 0, the slot marker, Int64.min and max, NULL")
    func edgeKeys() throws {
        let mark = Int64(bitPattern: FusedKeyTable.keyMark)
        let keys: [Int64?] = [0, mark, .min, .max, nil, mark, 0, nil, -1, .max]
        let n = keys.count
        var rng = SplitMix64(seed: 41)
        let other = try H.batch(n, nulls: 0.2, groups: 5, &rng)
        let columns: [Column] = [.int64(keys)] + Array(other.columns[1...])
        let batch = try RecordBatch(schema: Self.schema, columns: columns, count: n)
        for specs in [Self.countSum, Self.general] {
            var agg = try HashAggregator(inputSchema: Self.schema, keyColumns: [0], aggregates: specs)
            try agg.consume(batch)
            try agg.consume(batch.withSelection(SelectionVector([1, 4, 9])))
            try Self.check(agg, [batch, batch.withSelection(SelectionVector([1, 4, 9]))], specs: specs)
        }
    }

    @Test("narrow key types come back as their type")
    func narrowKeys() throws {
        let schema = Schema([Field("k", .int32), Field("v", .int64)])
        let batch = try RecordBatch(schema: schema, columns: [.int32([3, -7, 3, nil, 300]), .int64([1, 2, 3, 4, 5])], count: 5)
        var agg = try HashAggregator(inputSchema: schema, keyColumns: [0], aggregates: [.countStar(), AggregateSpec(.sum, input: 1)])
        #expect(agg.keyed != nil)
        try agg.consume(batch)
        let result = try agg.finish()
        #expect(result.columns[0].type == .int32)
        #expect(result.rows() == [[.int(3), .int(2), .int(4)], [.int(-7), .int(1), .int(2)], [.null, .int(1), .int(4)],
                                  [.int(300), .int(1), .int(5)]])
    }

    @Test("retractions undo rows; fully retracted groups disappear", arguments: [1, 9, 64, 1000])
    func retractions(length: Int) throws {
        var rng = SplitMix64(seed: 11 &* UInt64(length))
        let specs = [AggregateSpec(.sum, input: 6)] + Self.general
        for nulls in TestData.nullFractions {
            var agg = try HashAggregator(inputSchema: Self.schema, keyColumns: [0], aggregates: specs, retractions: true)
            var batches: [RecordBatch] = []
            for _ in 0..<3 {
                let inserts = try H.batch(length, nulls: nulls, groups: 10, &rng)
                let retracted = TestData.selection(length, &rng)
                let kinds = (0..<retracted.count).map { _ in RowKind.delete.rawValue }
                let dense = inserts.withSelection(retracted).compacted()
                let retractions = try RecordBatch(schema: Self.schema, columns: dense.columns, count: dense.count, rowKinds: Buffer(kinds))
                for batch in [inserts, retractions] {
                    batches.append(batch)
                    try agg.consume(batch)
                }
            }
            try Self.check(agg, batches, specs: specs)
        }
    }

    @Test("two-phase: partial states merged over a hash edge equal one phase", arguments: [0, 1, 65, 1000, 20_000])
    func twoPhase(length: Int) throws {
        var rng = SplitMix64(seed: 23 &+ UInt64(length))
        for specs in [Self.countSum, Self.general] {
            var locals = try (0..<3).map { _ in try HashAggregator(inputSchema: Self.schema, keyColumns: [0], aggregates: specs) }
            var batches: [RecordBatch] = []
            for b in 0..<6 {
                let batch = try H.batch(length, nulls: 0.3, groups: max(20, length), &rng)
                batches.append(batch)
                try locals[b % 3].consume(batch)
            }
            var globals = try (0..<2).map { _ in try HashAggregator(inputSchema: Self.schema, keyColumns: [0], aggregates: specs) }
            for local in locals {
                let parts = try Partition.split(try local.partialState(), keyColumns: [0], parallelism: 2)
                for (i, part) in parts.enumerated() { try globals[i].merge(part) }
            }
            let expected = ReferenceAggregation.aggregate(batches, keys: [0], specs: specs, schema: Self.schema)
            var merged: [[Value]: [Value]] = [:]
            for global in globals {
                #expect(global.keyed != nil)
                merged.merge(ReferenceAggregation.keyed(try global.finish(), keyCount: 1)) { a, _ in a }
            }
            #expect(merged == expected)
        }
    }

    @Test("an overflowing BIGINT sum is an error on the fused-key path")
    func overflow() throws {
        let schema = Schema([Field("k", .int64), Field("v", .int64)])
        var agg = try HashAggregator(inputSchema: schema, keyColumns: [0], aggregates: [.countStar(), AggregateSpec(.sum, input: 1)])
        let batch = try RecordBatch(schema: schema, columns: [.int64([1, 1]), .int64([.max, 1])], count: 2)
        #expect(throws: SluiceError.self) { try agg.consume(batch) }
    }
}
