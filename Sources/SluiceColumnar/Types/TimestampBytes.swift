/// Appends timestamps as `yyyy-MM-dd HH:mm:ss[.f…]` bytes without building Strings: what writers of
/// text formats (CSV, JSON) use per row.
///
/// Consecutive rows usually share their date, so the date's ten bytes are kept and recomputed only
/// when the day changes. Years outside 0…9999 take the String path (`TemporalFormat.timestamp`), so
/// the text is always the same as `TemporalFormat`'s.
public struct TimestampBytes {
    private var lastDays = Int64.min
    private var date: (UInt64, UInt16) = (0, 0)
    private var plainYear = false

    public init() {}

    /// Appends the text of `micros` (microseconds since the epoch) with `precision` fraction digits,
    /// `separator` between date and time (a space, or `T` for ISO-8601).
    @inline(__always)
    public mutating func append(micros: Int64, precision: Int, separator: UInt8 = 0x20, to out: inout [UInt8]) {
        let (days, rest) = TemporalFormat.splitDay(micros: micros)
        if days != lastDays { cacheDate(days) }
        guard plainYear else {
            var text = TemporalFormat.timestamp(micros: micros, precision: precision)
            if separator != 0x20, let space = text.utf8.firstIndex(of: 0x20) {
                text.replaceSubrange(space...space, with: String(UnicodeScalar(separator)))
            }
            out.append(contentsOf: text.utf8)
            return
        }
        withUnsafeBytes(of: date) { out.append(contentsOf: $0.prefix(10)) }
        out.append(separator)
        let seconds = Int(rest / TemporalFormat.microsPerSecond)
        Self.two(seconds / 3600, &out)
        out.append(UInt8(ascii: ":"))
        Self.two(seconds / 60 % 60, &out)
        out.append(UInt8(ascii: ":"))
        Self.two(seconds % 60, &out)
        if precision > 0 {
            out.append(UInt8(ascii: "."))
            var fraction = Int(rest % TemporalFormat.microsPerSecond)
            var divisor = 100_000
            for _ in 0..<min(precision, 6) {
                out.append(UInt8(truncatingIfNeeded: fraction / divisor) &+ 0x30)
                fraction %= divisor
                divisor /= 10
            }
        }
    }

    private mutating func cacheDate(_ days: Int64) {
        lastDays = days
        let c = TemporalFormat.civil(days: Int(days))
        plainYear = c.year >= 0 && c.year <= 9999
        guard plainYear else { return }
        var bytes = [UInt8](repeating: 0, count: 10)
        bytes[0] = UInt8(c.year / 1000) + 0x30
        bytes[1] = UInt8(c.year / 100 % 10) + 0x30
        bytes[2] = UInt8(c.year / 10 % 10) + 0x30
        bytes[3] = UInt8(c.year % 10) + 0x30
        bytes[4] = UInt8(ascii: "-")
        bytes[5] = UInt8(c.month / 10) + 0x30
        bytes[6] = UInt8(c.month % 10) + 0x30
        bytes[7] = UInt8(ascii: "-")
        bytes[8] = UInt8(c.day / 10) + 0x30
        bytes[9] = UInt8(c.day % 10) + 0x30
        bytes.withUnsafeBytes { b in
            date = (b.loadUnaligned(as: UInt64.self), b.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
        }
    }

    @inline(__always)
    private static func two(_ v: Int, _ out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: v / 10) &+ 0x30)
        out.append(UInt8(truncatingIfNeeded: v % 10) &+ 0x30)
    }
}
