/// Date, time and timestamp plus or minus an interval, and interval plus or minus interval.
///
/// Day-time intervals add microseconds (to a DATE: whole days, the remainder truncated toward zero as
/// Java's integer division does; to a TIME: wrapping around midnight). Year-month intervals move the
/// calendar month and clamp the day to the end of the target month, as `LocalDate.plusMonths` does
/// (2024-01-31 + 1 month = 2024-02-29). Results out of the Int64 microsecond range are errors.
enum TemporalArithmetic {
    static func evaluate(_ op: ArithmeticOperator, _ lhs: Column, _ rhs: Column,
                         resultType: DataType) throws(SluiceError) -> Column {
        if Arithmetic.isInterval(lhs.type) && !Arithmetic.isInterval(rhs.type) {
            return try evaluate(.add, rhs, lhs, resultType: resultType)  // INTERVAL + temporal commutes
        }
        if Arithmetic.isInterval(lhs.type) { return try Arithmetic.integer(op, lhs, rhs) }
        let validity = NullPropagation.intersect([lhs, rhs])
        let (result, flags) = compute(op, lhs, rhs, resultType, validity)
        if flags != 0 {
            // Recompute row by row (slow path) to name the first row that left the range.
            for row in 0..<lhs.count where validity.map({ $0[row] }) ?? true {
                if compute(op, lhs.slice(row, 1), rhs.slice(row, 1), resultType, nil).1 != 0 {
                    throw .execution("\(resultType) out of range in \(lhs.formatted(at: row)) \(op.rawValue) "
                        + "\(rhs.formatted(at: row)) at row \(row)")
                }
            }
        }
        return result
    }

    static func compute(_ op: ArithmeticOperator, _ lhs: Column, _ rhs: Column, _ resultType: DataType,
                        _ validity: Bitmap?) -> (Column, UInt8) {
        let negate = op == .subtract
        var flags: UInt8 = 0
        let result: Column
        switch (lhs.type, rhs.type) {
        case (.timestamp, .intervalDayTime), (.timestampLTZ, .intervalDayTime):
            result = map(lhs, rhs, resultType, validity, Int64.self, Int64.self) { (t: Int64, i: Int64) -> Int64 in
                let (r, o) = negate ? t.subtractingReportingOverflow(i) : t.addingReportingOverflow(i)
                flags |= flagBit(o)
                return r
            }
        case (.timestamp, _), (.timestampLTZ, _):
            result = map(lhs, rhs, resultType, validity, Int64.self, Int32.self) { (t: Int64, m: Int32) -> Int64 in
                let (days, rest) = TemporalFormat.splitDay(micros: t)
                let d = addMonths(Int(days), negate ? -Int(m) : Int(m))
                let (micros, o1) = Int64(d).multipliedReportingOverflow(by: TemporalFormat.microsPerDay)
                let (r, o2) = micros.addingReportingOverflow(rest)
                flags |= flagBit(o1 || o2)
                return r
            }
        case (.date, .intervalDayTime):
            result = map(lhs, rhs, resultType, validity, Int32.self, Int64.self) { (d: Int32, i: Int64) -> Int32 in
                let days = i / TemporalFormat.microsPerDay
                let r = Int64(d) + (negate ? -days : days)
                flags |= flagBit(Int32(exactly: r) == nil)
                return Int32(truncatingIfNeeded: r)
            }
        case (.date, _):
            result = map(lhs, rhs, resultType, validity, Int32.self, Int32.self) { (d: Int32, m: Int32) -> Int32 in
                let r = addMonths(Int(d), negate ? -Int(m) : Int(m))
                flags |= flagBit(Int32(exactly: r) == nil)
                return Int32(truncatingIfNeeded: r)
            }
        default:  // TIME ± day-time interval wraps around midnight
            result = map(lhs, rhs, resultType, validity, Int32.self, Int64.self) { (t: Int32, i: Int64) -> Int32 in
                let day: Int64 = 86_400_000
                let delta = (i / 1000) % day
                let r = (Int64(t) + (negate ? -delta : delta) + day) % day
                return Int32(truncatingIfNeeded: r)
            }
        }
        return (result, flags)
    }

    /// Moves a day number by whole months, clamping the day of month.
    @inline(__always)
    static func addMonths(_ days: Int, _ months: Int) -> Int {
        let c = TemporalFormat.civil(days: days)
        let total = c.year * 12 + (c.month - 1) + months
        let year = total >= 0 ? total / 12 : (total - 11) / 12
        let month = total - year * 12 + 1
        let day = min(c.day, TemporalFormat.daysInMonth(year: year, month: month))
        return TemporalFormat.days(year: year, month: month, day: day)
    }

    @inline(__always)
    static func map<A, B, O>(_ a: Column, _ b: Column, _ type: DataType, _ validity: Bitmap?,
                             _: A.Type, _: B.Type, _ f: (A, B) -> O) -> Column {
        a.withValues(A.self) { x in
            b.withValues(B.self) { y in
                KernelOutput.fixed(type, count: a.count, validity: validity) { (out: UnsafeMutableBufferPointer<O>) in
                    for i in 0..<out.count { out[i] = f(x[i], y[i]) }
                }
            }
        }
    }
}
