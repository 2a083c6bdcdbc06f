#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parsers for single CSV field values from bytes, for the types `TemporalParse` and `DecimalFormat`
/// do not cover: integers, floats and booleans. Leading and trailing spaces are ignored, as there.
enum CSVParse {
    /// A decimal integer with an optional sign, or nil when the text is not one or overflows Int64.
    @inline(__always)
    static func int64(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        let n = b.count
        var i = 0
        var negative = false
        if n > 0 && (b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+")) {
            negative = b[0] == UInt8(ascii: "-")
            i = 1
        }
        // Up to 18 digits cannot overflow; anything longer, or with spaces, takes the careful path.
        guard i < n && n - i <= 18 else { return int64Slow(b) }
        var v: Int64 = 0
        while i < n {
            let d = b[i] &- 0x30
            if d > 9 { return int64Slow(b) }
            v = v &* 10 &+ Int64(d)
            i += 1
        }
        return negative ? -v : v
    }

    @inline(never)
    static func int64Slow(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        var end = b.count
        while i < end && b[i] == 0x20 { i += 1 }
        while end > i && b[end - 1] == 0x20 { end -= 1 }
        var negative = false
        if i < end && (b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+")) {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < end else { return nil }
        var magnitude: UInt64 = 0
        while i < end {
            let d = b[i] &- 0x30
            guard d <= 9 else { return nil }
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(d))
            guard !o1 && !o2 else { return nil }
            magnitude = s
            i += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        return Int64(exactly: magnitude)
    }

    /// `true` or `false`, in any letter case.
    static func boolean(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        var i = 0
        var end = b.count
        while i < end && b[i] == 0x20 { i += 1 }
        while end > i && b[end - 1] == 0x20 { end -= 1 }
        let n = end - i
        guard n == 4 || n == 5 else { return nil }
        var word: UInt64 = 0
        for k in 0..<n { word = word << 8 | UInt64(b[i + k] | 0x20) }   // ASCII lower case
        if n == 4 && word == 0x74_72_75_65 { return true }              // "true"
        if n == 5 && word == 0x66_61_6C_73_65 { return false }          // "false"
        return nil
    }

    /// A decimal or scientific floating-point number, `NaN`, `Infinity` or `-Infinity`.
    static func double(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        withCString(b) { s, n in
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(s, &end)
            return end == s + n ? v : nil
        }
    }

    static func float(_ b: UnsafeBufferPointer<UInt8>) -> Float? {
        withCString(b) { s, n in
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtof(s, &end)
            return end == s + n ? v : nil
        }
    }

    /// Runs `body` on a NUL-terminated copy of the trimmed bytes (nil for empty or hexadecimal text,
    /// which `strtod` would accept but Flink does not).
    private static func withCString<R>(_ b: UnsafeBufferPointer<UInt8>,
                                       _ body: (UnsafeMutablePointer<CChar>, Int) -> R?) -> R? {
        var i = 0
        var end = b.count
        while i < end && b[i] == 0x20 { i += 1 }
        while end > i && b[end - 1] == 0x20 { end -= 1 }
        let n = end - i
        guard n > 0 else { return nil }
        for k in i..<end where b[k] == UInt8(ascii: "x") || b[k] == UInt8(ascii: "X") || b[k] < 0x21 { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buffer in
            let s = buffer.baseAddress!
            UnsafeMutableRawPointer(s).copyMemory(from: b.baseAddress! + i, byteCount: n)
            s[n] = 0
            return body(s, n)
        }
    }

    /// A decimal of precision <= 18 as an unscaled Int64, for the plain form `[-]digits[.digits]` with
    /// at most `scale` fraction digits; nil means "not that simple", and the caller falls back to
    /// `DecimalFormat.parse`, which decides (rounding, spaces, `+`, errors) with the same result.
    @inline(__always)
    static func simpleDecimal(_ b: UnsafeBufferPointer<UInt8>, precision: Int, scale: Int) -> Int64? {
        let n = b.count
        var i = 0
        let negative = n > 0 && b[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        var v: Int64 = 0
        let integerStart = i
        while i < n {
            let d = b[i] &- 0x30
            if d > 9 { break }
            v = v &* 10 &+ Int64(d)
            i &+= 1
        }
        let integerDigits = i &- integerStart
        var fractionDigits = 0
        if i < n && b[i] == UInt8(ascii: ".") {
            i &+= 1
            while i < n {
                let d = b[i] &- 0x30
                if d > 9 { break }
                v = v &* 10 &+ Int64(d)
                i &+= 1
                fractionDigits &+= 1
            }
        }
        // At most precision - scale integer digits and scale fraction digits: no overflow in Int64.
        guard i == n, integerDigits &+ fractionDigits > 0, integerDigits <= precision &- scale,
              fractionDigits <= scale else { return nil }
        // A loop, not a table: reading a global table costs a lazy-initialization check per call.
        var missing = scale &- fractionDigits
        while missing > 0 {
            v = v &* 10
            missing &-= 1
        }
        return negative ? -v : v
    }

    /// Microseconds since the epoch for `yyyy-MM-dd HH:mm:ss[.f…]` (or with `T`), remembering the last
    /// date seen because consecutive rows usually share it; other forms go to `TemporalParse.timestamp`.
    struct TimestampParser {
        private var lastDate: (UInt64, UInt16) = (0, 0)
        private var lastDays: Int64 = 0

        @inline(__always)
        mutating func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
            let n = b.count
            guard n >= 19 && n <= 29, let p = b.baseAddress,
                  p[10] == UInt8(ascii: " ") || p[10] == UInt8(ascii: "T"),
                  p[13] == UInt8(ascii: ":"), p[16] == UInt8(ascii: ":") else { return TemporalParse.timestamp(b) }
            let raw = UnsafeRawPointer(p)
            let date = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self))
            if date != lastDate {
                guard let days = TemporalParse.date(UnsafeBufferPointer(start: p, count: 10)) else {
                    return TemporalParse.timestamp(b)
                }
                lastDate = date
                lastDays = Int64(days)
            }
            let h0 = p[11] &- 0x30, h1 = p[12] &- 0x30, m0 = p[14] &- 0x30, m1 = p[15] &- 0x30
            let s0 = p[17] &- 0x30, s1 = p[18] &- 0x30
            guard h0 <= 2, h1 <= 9, m0 <= 5, m1 <= 9, s0 <= 5, s1 <= 9 else { return TemporalParse.timestamp(b) }
            let hours = Int64(h0) &* 10 &+ Int64(h1)
            guard hours < 24 else { return nil }
            var micros: Int64 = 0
            if n > 19 {
                guard n > 20, p[19] == UInt8(ascii: ".") else { return TemporalParse.timestamp(b) }
                var k = 20
                while k < n {
                    let d = p[k] &- 0x30
                    guard d <= 9 else { return TemporalParse.timestamp(b) }
                    if k < 26 { micros = micros &* 10 &+ Int64(d) }
                    k &+= 1
                }
                while k < 26 {
                    micros = micros &* 10
                    k &+= 1
                }
            }
            let seconds = hours &* 3600 &+ (Int64(m0) &* 10 &+ Int64(m1)) &* 60 &+ Int64(s0) &* 10 &+ Int64(s1)
            return lastDays &* TemporalFormat.microsPerDay &+ seconds &* TemporalFormat.microsPerSecond &+ micros
        }
    }
}
