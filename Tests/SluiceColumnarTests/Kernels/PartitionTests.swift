import SluiceTestSupport
import Testing
@testable import SluiceColumnar

@Suite("Partition")
struct PartitionTests {
    static let schema = Schema([Field("k", .int64), Field("s", .string), Field("v", .int64)])

    static func batch(_ n: Int, nulls: Double, seed: UInt64, selected: Bool, kinds: Bool) throws -> RecordBatch {
        var rng = SplitMix64(seed: seed)
        let keys = TestData.ints(n, distinct: 37, nulls: nulls, &rng)
        let strings = TestData.strings(n, distinct: 11, nulls: nulls, &rng)
        let ids = (0..<n).map { Int64($0) }
        let rowKinds = kinds ? Buffer((0..<n).map { UInt8($0 % 4) }) : nil
        let batch = try RecordBatch(schema: schema, columns: [.int64(keys), .string(strings), .int64(ids)], count: n, rowKinds: rowKinds)
        return selected ? batch.withSelection(TestData.selection(n, &rng)) : batch
    }

    @Test("every row reaches exactly one target and equal keys reach the same target",
          arguments: [1, 2, 4], TestData.lengths + [100_000])
    func routing(parallelism: Int, length: Int) throws {
        // The 100k case runs once (50 % nulls, with a selection) to keep the suite fast.
        for nulls in length > 1000 ? [0.5] : TestData.nullFractions {
            for selected in length > 1000 ? [true] : [false, true] {
                let input = try Self.batch(length, nulls: nulls, seed: UInt64(length * 31 + parallelism), selected: selected, kinds: true)
                let parts = try Partition.split(input, keyColumns: [0, 1], parallelism: parallelism)
                #expect(parts.count == parallelism)
                var seen: [Int64] = []
                var owner: [[Value]: Int] = [:]
                for (target, part) in parts.enumerated() {
                    #expect(part.selection == nil)
                    let hashes = Hashing.hash([part.columns[0], part.columns[1]]).toArray(of: UInt64.self)
                    for row in 0..<part.count {
                        let values = part.row(row)
                        guard case .int(let id) = values[2] else { Issue.record("id column lost"); continue }
                        seen.append(id)
                        // Row kinds travel with their rows.
                        #expect(part.rowKind(at: row).rawValue == UInt8(id % 4))
                        let key = [values[0], values[1]]
                        if let previous = owner[key] { #expect(previous == target) } else { owner[key] = target }
                        let group = KeyGroups.keyGroup(hash: hashes[row], maxParallelism: 128)
                        #expect(KeyGroups.subtask(keyGroup: group, maxParallelism: 128, parallelism: parallelism) == target)
                    }
                }
                let expected = input.selection?.toArray().map { Int64($0) } ?? (0..<Int64(length)).map { $0 }
                #expect(seen.sorted() == expected, "each selected row exactly once")
                // Rows keep their input order within a target.
                for part in parts {
                    let ids = part.columns[2].values().map { v -> Int64 in if case .int(let i) = v { i } else { -1 } }
                    #expect(ids == ids.sorted())
                }
            }
        }
    }

    @Test("a non-power-of-two max parallelism routes by the same rule")
    func oddMaxParallelism() throws {
        let input = try Self.batch(1000, nulls: 0.1, seed: 5, selected: false, kinds: false)
        let parts = try Partition.split(input, keyColumns: [0], parallelism: 3, maxParallelism: 10)
        for (target, part) in parts.enumerated() {
            for h in Hashing.hash([part.columns[0]]).toArray(of: UInt64.self) {
                #expect(KeyGroups.subtask(keyGroup: Int(h % 10), maxParallelism: 10, parallelism: 3) == target)
            }
        }
        #expect(parts.reduce(0) { $0 + $1.count } == 1000)
    }

    @Test("dictionary-encoded and plain keys with the same values go to the same targets")
    func dictionaryKeys() throws {
        var rng = SplitMix64(seed: 21)
        let values = TestData.strings(1000, distinct: 40, nulls: 0.2, &rng)
        let schema = Schema([Field("s", .string), Field("i", .int64)])
        let ids = Column.int64((0..<1000).map { Int64($0) })
        let plain = try Partition.split(try RecordBatch(schema: schema, columns: [.string(values), ids]), keyColumns: [0], parallelism: 4)
        let coded = try Partition.split(try RecordBatch(schema: schema, columns: [TestData.dictionaryColumn(values), ids]), keyColumns: [0], parallelism: 4)
        #expect(plain.map { $0.columns[1].values() } == coded.map { $0.columns[1].values() })
        #expect(plain.map { $0.columns[0].values() } == coded.map { $0.columns[0].values() })
    }

    @Test("bad arguments fail with clear messages")
    func errors() throws {
        let input = try Self.batch(10, nulls: 0, seed: 1, selected: false, kinds: false)
        #expect(throws: SluiceError.invalidInput("key column index 3 is out of range; the batch has 3 columns (k, s, v)")) {
            try Partition.split(input, keyColumns: [3], parallelism: 2)
        }
        #expect(throws: SluiceError.invalidInput("a hash partition needs at least one key column (batch columns: k, s, v)")) {
            try Partition.split(input, keyColumns: [], parallelism: 2)
        }
        #expect(throws: SluiceError.invalidInput("parallelism 256 exceeds max parallelism 128; lower the parallelism or raise the max parallelism (changing the max parallelism breaks savepoints)")) {
            try Partition.split(input, keyColumns: [0], parallelism: 256)
        }
    }
}
