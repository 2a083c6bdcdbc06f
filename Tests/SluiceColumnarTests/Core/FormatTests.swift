import Testing
@testable import SluiceColumnar

@Suite("Value formats and parsing")
struct FormatTests {
    func parseDecimal(_ text: String, _ p: Int, _ s: Int) -> Int128? {
        Array(text.utf8).withUnsafeBufferPointer { DecimalFormat.parse($0, precision: p, scale: s) }
    }

    @Test("decimals parse with rounding half up and reject overflow")
    func decimals() {
        #expect(parseDecimal("12.34", 10, 2) == 1234)
        #expect(parseDecimal("-0.5", 10, 2) == -50)
        #expect(parseDecimal("1.005", 10, 2) == 101)
        #expect(parseDecimal("1.004", 10, 2) == 100)
        #expect(parseDecimal("-1.005", 10, 2) == -101)
        #expect(parseDecimal("99999999.99", 10, 2) == 9_999_999_999)
        #expect(parseDecimal("100000000", 10, 2) == nil)
        #expect(parseDecimal("99.995", 4, 2) == nil, "rounding up past the precision overflows")
        #expect(parseDecimal("12", 38, 0) == 12)
        #expect(parseDecimal(String(repeating: "9", count: 38), 38, 0) == DecimalFormat.powersOfTen[38] - 1)
        #expect(parseDecimal(String(repeating: "9", count: 39), 38, 0) == nil)
        #expect(parseDecimal("1.2.3", 10, 2) == nil)
        #expect(parseDecimal("abc", 10, 2) == nil)
        #expect(parseDecimal("", 10, 2) == nil)
        #expect(parseDecimal("-", 10, 2) == nil)
        #expect(DecimalFormat.string(unscaled: -5, scale: 3) == "-0.005")
        #expect(DecimalFormat.string(unscaled: 12345, scale: 0) == "12345")
    }

    func ts(_ text: String) -> Int64? { Array(text.utf8).withUnsafeBufferPointer { TemporalParse.timestamp($0) } }

    @Test("timestamps and dates round-trip through their text forms")
    func temporal() {
        let micros = ts("2024-02-29 23:59:58.123")!
        #expect(TemporalFormat.timestamp(micros: micros, precision: 3) == "2024-02-29 23:59:58.123")
        #expect(ts("1969-12-31 23:59:59.5") == -500_000)
        #expect(TemporalFormat.timestamp(micros: -500_000, precision: 1) == "1969-12-31 23:59:59.5")
        #expect(ts("2023-02-29 00:00:00") == nil, "not a leap year")
        #expect(ts("2024-13-01 00:00:00") == nil)
        #expect(ts("2024-01-01T10:00") == TemporalFormat.microsPerDay * Int64(TemporalFormat.days(year: 2024, month: 1, day: 1)) + 36_000_000_000)
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            let c = TemporalFormat.civil(days: day)
            #expect(TemporalFormat.days(year: c.year, month: c.month, day: c.day) == day)
        }
        #expect(Value.date(0).description == "1970-01-01")
        #expect(Value.intervalDayTime(90_061_001_000).description == "+1 01:01:01.001")
        #expect(Value.intervalYearMonth(-14).description == "-1-02")
    }

    @Test("doubles print as Flink prints them")
    func doubles() {
        #expect(FloatFormat.flinkString(1) == "1.0")
        #expect(FloatFormat.flinkString(1e7) == "1.0E7")
        #expect(FloatFormat.flinkString(0.0001) == "1.0E-4")
        #expect(FloatFormat.flinkString(-12.5) == "-12.5")
        #expect(FloatFormat.flinkString(.nan) == "NaN")
    }

    @Test("the table printer aligns columns and shows row kinds of changelogs")
    func printer() throws {
        let schema = Schema([Field("color", .string), Field("cnt", .int64)])
        let kinds = Buffer([RowKind.insert.rawValue, RowKind.updateBefore.rawValue, RowKind.updateAfter.rawValue])
        let batch = try RecordBatch(schema: schema, columns: [Column.string(["red", "red", "red"]), Column.int64([1, 1, 12])],
                                    rowKinds: kinds)
        let expected = """
        +----+-------+-----+
        | op | color | cnt |
        +----+-------+-----+
        | +I | red   |   1 |
        | -U | red   |   1 |
        | +U | red   |  12 |
        +----+-------+-----+
        3 rows in set

        """
        #expect(TablePrinter().render(batch) == expected)
    }

    @Test("errors print their code, message, place and cause")
    func errorDescription() {
        let error = SluiceError(.invalidInput, "cannot parse 'x' as INT",
                                context: .init(column: "value", file: "events.csv", line: 17), cause: "bad digit")
        #expect(error.description == "invalidInput: cannot parse 'x' as INT (at events.csv:17, column `value`); caused by: bad digit")
    }
}

@Suite("Double formatting")
struct DoubleFormatTests {
    @Test("scientific notation matches Java's Double.toString")
    func scientific() {
        #expect(FloatFormat.flinkString(1.2345e-5) == "1.2345E-5")
        #expect(FloatFormat.flinkString(-3.0e20) == "-3.0E20")
        #expect(FloatFormat.flinkString(123456789.0) == "1.23456789E8")
        #expect(FloatFormat.flinkString(0.001) == "0.001")
        #expect(FloatFormat.flinkString(9999999.0) == "9999999.0")
    }
}
