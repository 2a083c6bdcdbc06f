import Testing
@testable import SluiceColumnar

@Suite("Physical expressions and the function registry")
struct PhysicalExpressionTests {
    let schema = Schema([
        Field("color", .string), Field("value", .int64), Field("price", .decimal(precision: 10, scale: 2)),
        Field("ts", .timestamp(precision: 3)), Field("flag", .boolean),
    ])

    func batch() throws -> RecordBatch {
        let ts = try ColumnBuilder.column(.timestamp(precision: 3), [
            .timestamp(1_700_000_000_000_000), .timestamp(1_700_003_600_000_000), .null, .timestamp(0),
        ])
        let price = try ColumnBuilder.column(.decimal(precision: 10, scale: 2), [.decimal(1234, scale: 2), .null, .decimal(-50, scale: 2), .decimal(0, scale: 2)])
        return try RecordBatch(schema: schema, columns: [
            Column.string(["red", "orange", nil, "Blue"]), Column.int64([1, -2, 3, nil]), price, ts,
            Column.boolean([true, nil, false, true]),
        ])
    }

    func col(_ name: String) throws -> PhysicalExpression { try .column(name, in: schema) }
    func call(_ name: String, _ args: PhysicalExpression...) throws -> PhysicalExpression { try .call(name, args) }
    func lit(_ v: Value) -> PhysicalExpression { .literal(v) }

    func values(_ e: PhysicalExpression) throws -> [Value] { try e.evaluateColumn(batch()).values() }

    @Test("comparisons take the constant on either side and keep NULLs")
    func comparisons() throws {
        #expect(try values(call("<>", col("color"), lit(.string("orange")))) == [.boolean(true), .boolean(false), .null, .boolean(true)])
        #expect(try values(call("<", lit(.int(0)), col("value"))) == [.boolean(true), .boolean(false), .boolean(true), .null])
        #expect(try values(call(">=", col("price"), lit(.int(0)))) == [.boolean(true), .null, .boolean(false), .boolean(true)])
    }

    @Test("arithmetic, CASE and COALESCE compose")
    func composition() throws {
        let doubled = try call("*", col("value"), lit(.int(2)))
        #expect(try values(doubled) == [.int(2), .int(-4), .int(6), .null])
        let label = PhysicalExpression.caseWhen([
            (try call(">", col("value"), lit(.int(0))), lit(.string("pos"))),
        ], otherwise: lit(.string("other")), type: .string)
        #expect(try values(label) == [.string("pos"), .string("other"), .string("pos"), .string("other")])
        #expect(try values(call("coalesce", col("value"), lit(.int(0)))) == [.int(1), .int(-2), .int(3), .int(0)])
    }

    @Test("three-valued AND/OR and NOT over columns and constants")
    func logic() throws {
        let e = try call("or", col("flag"), call("is null", col("color")))
        #expect(try values(e) == [.boolean(true), .null, .boolean(true), .boolean(true)])
        #expect(try values(call("not", col("flag"))) == [.boolean(false), .null, .boolean(true), .boolean(false)])
    }

    @Test("IN, BETWEEN and LIKE, with constant and per-row operands")
    func predicates() throws {
        #expect(try values(call("in", col("value"), lit(.int(1)), lit(.int(3)))) == [.boolean(true), .boolean(false), .boolean(true), .null])
        #expect(try values(call("in", col("value"), col("value"), lit(.int(9)))) == [.boolean(true), .boolean(true), .boolean(true), .null])
        #expect(try values(call("between", col("value"), lit(.int(-2)), lit(.int(1)))) == [.boolean(true), .boolean(true), .boolean(false), .null])
        #expect(try values(call("between", col("value"), col("value"), lit(.int(1)))) == [.boolean(true), .boolean(true), .boolean(false), .null])
        #expect(try values(call("like", col("color"), lit(.string("%e%")))) == [.boolean(true), .boolean(true), .null, .boolean(true)])
    }

