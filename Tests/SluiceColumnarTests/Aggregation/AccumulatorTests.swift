import SluiceTestSupport
import Testing
@testable import SluiceColumnar

@Suite("Accumulators")
struct AccumulatorTests {
    static let schema = HashAggregatorTests.schema

    static func run(_ specs: [AggregateSpec], columns: [Column], keys: [Int] = [], schema: Schema? = nil) throws -> [[Value]] {
        let schema = schema ?? Schema(columns.enumerated().map { Field("c\($0)", $1.type) })
        var agg = try HashAggregator(inputSchema: schema, keyColumns: keys, aggregates: specs)
        try agg.consume(try RecordBatch(schema: schema, columns: columns))
        return try agg.finish().rows()
    }

    @Test("result types follow Flink")
    func resultTypes() throws {
        let cases: [(AggregateFunction, DataType, DataType)] = [
            (.sum, .int32, .int32), (.sum, .int64, .int64), (.sum, .int8, .int8), (.sum, .float64, .float64),
            (.sum, .decimal(precision: 10, scale: 2), .decimal(precision: 38, scale: 2)),
            (.avg, .int32, .int32), (.avg, .float32, .float32),
            (.avg, .decimal(precision: 10, scale: 2), .decimal(precision: 38, scale: 6)),
            (.avg, .decimal(precision: 30, scale: 8), .decimal(precision: 38, scale: 8)),
            (.count, .string, .int64), (.min, .date, .date), (.max, .boolean, .boolean), (.firstValue, .float32, .float32),
        ]
        for (function, input, expected) in cases {
            #expect(try function.resultType(input: input) == expected, "\(function.rawValue)(\(input))")
        }
        let agg = try HashAggregator(inputSchema: Self.schema, keyColumns: [0], aggregates: [.countStar(), AggregateSpec(.count, input: 2)])
        #expect(agg.outputSchema.fields.map(\.nullable) == [true, false, false], "COUNT is BIGINT NOT NULL")
        #expect(agg.outputSchema.names == ["k", "COUNT(*)", "COUNT(v)"])
    }

    @Test("integer AVG divides and truncates toward zero, like Flink")
    func integerAverage() throws {
        let rows = try Self.run([AggregateSpec(.avg, input: 1)], columns: [.int64([1, 1, 2, 2]), .int32([1, 2, -1, -2])], keys: [0])
        #expect(rows == [[.int(1), .int(1)], [.int(2), .int(-1)]])
    }

    @Test("decimal AVG rounds HALF_UP at scale max(s, 6)")
    func decimalAverage() throws {
        let type = DataType.decimal(precision: 10, scale: 2)
        let values: [Value] = [.decimal(1, scale: 2)] + Array(repeating: .decimal(0, scale: 2), count: 31)
        let negative: [Value] = values.map { if case .decimal(let v, let s) = $0 { .decimal(-v, scale: s) } else { $0 } }
        let keys = Column.int64(Array(repeating: 1, count: 32) + Array(repeating: 2, count: 32))
        let rows = try Self.run([AggregateSpec(.avg, input: 1), AggregateSpec(.sum, input: 1)],
                                columns: [keys, try ColumnBuilder.column(type, values + negative)], keys: [0])
        // 0.01 / 32 = 0.0003125 → 0.000313; -0.0003125 → -0.000313
        #expect(rows == [[.int(1), .decimal(313, scale: 6), .decimal(1, scale: 2)], [.int(2), .decimal(-313, scale: 6), .decimal(-1, scale: 2)]])
    }

    @Test("the accumulator API works on its own with a FILTER mask and a selection")
    func direct() throws {
        var table = try GroupTable(keyTypes: [.string])
        let keys = TestData.dictionaryColumn(["a", "b", "a", nil, "b", "a"])
        let selection = SelectionVector([0, 1, 2, 3, 5])
        let ids = table.findOrInsert([keys], selection: selection)
        var sum = try Accumulators.make(.sum, inputType: .int64)
        try sum.update(groupIds: ids, groupCount: table.groupCount, input: .int64([1, 10, 100, 1000, 10_000, nil]),
                       filter: Bitmap([true, true, false, true, true, true]), selection: selection)
        #expect(try sum.finish(groupCount: table.groupCount).values() == [.int(1), .int(10), .int(1000)])
        #expect(table.keyColumns()[0].values() == [.string("a"), .string("b"), .null])
    }

