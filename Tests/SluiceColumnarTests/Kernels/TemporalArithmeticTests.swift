import Testing
@testable import SluiceColumnar

@Suite("Temporal arithmetic")
struct TemporalArithmeticTests {
    typealias F = KernelFixtures

    /// Calendar-month addition written out on civil dates, clamping the day (LocalDate.plusMonths).
    static func plusMonths(_ micros: Int64, _ months: Int) -> Int64 {
        let day = TemporalFormat.microsPerDay
        var days = micros / day
        var rest = micros % day
        if rest < 0 { days -= 1; rest += day }
        let c = TemporalFormat.civil(days: Int(days))
        var y = c.year + months / 12
        var m = c.month + months % 12
        if m > 12 { m -= 12; y += 1 }
        if m < 1 { m += 12; y -= 1 }
        let d = min(c.day, TemporalFormat.daysInMonth(year: y, month: m))
        return Int64(TemporalFormat.days(year: y, month: m, day: d)) * day + rest
    }

    @Test("TIMESTAMP ± day-time and year-month intervals match a reference", arguments: F.lengths)
    func timestamps(length: Int) throws {
        var g = F.Generator(seed: UInt64(length) + 77)
        let ts: [Value] = (0..<length).map { _ in .timestamp(g.int(-2_000_000_000_000_000...2_000_000_000_000_000)) }
        let dayTime: [Value] = (0..<length).map { _ in .intervalDayTime(g.int(-100_000_000_000_000...100_000_000_000_000)) }
        let months: [Value] = (0..<length).map { _ in .intervalYearMonth(Int32(g.int(-400...400))) }
        try F.shapes { rate, sliced in
            let t = F.withNulls(ts, rate: rate, seed: 1)
            let dt = F.withNulls(dayTime, rate: rate, seed: 2)
            let ym = F.withNulls(months, rate: rate, seed: 3)
            let tc = F.column(.timestamp(precision: 6), t, sliced: sliced)
            for (op, sign) in [(ArithmeticOperator.add, Int64(1)), (.subtract, -1)] {
                let a = try Arithmetic.evaluate(op, tc, F.column(.intervalDayTime, dt, sliced: !sliced))
                #expect(a.values() == zip(t, dt).map { x, i in
                    guard case .timestamp(let u) = x, case .intervalDayTime(let v) = i else { return .null }
                    return .timestamp(u + sign * v)
                })
                let b = try Arithmetic.evaluate(op, tc, F.column(.intervalYearMonth, ym, sliced: sliced))
                #expect(b.values() == zip(t, ym).map { x, i in
                    guard case .timestamp(let u) = x, case .intervalYearMonth(let m) = i else { return .null }
                    return .timestamp(Self.plusMonths(u, Int(sign) * Int(m)))
                })
            }
        }
    }

    @Test("NEGATE matches a reference for every width", arguments: F.lengths)
    func negate(length: Int) throws {
        var g = F.Generator(seed: 4)
        let xs: [Value] = (0..<length).map { _ in .int(g.int(-127...127)) }
        try F.shapes { rate, sliced in
            let values = F.withNulls(xs, rate: rate)
            let want: [Value] = values.map { v in if case .int(let i) = v { return .int(-i) } else { return .null } }
            for type in [DataType.int8, .int16, .int32, .int64] {
                let got = try Arithmetic.negate(F.column(type, values, sliced: sliced)).values()
                #expect(got == want, "\(type)")
            }
        }
    }

    @Test("interval ± interval and DATE ± interval")
    func intervals() throws {
        let a = try ColumnBuilder.column(.intervalYearMonth, [.intervalYearMonth(14), .null])
        let b = try ColumnBuilder.column(.intervalYearMonth, [.intervalYearMonth(-2), .intervalYearMonth(1)])
        #expect(try Arithmetic.evaluate(.subtract, a, b).values() == [.intervalYearMonth(16), .null])
        let big = try ColumnBuilder.column(.intervalYearMonth, [.intervalYearMonth(Int32.max)])
        let one = try ColumnBuilder.column(.intervalYearMonth, [.intervalYearMonth(1)])
        #expect(throws: SluiceError(.execution, "integer overflow in 2147483647 + 1 (INTERVAL YEAR TO MONTH); cast to DECIMAL(38, 0) or DOUBLE for larger values")) {
            try Arithmetic.evaluate(.add, big, one)
        }
        let d = try ColumnBuilder.column(.date, [.date(0), .date(30)])
        let m = try ColumnBuilder.column(.intervalYearMonth, [.intervalYearMonth(13), .intervalYearMonth(-1)])
        #expect(try Cast.cast(Arithmetic.evaluate(.add, d, m), to: .string).values() == [.string("1971-02-01"), .string("1969-12-31")])
        let h = try ColumnBuilder.column(.intervalDayTime, [.intervalDayTime(-36 * 3_600_000_000), .intervalDayTime(36 * 3_600_000_000)])
        #expect(try Arithmetic.evaluate(.add, d, h).values() == [.date(-1), .date(31)])
        #expect(try Arithmetic.resultType(.add, .intervalDayTime, .date) == .date)
        #expect(throws: SluiceError.self) { try Arithmetic.resultType(.subtract, .intervalDayTime, .date) }
        #expect(throws: SluiceError.self) { try Arithmetic.resultType(.add, .intervalDayTime, .intervalYearMonth) }
    }
}