    @Test("string and temporal functions resolve by Flink name, case-insensitively")
    func functions() throws {
        #expect(try values(call("UPPER", col("color"))) == [.string("RED"), .string("ORANGE"), .null, .string("BLUE")])
        #expect(try values(call("substring", col("color"), lit(.int(2)), lit(.int(2)))) == [.string("ed"), .string("ra"), .null, .string("lu")])
        #expect(try values(call("hour", col("ts"))) == [.int(22), .int(23), .null, .int(0)])
        #expect(try values(call("date_format", col("ts"), lit(.string("yyyy-MM-dd HH:mm")))) ==
                [.string("2023-11-14 22:13"), .string("2023-11-14 23:13"), .null, .string("1970-01-01 00:00")])
        #expect(try call("char_length", col("color")).type == .int32)
    }

    @Test("constant calls fold to literals when built")
    func folding() throws {
        let e = try call("+", lit(.int(2)), lit(.int(3)))
        guard case .literal(let v, let t) = e else { Issue.record("not folded: \(e)"); return }
        #expect(v == .int(5))
        #expect(t == .int32)
        #expect(try call("upper", lit(.string("abc"))).description == "'ABC'")
    }

    @Test("errors name the function, the types and how to call it")
    func errors() throws {
        #expect(throws: SluiceError.invalidInput("unknown function UPPR; did you mean UPPER?")) {
            try call("uppr", col("color"))
        }
        #expect(throws: SluiceError.invalidInput("SUBSTRING takes 2 to 3 arguments but got 1; usage: SUBSTRING(s, start[, length])")) {
            try call("substring", col("color"))
        }
        #expect(throws: SluiceError.unsupported("the pattern of LIKE must be a constant, not color")) {
            try call("like", col("color"), col("color"))
        }
        #expect(throws: SluiceError.invalidInput("AND needs BOOLEAN operands but `value` is BIGINT; compare it to something (e.g. `value <> 0`)")) {
            try call("and", col("value"), col("flag"))
        }
        #expect(throws: SluiceError.invalidInput("COALESCE arguments have incompatible types BIGINT and STRING; cast them to one type")) {
            try call("coalesce", col("value"), col("color"))
        }
    }

    @Test("an integer overflow inside an expression fails with the operands")
    func overflow() throws {
        let e = try call("+", col("value"), lit(.int(Int64.max)))
        #expect(throws: SluiceError.self) { try e.evaluateColumn(batch()) }
    }
}

@Suite("Expressions over temporal and nested values")
struct NestedAndTemporalExpressionTests {
    @Test("timestamp ± interval and field access into ROW columns")
    func temporalAndFields() throws {
        let rowType = DataType.row([Field("id", .int64), Field("name", .string)])
        let schema = Schema([Field("ts", .timestamp(precision: 3)), Field("person", rowType)])
        let ts = try ColumnBuilder.column(.timestamp(precision: 3), [.timestamp(0), .null, .timestamp(86_400_000_000)])
        let person = try ColumnBuilder.column(rowType, [.row([.int(1), .string("ann")]), .row([.int(2), .null]), .null])
        let batch = try RecordBatch(schema: schema, columns: [ts, person])

        let later = try PhysicalExpression.call("+", [.column("ts", in: schema), .literal(.intervalDayTime(1_500_000), .intervalDayTime)])
        #expect(later.type == .timestamp(precision: 3))
        #expect(try later.evaluateColumn(batch).values() == [.timestamp(1_500_000), .null, .timestamp(86_401_500_000)])
        let earlier = try PhysicalExpression.call("-", [.column("ts", in: schema), .literal(.intervalDayTime(1_000_000), .intervalDayTime)])
        #expect(try earlier.evaluateColumn(batch).formatted(at: 0) == "1969-12-31 23:59:59.000")

        let name = PhysicalExpression.field(try .column("person", in: schema), index: 1, name: "name", type: .string)
        #expect(try name.evaluateColumn(batch).values() == [.string("ann"), .null, .null])
        #expect(name.description == "person.name")
        let id = PhysicalExpression.field(try .column("person", in: schema), index: 0, name: "id", type: .int64)
        #expect(try id.evaluateColumn(batch).values() == [.int(1), .int(2), .null], "a field of a NULL row is NULL")
    }

    @Test("CAST and TRY_CAST inside expressions")
    func casts() throws {
        let schema = Schema([Field("s", .string)])
        let batch = try RecordBatch(schema: schema, columns: [Column.string(["12", "x", nil])])
        let tryCast = PhysicalExpression.cast(try .column("s", in: schema), to: .int32, orNull: true)
        #expect(try tryCast.evaluateColumn(batch).values() == [.int(12), .null, .null])
        let cast = PhysicalExpression.cast(try .column("s", in: schema), to: .int32, orNull: false)
        #expect {
            try cast.evaluateColumn(batch)
        } throws: { error in
            (error as? SluiceError)?.message.contains("'x'") == true
        }
    }
}