    @Test("overflow and type errors name the aggregate")
    func errors() throws {
        #expect(throws: SluiceError.execution("SUM(c1) overflowed: the running sum exceeds the range of BIGINT; cast the argument to a wider type (e.g. DECIMAL(38, 0))")) {
            try Self.run([AggregateSpec(.sum, input: 1)], columns: [.int64([1, 1]), .int64([Int64.max, 1])], keys: [0])
        }
        #expect(throws: SluiceError.execution("SUM(c1) = 3000000000 overflows its result type INT (-2147483648...2147483647); cast the argument to BIGINT")) {
            try Self.run([AggregateSpec(.sum, input: 1)], columns: [.int64([1, 1]), .int32([2_000_000_000, 1_000_000_000])], keys: [0])
        }
        let big = DataType.decimal(precision: 38, scale: 0)
        let nines = DecimalFormat.powersOfTen[38] - 1
        #expect(throws: SluiceError.execution("SUM(c0) overflowed DECIMAL(38, 0): the result has more than 38 digits")) {
            try Self.run([AggregateSpec(.sum, input: 0)], columns: [try ColumnBuilder.column(big, [.decimal(nines, scale: 0), .decimal(1, scale: 0)])])
        }
        #expect(throws: SluiceError.invalidInput("SUM does not accept STRING; use a numeric column (TINYINT, SMALLINT, INT, BIGINT, DECIMAL, FLOAT or DOUBLE)")) {
            try HashAggregator(inputSchema: Self.schema, keyColumns: [], aggregates: [AggregateSpec(.sum, input: 1)])
        }
        #expect(throws: SluiceError.unsupported("MIN over ROW<`a` BIGINT> is not supported; apply it to the ROW's fields")) {
            try Accumulators.make(.min, inputType: .row([Field("a", .int64)]))
        }
        #expect(throws: SluiceError.unsupported("SUM(DISTINCT …) is not supported; only COUNT(DISTINCT x) is")) {
            try HashAggregator(inputSchema: Self.schema, keyColumns: [], aggregates: [AggregateSpec(.sum, input: 2, distinct: true)])
        }
        #expect(throws: SluiceError.invalidInput("key column index 9 is out of range; the input has 7 columns (k, name, v, d, price, ok, big)")) {
            try HashAggregator(inputSchema: Self.schema, keyColumns: [9], aggregates: [])
        }
        #expect(throws: SluiceError.invalidInput("FILTER column `v` is INT; a FILTER must be BOOLEAN")) {
            try HashAggregator(inputSchema: Self.schema, keyColumns: [], aggregates: [.countStar(filter: 2)])
        }
        #expect(throws: SluiceError.invalidInput("SUM needs an input column; only COUNT(*) has none")) {
            try HashAggregator(inputSchema: Self.schema, keyColumns: [], aggregates: [AggregateSpec(.sum)])
        }
    }

    @Test("changelog and two-phase misuse fails with clear messages")
    func changelogErrors() throws {
        var rng = SplitMix64(seed: 3)
        let batch = try HashAggregatorTests.batch(10, nulls: 0, groups: 3, &rng, kinds: Array(repeating: RowKind.delete.rawValue, count: 10))
        var plain = try HashAggregator(inputSchema: Self.schema, keyColumns: [0], aggregates: [.countStar()])
        #expect(throws: SluiceError.invalidInput("the input is a changelog with -U/-D rows but the aggregator was created without retractions; create it with retractions: true")) {
            try plain.consume(batch)
        }
        var min = try Accumulators.make(.min, inputType: .int32, name: "MIN(v)")
        #expect(throws: SluiceError.unsupported("MIN(v) cannot retract rows (-U/-D) here; for MIN/MAX create the aggregator with retractions enabled, FIRST_VALUE/LAST_VALUE over a changelog are not supported yet")) {
            try min.update(groupIds: Buffer([UInt32](repeating: 0, count: 10)), groupCount: 1, input: batch.columns[2],
                           filter: nil, selection: nil, rowKinds: batch.rowKinds)
        }
        let distinct = try HashAggregator(inputSchema: Self.schema, keyColumns: [0], aggregates: [AggregateSpec(.count, input: 1, distinct: true)])
        #expect(throws: SluiceError.unsupported("COUNT(DISTINCT …) has no two-phase (local/global) form; aggregate it in a single phase after the hash edge")) {
            try distinct.partialState()
        }
        var sum = try Accumulators.make(.sum, inputType: .int64, name: "SUM(x)")
        #expect(throws: SluiceError.invalidInput("partial state for SUM(x) has columns DOUBLE, BIGINT, expected BIGINT, BIGINT")) {
            try sum.merge(groupIds: Buffer([UInt32(0)]), groupCount: 1, state: [.float64([1]), .int64([1])], selection: nil)
        }
        var global = try HashAggregator(inputSchema: Self.schema, keyColumns: [0], aggregates: [.countStar()])
        #expect(throws: SluiceError.invalidInput("partial state batch (k BIGINT, name STRING, v INT, d DOUBLE, price DECIMAL(10, 2), ok BOOLEAN, big BIGINT) does not match the expected partial schema (k BIGINT, $rows BIGINT NOT NULL, COUNT(*)$0 BIGINT)")) {
            try global.merge(batch)
        }
    }

    @Test("decimal overflow while accumulating or rescaling, and the remaining misuse messages")
    func moreErrors() throws {
        let big = DataType.decimal(precision: 38, scale: 0)
        let nines = DecimalFormat.powersOfTen[38] - 1
        let huge = try ColumnBuilder.column(big, [.decimal(nines, scale: 0), .decimal(nines, scale: 0)])
        #expect(throws: SluiceError.execution("SUM(c0) overflowed: the running sum exceeds the range of DECIMAL(38); cast the argument to a wider type (e.g. DECIMAL(38, 0))")) {
            try Self.run([AggregateSpec(.sum, input: 0)], columns: [huge])
        }
        #expect(throws: SluiceError.execution("AVG(c0) overflowed DECIMAL(38, 6) while rescaling the sum")) {
            try Self.run([AggregateSpec(.avg, input: 0)], columns: [huge.slice(0, 1)])
        }
        #expect(throws: SluiceError.invalidInput("MIN needs an argument column")) {
            try Accumulators.make(.min, inputType: nil)
        }
        var agg = try HashAggregator(inputSchema: Self.schema, keyColumns: [0], aggregates: [.countStar()])
        let other = Schema([Field("x", .string)])
        #expect(throws: SluiceError.invalidInput("batch schema (x STRING) does not match the aggregator's input schema (k BIGINT, name STRING, v INT, d DOUBLE, price DECIMAL(10, 2), ok BOOLEAN, big BIGINT)")) {
            try agg.consume(try RecordBatch(schema: other, columns: [.string(["a"])]))
        }
        let changelog = try HashAggregator(inputSchema: Self.schema, keyColumns: [0], aggregates: [AggregateSpec(.max, input: 2, name: "top")], retractions: true)
        #expect(throws: SluiceError.unsupported("top over a changelog has no two-phase (local/global) form; aggregate it in a single phase")) {
            try changelog.partialState()
        }
    }

    @Test("string MIN/MAX/FIRST/LAST compare bytewise and survive arena compaction")
    func strings() throws {
        let values = (0..<20_000).map { i -> String? in i % 7 == 3 ? nil : "value-\(String(i).leftPadded(to: 6))" }
        let keys = Column.int64((0..<20_000).map { Int64($0 % 2) })
        let specs = [AggregateSpec(.max, input: 1), AggregateSpec(.min, input: 1), AggregateSpec(.firstValue, input: 1),
                     AggregateSpec(.lastValue, input: 1)]
        var agg = try HashAggregator(inputSchema: Schema([Field("k", .int64), Field("s", .string)]), keyColumns: [0], aggregates: specs)
        for start in stride(from: 0, to: 20_000, by: 1000) {
            let batch = try RecordBatch(schema: agg.inputSchema, columns: [keys.slice(start, 1000), Column.string(values).slice(start, 1000)])
            try agg.consume(batch)
        }
        #expect(try agg.finish().rows() == [
            [.int(0), .string("value-019998"), .string("value-000000"), .string("value-000000"), .string("value-019998")],
            [.int(1), .string("value-019999"), .string("value-000001"), .string("value-000001"), .string("value-019999")],
        ])
        let bytes = Column.string(["b", "a\u{FF}", "ab", "a"])
        let rows = try Self.run([AggregateSpec(.max, input: 0), AggregateSpec(.min, input: 0)], columns: [bytes])
        #expect(rows == [[.string("b"), .string("a")]])
    }
}
