import Testing
@testable import SluiceColumnar

@Suite("Column, builders and batches")
struct ColumnTests {
    @Test("builders round-trip every type through values")
    func builderRoundTrip() throws {
        let cases: [(DataType, [Value])] = [
            (.boolean, [.boolean(true), .null, .boolean(false)]),
            (.int8, [.int(-128), .int(127), .null]),
            (.int16, [.int(-32768), .null, .int(7)]),
            (.int32, [.int(1), .int(-1), .null]),
            (.int64, [.int(.max), .int(.min), .null]),
            (.float32, [.float(1.5), .null]),
            (.float64, [.float(-2.25), .null, .float(0)]),
            (.decimal(precision: 10, scale: 2), [.decimal(12345, scale: 2), .null]),
            (.decimal(precision: 38, scale: 4), [.decimal(Int128(Int64.max) * 1000, scale: 4), .decimal(-1, scale: 4)]),
            (.string, [.string("héllo"), .string(""), .null]),
            (.binary, [.binary([0, 255]), .null]),
            (.date, [.date(19000), .null]),
            (.time(precision: 3), [.time(3_600_000)]),
            (.timestamp(precision: 3), [.timestamp(1_700_000_000_123_000), .null]),
            (.intervalDayTime, [.intervalDayTime(-5)]),
            (.intervalYearMonth, [.intervalYearMonth(14)]),
            (.row([Field("a", .int32), Field("b", .string)]), [.row([.int(1), .string("x")]), .null, .row([.null, .string("y")])]),
        ]
        for (type, values) in cases {
            let column = try ColumnBuilder.column(type, values)
            #expect(column.values() == values, "\(type)")
            #expect(column.nullCount == values.filter(\.isNull).count, "\(type)")
        }
    }

    @Test("a value that does not fit the type names it")
    func builderRejects() {
        #expect(throws: SluiceError.invalidInput("value 300 is out of range for TINYINT (-128...127) at row 1")) {
            try ColumnBuilder.column(.int8, [.int(1), .int(300)])
        }
        #expect(throws: SluiceError.invalidInput("value abc does not fit a column of type INT at row 0")) {
            try ColumnBuilder.column(.int32, [.string("abc")])
        }
        #expect(throws: SluiceError.invalidInput("decimal value 1.234 has scale 3, column DECIMAL(5, 2) needs scale 2 at row 0")) {
            try ColumnBuilder.column(.decimal(precision: 5, scale: 2), [.decimal(1234, scale: 3)])
        }
    }

    @Test("slices share buffers and keep values and nulls", arguments: [0, 1, 7, 8, 9, 63, 64, 65, 1000])
    func slicing(length: Int) {
        let total = length + 70
        let ints = (0..<total).map { $0 % 3 == 0 ? nil : Int64($0) }
        let strings = (0..<total).map { $0 % 4 == 1 ? nil : "s\($0)" }
        let bools = (0..<total).map { $0 % 5 == 2 ? nil : $0 % 2 == 0 }
        for start in [0, 1, 65] {
            let i = Column.int64(ints).slice(start, length)
            let s = Column.string(strings).slice(start, length)
            let b = Column.boolean(bools).slice(start, length)
            for r in 0..<length {
                #expect(i.value(at: r) == (ints[start + r].map { .int($0) } ?? .null))
                #expect(s.value(at: r) == (strings[start + r].map { .string($0) } ?? .null))
                #expect(b.value(at: r) == (bools[start + r].map { .boolean($0) } ?? .null))
            }
        }
    }

    @Test("take gathers rows of every storage kind, with nulls")
    func take() throws {
        let rowType = DataType.row([Field("x", .int64)])
        let columns = [
            Column.int64([1, nil, 3, 4]),
            Column.string(["a", "bb", nil, "dddd"]),
            Column.boolean([true, false, nil, true]),
            try ColumnBuilder.column(rowType, [.row([.int(1)]), .null, .row([.int(3)]), .row([.null])]),
            try ColumnBuilder.column(.decimal(precision: 30, scale: 1), [.decimal(1, scale: 1), .null, .decimal(-3, scale: 1), .decimal(4, scale: 1)]),
        ]
        let dictionary = Column(type: .string, count: 4,
                                storage: .dictionary(codes: Buffer([Int32(1), 0, 1, 2]), dictionary: DictionaryValues(["red", "blue", "green"])),
                                validity: Bitmap([true, true, false, true]))
        for column in columns + [dictionary] {
            let taken = Take.take(column, SelectionVector([3, 0, 0, 2]))
            #expect(taken.values() == [3, 0, 0, 2].map { column.value(at: $0) })
        }
        #expect(dictionary.decoded().values() == [.string("blue"), .string("red"), .null, .string("green")])
    }

    @Test("concatenation appends columns and batches, applying selections")
    func concatenate() throws {
        let schema = Schema([Field("n", .int64), Field("s", .string)])
        let a = try RecordBatch(schema: schema, columns: [Column.int64([1, 2, 3]), Column.string(["a", nil, "c"])])
        let b = try RecordBatch(schema: schema, columns: [Column.int64([4, nil]), Column.string(["d", "e"])])
            .withSelection(SelectionVector([1]))
        let joined = try Concatenate.batches([a, b])
        #expect(joined.rows() == [[.int(1), .string("a")], [.int(2), .null], [.int(3), .string("c")], [.null, .string("e")]])
        #expect(throws: SluiceError.invalidInput("cannot concatenate a STRING column to a BIGINT column")) {
            try Concatenate.columns([Column.int64([1]), Column.string(["x"])])
        }
    }

    @Test("a batch rejects columns that disagree with its schema")
    func batchValidation() {
        let schema = Schema([Field("n", .int64)])
        #expect(throws: SluiceError(.internal, "column holds STRING but the schema says BIGINT", context: .init(column: "n"))) {
            try RecordBatch(schema: schema, columns: [Column.string(["x"])])
        }
    }

    @Test("an unknown column suggests the closest name")
    func unknownColumn() {
        let schema = Schema([Field("auction", .int64), Field("bidder", .int64), Field("price", .int64)])
        #expect(throws: SluiceError(.invalidInput,
                                    "column `prce` not found in table `bids`; did you mean `price`? (columns: auction, bidder, price)",
                                    context: .init(column: "prce"))) {
            try schema.requireIndex(of: "prce", in: "bids")
        }
    }
}
