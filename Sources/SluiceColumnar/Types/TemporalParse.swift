/// Parses dates, times and timestamps from bytes without allocating: the CSV reader and CAST use it.
///
/// Accepted forms (as Flink's CAST accepts them): `yyyy-MM-dd`, `HH:mm[:ss[.f…]]`, and
/// `yyyy-MM-dd[ |T]HH:mm[:ss[.f…]]` with up to 9 fraction digits (digits past microseconds are
/// truncated, as Flink does for TIMESTAMP(6)). Leading and trailing spaces are ignored.
public enum TemporalParse {
    /// Days since the epoch, or nil when the bytes are not a valid date.
    public static func date(_ b: UnsafeBufferPointer<UInt8>) -> Int32? {
        var i = 0
        var end = b.count
        trim(b, &i, &end)
        guard let days = parseDate(b, &i, end), i == end else { return nil }
        return Int32(exactly: days)
    }

    /// Milliseconds since midnight, or nil.
    public static func time(_ b: UnsafeBufferPointer<UInt8>) -> Int32? {
        var i = 0
        var end = b.count
        trim(b, &i, &end)
        guard let micros = parseTime(b, &i, end), i == end else { return nil }
        return Int32(micros / 1000)
    }

    /// Microseconds since the epoch, or nil. A date alone is midnight of that day.
    public static func timestamp(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        var end = b.count
        trim(b, &i, &end)
        guard let days = parseDate(b, &i, end) else { return nil }
        if i == end { return Int64(days) * TemporalFormat.microsPerDay }
        guard b[i] == UInt8(ascii: " ") || b[i] == UInt8(ascii: "T") else { return nil }
        i += 1
        guard let micros = parseTime(b, &i, end), i == end else { return nil }
        return Int64(days) * TemporalFormat.microsPerDay + micros
    }

    static func trim(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: inout Int) {
        while i < end && b[i] == 0x20 { i += 1 }
        while end > i && b[end - 1] == 0x20 { end -= 1 }
    }

    /// Reads exactly `width` digits (or 1...width when `flexible`) at `i`.
    @inline(__always)
    static func digits(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int, _ width: Int, flexible: Bool = false) -> Int? {
        var value = 0
        var n = 0
        while n < width && i < end {
            let c = b[i]
            guard c >= 0x30 && c <= 0x39 else { break }
            value = value * 10 + Int(c - 0x30)
            i += 1
            n += 1
        }
        if n == width || (flexible && n > 0) { return value }
        return nil
    }

    static func parseDate(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) -> Int? {
        guard let y = digits(b, &i, end, 4), i < end, b[i] == UInt8(ascii: "-") else { return nil }
        i += 1
        guard let m = digits(b, &i, end, 2, flexible: true), i < end, b[i] == UInt8(ascii: "-") else { return nil }
        i += 1
        guard let d = digits(b, &i, end, 2, flexible: true) else { return nil }
        guard m >= 1 && m <= 12 && d >= 1 && d <= TemporalFormat.daysInMonth(year: y, month: m) else { return nil }
        return TemporalFormat.days(year: y, month: m, day: d)
    }

    /// Microseconds since midnight.
    static func parseTime(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) -> Int64? {
        guard let h = digits(b, &i, end, 2, flexible: true), i < end, b[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        guard let mi = digits(b, &i, end, 2) else { return nil }
        var s = 0
        var fraction: Int64 = 0
        if i < end && b[i] == UInt8(ascii: ":") {
            i += 1
            guard let sec = digits(b, &i, end, 2) else { return nil }
            s = sec
            if i < end && b[i] == UInt8(ascii: ".") {
                i += 1
                var n = 0
                while i < end, b[i] >= 0x30, b[i] <= 0x39 {
                    if n < 6 { fraction = fraction * 10 + Int64(b[i] - 0x30) }
                    n += 1
                    i += 1
                }
                guard n > 0 && n <= 9 else { return nil }
                if n < 6 { for _ in n..<6 { fraction *= 10 } }
            }
        }
        guard h < 24 && mi < 60 && s < 60 else { return nil }
        return (Int64(h) * 3600 + Int64(mi) * 60 + Int64(s)) * TemporalFormat.microsPerSecond + fraction
    }
}
