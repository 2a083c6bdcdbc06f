/// Flink's date and time functions over whole columns: EXTRACT, HOUR, MINUTE, DATE_FORMAT and
/// timestamp ± interval.
///
/// Values are UTC wall-clock (TIMESTAMP_LTZ is read in the UTC session zone). EXTRACT follows Calcite:
/// WEEK is the ISO-8601 week, DAYOFWEEK counts from Sunday = 1, MILLISECOND is the millisecond within
/// the minute (seconds × 1000 + milliseconds); results are BIGINT.
public enum TemporalFunctions {
    public enum TimeUnit: String, Sendable, CaseIterable {
        case year = "YEAR", quarter = "QUARTER", month = "MONTH", week = "WEEK", day = "DAY"
        case dayOfWeek = "DAYOFWEEK", dayOfYear = "DAYOFYEAR"
        case hour = "HOUR", minute = "MINUTE", second = "SECOND", millisecond = "MILLISECOND"

        var isDatePart: Bool {
            switch self {
            case .hour, .minute, .second, .millisecond: return false
            default: return true
            }
        }
    }

    /// EXTRACT(unit FROM x) for DATE, TIME, TIMESTAMP and TIMESTAMP_LTZ.
    public static func extract(_ unit: TimeUnit, from x: Column) throws(SluiceError) -> Column {
        switch x.type {
        case .date:
            guard unit.isDatePart else { throw unitError(unit, x.type) }
            return Cast.map(x, .int64, Int32.self) { (d: Int32) -> Int64 in part(unit, days: Int64(d), micros: 0) }
        case .time:
            guard !unit.isDatePart else { throw unitError(unit, x.type) }
            return Cast.map(x, .int64, Int32.self) { (t: Int32) -> Int64 in part(unit, days: 0, micros: Int64(t) * 1000) }
        case .timestamp, .timestampLTZ:
            return Cast.map(x, .int64, Int64.self) { (t: Int64) -> Int64 in
                let (days, rest) = TemporalFormat.splitDay(micros: t)
                return part(unit, days: days, micros: rest)
            }
        default:
            throw SluiceError(.plan, "EXTRACT(\(unit.rawValue) FROM …) expects a DATE, TIME or TIMESTAMP, found \(x.type)")
        }
    }

    static func unitError(_ unit: TimeUnit, _ type: DataType) -> SluiceError {
        let valid = TimeUnit.allCases.filter { type == .date ? $0.isDatePart : !$0.isDatePart }.map(\.rawValue)
        return SluiceError(.plan, "cannot extract \(unit.rawValue) from a \(type); valid units: \(valid.joined(separator: ", "))")
    }

    /// HOUR(x): the hour of the day (0–23).
    public static func hour(_ x: Column) throws(SluiceError) -> Column { try extract(.hour, from: x) }

    /// MINUTE(x): the minute of the hour (0–59).
    public static func minute(_ x: Column) throws(SluiceError) -> Column { try extract(.minute, from: x) }

    @inline(__always)
    static func part(_ unit: TimeUnit, days: Int64, micros: Int64) -> Int64 {
        switch unit {
        case .hour: return micros / 3_600_000_000
        case .minute: return micros / 60_000_000 % 60
        case .second: return micros / 1_000_000 % 60
        case .millisecond: return micros / 1000 % 60_000
        case .dayOfWeek: return ((days + 4) % 7 + 7) % 7 + 1
        default: break
        }
        let c = TemporalFormat.civil(days: Int(days))
        switch unit {
        case .year: return Int64(c.year)
        case .quarter: return Int64((c.month - 1) / 3 + 1)
        case .month: return Int64(c.month)
        case .day: return Int64(c.day)
        case .dayOfYear: return days - Int64(TemporalFormat.days(year: c.year, month: 1, day: 1)) + 1
        default: return Int64(isoWeek(days: Int(days), year: c.year))
        }
    }

    /// The ISO-8601 week number (weeks start on Monday; week 1 holds the year's first Thursday).
    static func isoWeek(days: Int, year: Int) -> Int {
        let isoDay = ((days + 3) % 7 + 7) % 7 + 1  // Monday = 1; 1970-01-01 was a Thursday
        let dayOfYear = days - TemporalFormat.days(year: year, month: 1, day: 1) + 1
        let week = (dayOfYear - isoDay + 10) / 7
        if week < 1 { return weeksInYear(year - 1) }
        if week > weeksInYear(year) { return 1 }
        return week
    }

    static func weeksInYear(_ year: Int) -> Int {
        let jan1 = TemporalFormat.days(year: year, month: 1, day: 1)
        let isoDay = ((jan1 + 3) % 7 + 7) % 7 + 1
        return isoDay == 4 || (isoDay == 3 && TemporalFormat.isLeapYear(year)) ? 53 : 52
    }

    /// DATE_FORMAT(x, pattern): formats a TIMESTAMP, TIMESTAMP_LTZ, DATE or timestamp STRING with a
    /// Java date-time pattern; the pattern is compiled once per call.
    public static func dateFormat(_ x: Column, pattern: String) throws(SluiceError) -> Column {
        let compiled = try DateFormatPattern(pattern)
        let micros: Column
        switch x.type {
        case .timestamp, .timestampLTZ: micros = x
        case .date, .string: micros = try Cast.cast(x, to: .timestamp(precision: 6))
        default: throw SluiceError(.plan, "DATE_FORMAT expects a TIMESTAMP, DATE or STRING, found \(x.type)")
        }
        var builder = StringColumnBuilder(capacity: x.count, byteCapacity: x.count * pattern.utf8.count)
        var scratch: [UInt8] = []
        // Rows in the same unit of the pattern (a minute for 'HH:mm') format alike: format once per unit.
        var lastUnit = Int64.min
        micros.withValues(Int64.self) { v in
            for row in 0..<x.count {
                if micros.isNull(row) { builder.appendNull(); continue }
                let unit = compiled.unit(of: v[row])
                if unit != lastUnit || scratch.isEmpty {
                    lastUnit = unit
                    scratch.removeAll(keepingCapacity: true)
                    compiled.format(micros: v[row], into: &scratch)
                }
                builder.append(bytes: scratch)
            }
        }
        return builder.finish()
    }

    /// timestamp + interval (also DATE/TIME + interval); see `Arithmetic`.
    public static func plus(_ x: Column, _ interval: Column) throws(SluiceError) -> Column {
        try Arithmetic.evaluate(.add, x, interval)
    }

    /// timestamp - interval.
    public static func minus(_ x: Column, _ interval: Column) throws(SluiceError) -> Column {
        try Arithmetic.evaluate(.subtract, x, interval)
    }
}
