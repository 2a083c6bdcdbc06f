import Testing
@testable import SluiceColumnar

@Suite("Filter")
struct FilterTests {
    @Test("selection from a predicate keeps TRUE rows only", arguments: Fixture.sizes)
    func selectionFromPredicate(n: Int) throws {
        for nulls in Fixture.nullPercents {
            for layout in [Fixture.Layout.plain, .sliced] {
                let predicate = Fixture.column(.boolean, Fixture.values(.boolean, count: n, nullPercent: nulls, seed: 41), layout)
                let expected = predicate.booleans.indices.filter { predicate.booleans[$0] == true }
                #expect(try Filter.selection(from: predicate).toArray() == expected, "n=\(n) nulls=\(nulls)% \(layout)")
            }
        }
    }

    @Test("selection from a bitmask, also from a sliced one", arguments: Fixture.sizes)
    func selectionFromMask(n: Int) {
        let bits = (0..<(n + 70)).map { ($0 * 13 + 5) % 7 < 3 }
        for start in [0, 3, 64, 65] where start + n <= bits.count {
            let mask = Bitmap(bits).slice(start, n)
            let expected = (0..<n).filter { bits[start + $0] }
            #expect(Filter.selection(from: mask).toArray() == expected)
        }
    }

    static let schema = Schema([Field("id", .int64), Field("color", .string)])

    static func batch(_ n: Int) throws -> RecordBatch {
        try RecordBatch(schema: schema, columns: [Column.int64((0..<n).map { Int64($0) }), Column.string((0..<n).map { "c\($0 % 3)" })])
    }

    @Test("filtering a batch sets a selection and shares the columns")
    func filterBatch() throws {
        let batch = try Self.batch(100)
        let predicate = try Comparison.compare(batch.columns[1], .notEqual, .string("c1"))
        let filtered = try Filter.filter(batch, predicate)
        #expect(filtered.physicalCount == 100)
        #expect(filtered.selection?.toArray() == (0..<100).filter { $0 % 3 != 1 })
        #expect(filtered.rows().allSatisfy { $0[1] != .string("c1") })
    }

    @Test("filtering a batch that already has a selection intersects it")
    func filterIntersects() throws {
        let batch = try Self.batch(200).withSelection(SelectionVector((0..<200).filter { $0 % 2 == 0 }))
        let predicate = try Comparison.compare(batch.columns[0], .less, .int(100))
        let filtered = try Filter.filter(batch, predicate)
        #expect(filtered.selection?.toArray() == (0..<100).filter { $0 % 2 == 0 })
        #expect(filtered.count == 50)
    }

    @Test("NULL predicate rows are dropped; an all-TRUE predicate leaves the batch as it is")
    func nullsAndAllTrue() throws {
        let batch = try Self.batch(3)
        let filtered = try Filter.filter(batch, Column.boolean([true, nil, false]))
        #expect(filtered.selection?.toArray() == [0])
        let unchanged = try Filter.filter(batch, Column.boolean([true, true, true]))
        #expect(unchanged.selection == nil)
        #expect(unchanged.count == 3)
    }

    @Test("non-BOOLEAN predicates and wrong lengths are rejected")
    func errors() throws {
        let batch = try Self.batch(3)
        let type = #expect(throws: SluiceError.self) { try Filter.filter(batch, Column.int64([1, 0, 1])) }
        #expect(type?.message == "filter predicate must be BOOLEAN, found BIGINT; compare the value, e.g. `x <> 0`")
        let length = #expect(throws: SluiceError.self) { try Filter.filter(batch, Column.boolean([true])) }
        #expect(length?.message == "filter predicate has 1 rows but the batch has 3 physical rows; evaluate the predicate on the batch's columns")
        let outside = #expect(throws: SluiceError.self) {
            try Filter.filter(batch.withSelection(SelectionVector([7])), Column.boolean([true, true, true]))
        }
        #expect(outside?.message == "selection vector of 1 rows refers to row 7 of a column of 3 rows")
        let selection = #expect(throws: SluiceError.self) { try Filter.selection(from: Column.string(["true"])) }
        #expect(selection?.message == "filter predicate must be BOOLEAN, found STRING; compare the value, e.g. `x <> 0`")
    }
}
