import Testing
@testable import SluiceColumnar

@Suite("Temporal functions")
struct TemporalFunctionsTests {
    typealias F = KernelFixtures

    static func timestamps(_ texts: [String?], precision: Int = 3) -> Column {
        try! Cast.cast(.string(texts), to: .timestamp(precision: precision))
    }

    @Test("EXTRACT every unit from a timestamp, a date and a time")
    func extract() throws {
        let ts = Self.timestamps(["2024-02-29 12:34:56.789", "1969-12-31 23:59:59.999", nil])
        let want: [(TemporalFunctions.TimeUnit, [Int64])] = [
            (.year, [2024, 1969]), (.quarter, [1, 4]), (.month, [2, 12]), (.week, [9, 1]), (.day, [29, 31]),
            (.dayOfWeek, [5, 4]), (.dayOfYear, [60, 365]), (.hour, [12, 23]), (.minute, [34, 59]),
            (.second, [56, 59]), (.millisecond, [56_789, 59_999]),
        ]
        for (unit, values) in want {
            let got = try TemporalFunctions.extract(unit, from: ts)
            #expect(got.type == .int64)
            #expect(got.values() == values.map { .int($0) } + [.null], "\(unit)")
        }
        let dates = try Cast.cast(.string(["2021-01-01", "2024-12-30", "2020-12-31", "2026-01-04"]), to: .date)
        #expect(try TemporalFunctions.extract(.week, from: dates).values() == [.int(53), .int(1), .int(53), .int(1)])
        #expect(try TemporalFunctions.extract(.dayOfWeek, from: dates).values() == [.int(6), .int(2), .int(5), .int(1)])
        let time = try Cast.cast(.string(["01:02:03.004"]), to: .time(precision: 3))
        #expect(try TemporalFunctions.extract(.millisecond, from: time).values() == [.int(3004)])
        #expect(try TemporalFunctions.hour(ts).values() == [.int(12), .int(23), .null])
        #expect(try TemporalFunctions.minute(time).values() == [.int(2)])
    }

