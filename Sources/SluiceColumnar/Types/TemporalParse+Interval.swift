/// Parsing intervals in the text form Flink prints them (and `TemporalFormat` writes them).
extension TemporalParse {
    /// Microseconds of a day-time interval written `[+|-]d HH:mm:ss[.f…]` ("+1 02:03:04.000"), or nil.
    public static func intervalDayTime(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        var end = b.count
        trim(b, &i, &end)
        let negative = sign(b, &i, end)
        var days: Int64 = 0
        var digitCount = 0
        while i < end, b[i] >= 0x30, b[i] <= 0x39 {
            guard digitCount < 9 else { return nil }
            days = days * 10 + Int64(b[i] - 0x30)
            digitCount += 1
            i += 1
        }
        guard digitCount > 0, i < end, b[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let micros = parseTime(b, &i, end), i == end else { return nil }
        let total = days * TemporalFormat.microsPerDay + micros
        return negative ? -total : total
    }

    /// Months of a year-month interval written `[+|-]y-MM` ("+1-02"), or nil.
    public static func intervalYearMonth(_ b: UnsafeBufferPointer<UInt8>) -> Int32? {
        var i = 0
        var end = b.count
        trim(b, &i, &end)
        let negative = sign(b, &i, end)
        var years = 0
        var digitCount = 0
        while i < end, b[i] >= 0x30, b[i] <= 0x39 {
            guard digitCount < 8 else { return nil }
            years = years * 10 + Int(b[i] - 0x30)
            digitCount += 1
            i += 1
        }
        guard digitCount > 0, i < end, b[i] == UInt8(ascii: "-") else { return nil }
        i += 1
        guard let months = digits(b, &i, end, 2, flexible: true), i == end, months < 12 else { return nil }
        guard let total = Int32(exactly: years * 12 + months) else { return nil }
        return negative ? -total : total
    }

    private static func sign(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) -> Bool {
        guard i < end else { return false }
        if b[i] == UInt8(ascii: "-") { i += 1; return true }
        if b[i] == UInt8(ascii: "+") { i += 1 }
        return false
    }
}
