import SluiceTestSupport
import Testing
@testable import SluiceColumnar

/// Large and structured key sets through `FusedKeyTable`: growth (including the estimated 4x step),
/// the multiply-shift slot hash, and results read straight from the slots at finish. Checked against
/// a plain dictionary over the same keys, including first-seen group order.
@Suite("FusedKeyTable growth and results")
struct FusedKeyTableGrowthTests {
    static let schema = Schema([Field("k", .int64), Field("v", .int64)])

    /// COUNT(*) and SUM(v) per key, in first-seen order.
    struct Expected {
        var order: [Int64] = []
        var count: [Int64: Int64] = [:]
        var sum: [Int64: Int64] = [:]

        mutating func add(_ key: Int64, _ value: Int64) {
            if count[key] == nil { order.append(key) }
            count[key, default: 0] += 1
            sum[key, default: 0] += value
        }
    }

    /// Feeds `keys` (values: the row index mod 1000) in batches of `batchRows` and checks the result.
    /// With `average`, AVG(v) joins the specs, which sends batches through the general slot-id path.
    static func run(_ keys: [Int64], batchRows: Int, average: Bool,
                    sourceLocation: SourceLocation = #_sourceLocation) throws {
        var specs: [AggregateSpec] = [.countStar(), AggregateSpec(.sum, input: 1)]
        if average { specs.append(AggregateSpec(.avg, input: 1)) }
        var agg = try HashAggregator(inputSchema: schema, keyColumns: [0], aggregates: specs)
        #expect(agg.keyed != nil, sourceLocation: sourceLocation)
        var expected = Expected()
        var start = 0
        while start < keys.count {
            let n = min(batchRows, keys.count - start)
            let k = Array(keys[start..<(start + n)])
            let v = (start..<(start + n)).map { Int64($0 % 1000) }
            for i in 0..<n { expected.add(k[i], v[i]) }
            try agg.consume(RecordBatch(schema: schema, columns: [.int64(k), .int64(v)], count: n))
            start += n
        }
        let result = try agg.finish()
        #expect(result.count == expected.order.count, sourceLocation: sourceLocation)
        let got = result.columns.map { column in column.withValues(Int64.self) { Array($0) } }
        // Mismatch counts, not array equality: a failing `==` over 100k elements diffs for minutes.
        func mismatches(_ column: Int, _ want: (Int64) -> Int64) -> Int {
            zip(got[column], expected.order).filter { $0.0 != want($0.1) }.count
        }
        #expect(zip(got[0], expected.order).filter { $0.0 != $0.1 }.count == 0, "group order", sourceLocation: sourceLocation)
        #expect(mismatches(1) { expected.count[$0]! } == 0, "COUNT(*)", sourceLocation: sourceLocation)
        #expect(mismatches(2) { expected.sum[$0]! } == 0, "SUM", sourceLocation: sourceLocation)
        if average {
            // AVG(BIGINT) is a BIGINT (truncating), as in Flink.
            #expect(mismatches(3) { expected.sum[$0]! / expected.count[$0]! } == 0, "AVG", sourceLocation: sourceLocation)
        }
    }

    @Test("random 64-bit keys past the estimated growth steps keep every group", arguments: [false, true])
    func randomKeys(average: Bool) throws {
        var rng = SplitMix64(seed: average ? 5 : 6)
        let pool = (0..<200_000).map { _ in Int64(bitPattern: rng.next()) }
        // Mostly new keys first (the estimate asks for 4x), then repeats (it asks for 2x).
        let keys = pool + (0..<200_000).map { _ in pool[rng.below(pool.count)] }
        try Self.run(keys, batchRows: 8191, average: average)
    }

    @Test("structured keys: arithmetic progressions, high bits only, powers of two, negatives")
    func structuredKeys() throws {
        let progression = (0..<150_000).map { Int64($0 % 50_000) * 7919 }
        let highBits = (0..<40_000).map { Int64($0 % 10_000) << 40 }
        let powers = (0..<20_000).map { i in Int64(bitPattern: 1 << UInt64(i % 64)) &* Int64(i % 7 + 1) }
        let negatives = (0..<40_000).map { -Int64($0 % 20_000) * 4096 }
        for keys in [progression, highBits, powers, negatives] {
            try Self.run(keys, batchRows: 4096, average: false)
        }
    }

    @Test("grownCapacity doubles small tables and repeating streams, quadruples large tables filling up")
    func grownCapacity() throws {
        var table = try #require(FusedKeyTable(keyType: .int64, specs: [.countStar(), AggregateSpec(.sum, input: 1)],
                                               inputSchema: Self.schema, retractions: false))
        table.occupied = 200
        table.lastBatchRows = 8192
        table.lastBatchNewGroups = 8192
        #expect(table.grownCapacity(rows: 0, newGroups: 0) == 2 * table.capacity, "small table")
        table.resize(to: 1 << 18)
        table.occupied = 100_000
        #expect(table.grownCapacity(rows: 0, newGroups: 0) == 4 << 18, "all rows new")
        #expect(table.grownCapacity(rows: 100, newGroups: 100) == 4 << 18, "all rows new, current batch too")
        table.lastBatchNewGroups = 1000
        #expect(table.grownCapacity(rows: 0, newGroups: 0) == 2 << 18, "mostly repeats: about 114k groups expected")
        table.lastBatchNewGroups = 6000
        #expect(table.grownCapacity(rows: 0, newGroups: 0) == 4 << 18, "about 374k groups expected, over the doubled limit")
        table.lastBatchRows = 100
        table.lastBatchNewGroups = 100
        #expect(table.grownCapacity(rows: 0, newGroups: 0) == 2 << 18, "too few rows to estimate")
    }

    @Test("results straight from the slots: COUNT, COUNT(x), SUM(BIGINT) with NULLs and FILTER",
          arguments: TestData.lengths + [20_000])
    func directResults(length: Int) throws {
        typealias H = HashAggregatorTests
        let specs: [AggregateSpec] = [
            .countStar(), AggregateSpec(.count, input: 2), AggregateSpec(.sum, input: 6),
            AggregateSpec(.sum, input: 6, filter: 5), .countStar(filter: 5), AggregateSpec(.count, input: 6),
        ]
        var rng = SplitMix64(seed: 77 &+ UInt64(length))
        for nulls in TestData.nullFractions {
            var agg = try HashAggregator(inputSchema: H.schema, keyColumns: [0], aggregates: specs)
            var batches: [RecordBatch] = []
            for b in 0..<3 {
                var batch = try H.batch(length, nulls: nulls, groups: max(30, length / 3), &rng)
                if b == 1 { batch = batch.withSelection(TestData.selection(length, &rng)) }
                batches.append(batch)
                try agg.consume(batch)
            }
            let keyed = try #require(agg.keyed)
            #expect(keyed.directResults(specs, resultTypes: agg.accumulators.map(\.resultType)) != nil)
            try FusedKeyTableTests.check(agg, batches, specs: specs)
        }
    }
}