    @Test("EXTRACT of a unit the type does not have is a plan error listing the valid units")
    func extractErrors() {
        let date = try! Cast.cast(.string(["2024-01-01"]), to: .date)
        #expect(throws: SluiceError(.plan, "cannot extract HOUR from a DATE; valid units: YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFWEEK, DAYOFYEAR")) {
            try TemporalFunctions.extract(.hour, from: date)
        }
        #expect(throws: SluiceError(.plan, "EXTRACT(YEAR FROM …) expects a DATE, TIME or TIMESTAMP, found INT")) {
            try TemporalFunctions.extract(.year, from: .int32([1]))
        }
    }

    @Test("EXTRACT matches the civil calendar over many days", arguments: F.lengths)
    func extractShapes(length: Int) throws {
        let days: [Value] = (0..<length).map { .date(Int32($0 * 37 - 20_000)) }
        try F.shapes { rate, sliced in
            let values = F.withNulls(days, rate: rate)
            let c = F.column(.date, values, sliced: sliced)
            let years = try TemporalFunctions.extract(.year, from: c).values()
            let doy = try TemporalFunctions.extract(.dayOfYear, from: c).values()
            for (i, v) in values.enumerated() {
                guard case .date(let d) = v else { #expect(years[i] == .null); continue }
                let civil = TemporalFormat.civil(days: Int(d))
                #expect(years[i] == .int(Int64(civil.year)))
                #expect(doy[i] == .int(Int64(Int(d) - TemporalFormat.days(year: civil.year, month: 1, day: 1) + 1)))
            }
        }
    }

    @Test("DATE_FORMAT with Java patterns and quoted literals")
    func dateFormat() throws {
        let ts = Self.timestamps(["2024-02-09 07:04:05.123456", nil], precision: 6)
        func fmt(_ p: String) throws -> Value { try TemporalFunctions.dateFormat(ts, pattern: p).values()[0] }
        #expect(try fmt("yyyy-MM-dd HH:mm:ss") == .string("2024-02-09 07:04:05"))
        #expect(try fmt("yy/M/d H:m:s.SSS") == .string("24/2/9 7:4:5.123"))
        #expect(try fmt("yyyyMMdd'T'HHmmss") == .string("20240209T070405"))
        #expect(try fmt("'It''s' EEE, MMM d") == .string("It's Fri, Feb 9"))
        #expect(try fmt("EEEE MMMM hh a SSSSSS D") == .string("Friday February 07 AM 123456 40"))
        #expect(try TemporalFunctions.dateFormat(ts, pattern: "yyyy").values()[1] == .null)
        let date = try Cast.cast(.string(["2024-12-31"]), to: .date)
        #expect(try TemporalFunctions.dateFormat(date, pattern: "dd.MM.yyyy").values() == [.string("31.12.2024")])
        #expect(try TemporalFunctions.dateFormat(.string(["2024-01-02 03:04:05"]), pattern: "HH:mm").values() == [.string("03:04")])
    }

    @Test("DATE_FORMAT rejects unknown letters and unclosed quotes with the position")
    func dateFormatErrors() {
        let ts = Self.timestamps(["2024-02-09 07:04:05"])
        #expect(throws: SluiceError(.invalidInput, "DATE_FORMAT pattern 'yyyy-QQ' uses unsupported letter 'Q' at position 6; "
            + "supported: y M d D H h m s S a E; quote literal text as in 'T'")) {
            try TemporalFunctions.dateFormat(ts, pattern: "yyyy-QQ")
        }
        #expect(throws: SluiceError(.invalidInput, "DATE_FORMAT pattern 'HH'h' has an unclosed quote at position 3; "
            + "close literal text with ' (write '' for a quote)")) {
            try TemporalFunctions.dateFormat(ts, pattern: "HH'h")
        }
        #expect(throws: SluiceError(.plan, "DATE_FORMAT expects a TIMESTAMP, DATE or STRING, found BIGINT")) {
            try TemporalFunctions.dateFormat(.int64([1]), pattern: "yyyy")
        }
    }

    @Test("timestamp ± interval through Arithmetic, with month-end clamping")
    func intervals() throws {
        let ts = Self.timestamps(["2024-01-31 10:00:00", nil, "2023-03-31 00:00:00"])
        let hour = try Column.repeating(.intervalDayTime(3_600_000_000), type: .intervalDayTime, count: 3)
        let plus = try TemporalFunctions.plus(ts, hour)
        #expect(plus.type == .timestamp(precision: 3))
        #expect(try Cast.cast(plus, to: .string).values() == [.string("2024-01-31 11:00:00.000"), .null, .string("2023-03-31 01:00:00.000")])
        let month = try Column.repeating(.intervalYearMonth(1), type: .intervalYearMonth, count: 3)
        #expect(try Cast.cast(TemporalFunctions.plus(ts, month), to: .string).values()
            == [.string("2024-02-29 10:00:00.000"), .null, .string("2023-04-30 00:00:00.000")])
        #expect(try Cast.cast(TemporalFunctions.minus(ts, month), to: .string).values()
            == [.string("2023-12-31 10:00:00.000"), .null, .string("2023-02-28 00:00:00.000")])
        #expect(try Cast.cast(Arithmetic.evaluate(.add, month, ts), to: .string).values()[0] == .string("2024-02-29 10:00:00.000"))
        let dates = try Cast.cast(.string(["2024-03-01"]), to: .date)
        let day = try Column.repeating(.intervalDayTime(86_400_000_000), type: .intervalDayTime, count: 1)
        #expect(try Cast.cast(TemporalFunctions.minus(dates, day), to: .string).values() == [.string("2024-02-29")])
        let time = try Cast.cast(.string(["23:30:00"]), to: .time(precision: 0))
        #expect(try Cast.cast(TemporalFunctions.plus(time, hour.slice(0, 1)), to: .string).values() == [.string("00:30:00")])
        #expect(try Arithmetic.evaluate(.add, hour, hour).values()[0] == .intervalDayTime(7_200_000_000))
        let far = try ColumnBuilder.column(.timestamp(precision: 3), [.timestamp(Int64.max - 10)])
        #expect(throws: SluiceError(.execution, "TIMESTAMP(3) out of range in 294247-01-10 04:00:54.775 + +0 01:00:00.000 at row 0")) {
            try TemporalFunctions.plus(far, hour.slice(0, 1))
        }
    }
}
