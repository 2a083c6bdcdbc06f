import SluiceTestSupport
import Testing
@testable import SluiceColumnar

@Suite("GroupTable")
struct GroupTableTests {
    /// Checks group ids against a Dictionary over the key values: same key ⇔ same id, ids dense in
    /// first-appearance order, and keyColumns() returns each group's key.
    static func check(_ table: inout GroupTable, _ keys: [Column], selection: SelectionVector?,
                      reference: inout [[Value]: Int], order: inout [[Value]]) {
        let ids = table.findOrInsert(keys, selection: selection).toArray(of: UInt32.self)
        for row in TestData.rows(keys, selection: selection) {
            let key = keys.map { $0.value(at: row) }
            if let expected = reference[key] {
                #expect(Int(ids[row]) == expected, "row \(row) key \(key)")
            } else {
                #expect(Int(ids[row]) == order.count, "new key \(key) gets the next id")
                reference[key] = order.count
                order.append(key)
            }
        }
        #expect(table.groupCount == order.count)
        let columns = table.keyColumns()
        #expect(columns.map(\.type) == keys.map(\.type))
        for (g, key) in order.enumerated() { #expect(columns.map { $0.value(at: g) } == key) }
    }

    @Test("single integer keys of each width", arguments: [DataType.int64, .int32, .int16, .date, .decimal(precision: 12, scale: 2)])
    func integerKeys(type: DataType) throws {
        var rng = SplitMix64(seed: 11)
        for length in TestData.lengths {
            for nulls in TestData.nullFractions {
                var table = try GroupTable(keyTypes: [type])
                var reference: [[Value]: Int] = [:], order: [[Value]] = []
                for batch in 0..<3 {
                    let values = TestData.ints(length + 3, distinct: 40, nulls: nulls, &rng).map { $0.map { v -> Value in
                        switch type {
                        case .date: return .date(Int32(v))
                        case .decimal(_, let s): return .decimal(Int128(v), scale: s)
                        case .int16: return .int(v % 30_000)
                        default: return .int(v)
                        }
                    } ?? .null }
                    let column = try ColumnBuilder.column(type, values).slice(3, length)
                    let selection = batch == 1 ? TestData.selection(length, &rng) : nil
                    Self.check(&table, [column], selection: selection, reference: &reference, order: &order)
                }
            }
        }
    }

    @Test("generic keys: strings, decimals, floats, booleans and mixed multi-column keys")
    func genericKeys() throws {
        var rng = SplitMix64(seed: 12)
        let wideDecimal = DataType.decimal(precision: 30, scale: 3)
        for length in TestData.lengths {
            for nulls in TestData.nullFractions {
                var tables = [try GroupTable(keyTypes: [.string]), try GroupTable(keyTypes: [.int64, .string]),
                              try GroupTable(keyTypes: [wideDecimal]), try GroupTable(keyTypes: [.float64, .boolean])]
                var refs = [[[Value]: Int]](repeating: [:], count: 4), orders = [[[Value]]](repeating: [], count: 4)
                for batch in 0..<3 {
                    let strings = TestData.strings(length, distinct: 25, nulls: nulls, &rng)
                    let ints = TestData.ints(length, distinct: 3, nulls: nulls, &rng)
                    let decimals = try ColumnBuilder.column(wideDecimal, ints.map { $0.map { .decimal(Int128($0) * 1_000_000_000_000_000_000, scale: 3) } ?? .null })
                    let floats = Column.float64(ints.enumerated().map { i, v in v.map { i % 5 == 0 ? -0.0 : Double($0) / 4 } })
                    let bools = Column.boolean(strings.map { $0.map { $0.utf8.count % 2 == 0 } })
                    let stringColumn = batch >= 1 ? TestData.dictionaryColumn(strings) : Column.string(strings)
                    let selection = batch == 2 ? TestData.selection(length, &rng) : nil
                    let keySets: [[Column]] = [[stringColumn], [.int64(ints), stringColumn], [decimals], [floats, bools]]
                    for t in 0..<4 { Self.check(&tables[t], keySets[t], selection: selection, reference: &refs[t], order: &orders[t]) }
                }
            }
        }
    }

    @Test("0.0 and -0.0 are one group")
    func negativeZero() throws {
        var table = try GroupTable(keyTypes: [.float64])
        let ids = table.findOrInsert([.float64([0.0, -0.0, 1, nil, nil])]).toArray(of: UInt32.self)
        #expect(ids == [0, 0, 1, 2, 2])
    }

    @Test("a dictionary key and the plain key with the same bytes share groups; unused entries are no groups")
    func dictionaryMatchesPlain() throws {
        var table = try GroupTable(keyTypes: [.string])
        let values: [String?] = ["b", "a", nil, "b", "", "a"]
        let fromDictionary = table.findOrInsert([TestData.dictionaryColumn(values)]).toArray(of: UInt32.self)
        #expect(table.groupCount == 4)
        let fromPlain = table.findOrInsert([.string(values)]).toArray(of: UInt32.self)
        #expect(fromDictionary == fromPlain)
        #expect(table.groupCount == 4)
        #expect(table.keyColumns()[0].values() == [.string("b"), .string("a"), .null, .string("")])
    }

    @Test("growth across many batches up to 100k groups keeps ids stable")
    func growth() throws {
        var table = try GroupTable(keyTypes: [.int64])
        var strings = try GroupTable(keyTypes: [.string])
        for batch in 0..<25 {
            let keys = (0..<4096).map { Int64(($0 * 25 + batch) % 100_000) }
            let ids = table.findOrInsert([.int64(keys)]).toArray(of: UInt32.self)
            let sids = strings.findOrInsert([.string(keys.map { "key-\($0)" })]).toArray(of: UInt32.self)
            #expect(ids == sids)
        }
        #expect(table.groupCount == 100_000)
        let keys = table.keyColumns()[0]
        let again = table.findOrInsert([keys]).toArray(of: UInt32.self)
        #expect(again == (0..<100_000).map { UInt32($0) })
        #expect(table.groupCount == 100_000)
    }

    @Test("constructor errors name the problem")
    func errors() {
        #expect(throws: SluiceError.invalidInput("a group table needs at least one key column; aggregate without GROUP BY through HashAggregator with no keys")) {
            try GroupTable(keyTypes: [])
        }
        #expect(throws: SluiceError.unsupported("grouping by a ROW value (ROW<`a` BIGINT>) is not supported; group by its fields instead")) {
            try GroupTable(keyTypes: [.row([Field("a", .int64)])])
        }
    }
}
