/// Calendar arithmetic (proleptic Gregorian, UTC) and the text forms of dates, times and timestamps.
///
/// Days/civil conversions follow the well-known closed-form algorithm for the proleptic Gregorian
/// calendar (era of 400 years); no Foundation, no time zones, no allocation except for the strings.
public enum TemporalFormat {
    public static let microsPerSecond: Int64 = 1_000_000
    public static let microsPerDay: Int64 = 86_400_000_000

    /// Days since 1970-01-01 of a civil date.
    @inlinable
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number.
    @inlinable
    public static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public static func isLeapYear(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Splits microseconds since the epoch into whole days and microseconds within the day.
    @inlinable
    public static func splitDay(micros: Int64) -> (days: Int64, microsOfDay: Int64) {
        var days = micros / microsPerDay
        var rest = micros % microsPerDay
        if rest < 0 { days -= 1; rest += microsPerDay }
        return (days, rest)
    }

    public static func date(days: Int32) -> String {
        let c = civil(days: Int(days))
        return pad(c.year, 4) + "-" + pad(c.month, 2) + "-" + pad(c.day, 2)
    }

    /// "HH:mm:ss" plus `precision` fraction digits of a time of day in microseconds.
    public static func timeOfDay(micros: Int64, precision: Int) -> String {
        let seconds = micros / microsPerSecond
        var text = pad(Int(seconds / 3600), 2) + ":" + pad(Int(seconds / 60 % 60), 2) + ":" + pad(Int(seconds % 60), 2)
        if precision > 0 {
            let fraction = Int(micros % microsPerSecond)
            text += "." + String(pad(fraction, 6).prefix(precision))
        }
        return text
    }

    public static func time(millis: Int32, precision: Int) -> String {
        timeOfDay(micros: Int64(millis) * 1000, precision: precision)
    }

    /// "yyyy-MM-dd HH:mm:ss.SSS" (with `precision` fraction digits) of microseconds since the epoch.
    public static func timestamp(micros: Int64, precision: Int) -> String {
        let (days, rest) = splitDay(micros: micros)
        return date(days: Int32(truncatingIfNeeded: days)) + " " + timeOfDay(micros: rest, precision: precision)
    }

    /// Flink's form of a day-time interval: "+1 02:03:04.000".
    public static func intervalDayTime(micros: Int64) -> String {
        let sign = micros < 0 ? "-" : "+"
        let m = micros.magnitude
        let days = m / UInt64(microsPerDay)
        let rest = Int64(m % UInt64(microsPerDay))
        return sign + String(days) + " " + timeOfDay(micros: rest, precision: 3)
    }

    /// Flink's form of a year-month interval: "+1-02".
    public static func intervalYearMonth(months: Int32) -> String {
        let sign = months < 0 ? "-" : "+"
        let m = Int(months.magnitude)
        return sign + String(m / 12) + "-" + pad(m % 12, 2)
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v.magnitude)
        let padded = s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        return v < 0 ? "-" + padded : padded
    }
}
