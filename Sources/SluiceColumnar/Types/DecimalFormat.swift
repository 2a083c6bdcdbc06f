/// Formats and parses scaled decimals and floats the way Flink prints them.
public enum DecimalFormat {
    /// Powers of ten that fit an Int128 (10^0 ... 10^38).
    public static let powersOfTen: [Int128] = {
        var p: [Int128] = [1]
        for _ in 1...38 { p.append(p.last! * 10) }
        return p
    }()

    /// "123.45" for unscaled 12345 at scale 2; always prints `scale` fraction digits.
    public static func string(unscaled: Int128, scale: Int) -> String {
        let negative = unscaled < 0
        let magnitude = unscaled.magnitude
        var digits = String(magnitude)
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return negative ? "-" + digits : digits
    }

    /// Parses "-12.345" into an unscaled value at `scale`, rounding half away from zero past the scale,
    /// or nil when the text is not a decimal number or does not fit `precision` digits.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, precision: Int, scale: Int) -> Int128? {
        var i = 0
        let n = bytes.count
        while i < n && bytes[i] == 0x20 { i += 1 }
        var end = n
        while end > i && bytes[end - 1] == 0x20 { end -= 1 }
        guard i < end else { return nil }
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var value: Int128 = 0
        var digitsSeen = 0
        var fractionDigits = 0
        var seenPoint = false
        var roundDecided = false
        var roundUp = false
        // value < 10^precision holds after every digit; value >= 10^(precision-1) before a new digit
        // means the next one would break it (and checking first keeps value * 10 from overflowing).
        let limit = powersOfTen[precision - 1]
        while i < end {
            let c = bytes[i]
            if c == UInt8(ascii: ".") {
                if seenPoint { return nil }
                seenPoint = true
            } else if c >= 0x30 && c <= 0x39 {
                digitsSeen += 1
                if seenPoint && fractionDigits == scale {
                    if !roundDecided {
                        roundUp = c >= 0x35
                        roundDecided = true
                    }
                } else {
                    if seenPoint { fractionDigits += 1 }
                    if value >= limit { return nil }
                    value = value * 10 + Int128(c - 0x30)
                }
            } else {
                return nil
            }
            i += 1
        }
        guard digitsSeen > 0 else { return nil }
        let missing = scale - fractionDigits
        if missing > 0 {
            guard value < powersOfTen[precision - missing] else { return nil }
            value *= powersOfTen[missing]
        }
        if roundUp { value += 1 }
        if value >= powersOfTen[precision] { return nil }
        return negative ? -value : value
    }
}

/// Formats doubles as Flink (Java's Double.toString) does: plain in [1e-3, 1e7), else d.dddE±n.
public enum FloatFormat {
    public static func flinkString(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Infinity" : "Infinity" }
        return javaStyle("\(v)", magnitude: abs(v))
    }

    /// Java's layout of the shortest round-trip digits in `text` (Swift's description of the value).
    static func javaStyle(_ text: String, magnitude: Double) -> String {
        var s = Substring(text)
        let negative = s.hasPrefix("-")
        if negative { s.removeFirst() }
        var exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(s[s.index(after: e)...]) ?? 0
            s = s[..<e]
        }
        let point = s.firstIndex(of: ".") ?? s.endIndex
        var digits = Array(s[..<point]) + Array(s[point...].dropFirst())
        var pointPosition = s.distance(from: s.startIndex, to: point) + exponent
        while digits.count > 1 && digits.first == "0" { digits.removeFirst(); pointPosition -= 1 }
        while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        let sign = negative ? "-" : ""
        if digits == ["0"] { return sign + "0.0" }
        if magnitude >= 1e-3 && magnitude < 1e7 {
            if pointPosition <= 0 { return sign + "0." + String(repeating: "0", count: -pointPosition) + String(digits) }
            if pointPosition >= digits.count {
                return sign + String(digits) + String(repeating: "0", count: pointPosition - digits.count) + ".0"
            }
            return sign + String(digits[..<pointPosition]) + "." + String(digits[pointPosition...])
        }
        let fraction = digits.count > 1 ? String(digits[1...]) : "0"
        return sign + String(digits[0]) + "." + fraction + "E" + String(pointPosition - 1)
    }
}
