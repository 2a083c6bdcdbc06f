import Testing
@testable import SluiceStorage
import SluiceColumnar

@Suite("Aggregate state in memory-mapped files")
struct MappedAggregateMemoryTests {
    static func run(memory: (any AggregateMemory)?, keys: Int) throws -> RecordBatch {
        let schema = Schema([Field("key", .int64), Field("value", .int64)])
        var agg = try HashAggregator(inputSchema: schema, keyColumns: [0],
                                     aggregates: [.countStar(), AggregateSpec(.sum, input: 1)], memory: memory)
        var state: UInt64 = 7
        for _ in 0..<40 {
            var k: [Int64] = [], v: [Int64] = []
            for i in 0..<8192 {
                state &+= 0x9E37_79B9_7F4A_7C15
                k.append(Int64(Hashing.fmix64(state) % UInt64(keys)))
                v.append(Int64(i % 100))
            }
            try agg.consume(try RecordBatch(schema: schema, columns: [Column.int64(k), Column.int64(v)]))
        }
        return try agg.finish()
    }

    static func rows(_ batch: RecordBatch) -> [[Value]] {
        (0..<batch.count).map { r in batch.columns.map { $0.value(at: r) } }
    }

    @Test("COUNT+SUM with slots in mapped files equals the anonymous-memory result")
    func sameResult() throws {
        let memory = try MappedAggregateMemory()
        let mapped = try Self.run(memory: memory, keys: 200_000)
        let heap = try Self.run(memory: nil, keys: 200_000)
        #expect(Self.rows(mapped) == Self.rows(heap))
        #expect(memory.fallbackCount == 0)
    }

    @Test("the table's mappings are released with it")
    func releases() throws {
        let memory = try MappedAggregateMemory()
        let schema = Schema([Field("key", .int64), Field("value", .int64)])
        do {
            var agg = try HashAggregator(inputSchema: schema, keyColumns: [0],
                                         aggregates: [.countStar(), AggregateSpec(.sum, input: 1)], memory: memory)
            try agg.consume(try RecordBatch(schema: schema, columns: [Column.int64((0..<100_000).map { Int64($0) }),
                                                                      Column.int64(Array(repeating: 1, count: 100_000))]))
            #expect(memory.mappedBytes > 0)
            #expect(try agg.finish().count == 100_000)
        }
        #expect(memory.mappedBytes == 0)
    }

    @Test("without space for a file the table falls back to anonymous memory and stays correct")
    func fallback() throws {
        let memory = try MappedAggregateMemory(directory: "/nonexistent-sluice-dir")
        let mapped = try Self.run(memory: memory, keys: 100_000)
        #expect(memory.fallbackCount > 0)
        #expect(Self.rows(mapped) == Self.rows(try Self.run(memory: nil, keys: 100_000)))
    }

    @Test("a released mapping is handed out again for the same size, zeroed")
    func reuse() throws {
        let memory = try MappedAggregateMemory()
        let bytes = 2 << 20
        let first = try #require(memory.allocateZeroed(bytes: bytes))
        first.storeBytes(of: 42, toByteOffset: 4096, as: Int64.self)
        memory.release(first, bytes: bytes)
        #expect(memory.mappedBytes == 0)
        let second = try #require(memory.allocateZeroed(bytes: bytes))
        #expect(second == first)
        #expect(second.load(fromByteOffset: 4096, as: Int64.self) == 0)
        #expect(memory.mappedBytes == bytes)
        // A table that grows: its old mapping waits in the pool until a larger size is asked for.
        memory.release(second, bytes: bytes)
        #expect(memory.pooledBytes == bytes)
        let grown = try #require(memory.allocateZeroed(bytes: 2 * bytes))
        #expect(memory.pooledBytes == 0, "the outgrown mapping is unmapped")
        memory.release(grown, bytes: 2 * bytes)
        #expect(memory.pooledBytes == 2 * bytes)
        #expect(memory.fallbackCount == 0)
    }

    @Test("with a string key the COUNT/SUM rows live in mapped files too, with the same result")
    func stringKeyRows() throws {
        let schema = Schema([Field("key", .string), Field("value", .int64)])
        let keys = (0..<100_000).map { "key-\($0 &* 7919 % 60_000)" }
        let batch = try RecordBatch(schema: schema, columns: [Column.string(keys), Column.int64((0..<100_000).map { Int64($0 % 13) })])
        func run(_ memory: (any AggregateMemory)?) throws -> (RecordBatch, Int) {
            var agg = try HashAggregator(inputSchema: schema, keyColumns: [0],
                                         aggregates: [.countStar(), AggregateSpec(.sum, input: 1), AggregateSpec(.avg, input: 1)],
                                         memory: memory)
            try agg.consume(batch)
            return (try agg.finish(), agg.providedStateBytes)
        }
        let memory = try MappedAggregateMemory()
        let (mapped, bytes) = try run(memory)
        let (heap, heapBytes) = try run(nil)
        #expect(bytes >= 1 << 20 && heapBytes == 0)
        #expect(Self.rows(mapped).sorted { "\($0)" < "\($1)" } == Self.rows(heap).sorted { "\($0)" < "\($1)" })
        #expect(mapped.count == 60_000)
    }
}
