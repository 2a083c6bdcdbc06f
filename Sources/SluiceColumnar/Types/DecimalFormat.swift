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

/// Formats doubles as Flink (Java's Double.toString) does for common magnitudes.
public enum FloatFormat {
    public static func flinkString(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v < 0 ? "-Infinity" : "Infinity" }
        let magnitude = abs(v)
        if magnitude != 0 && (magnitude >= 1e7 || magnitude < 1e-3) {
            // Java switches to scientific notation outside [1e-3, 1e7): 1.0E7, 1.234E-5.
            let (digits, exponent) = shortestDigits(magnitude)
            let rest = digits.dropFirst()
            return (v < 0 ? "-" : "") + String(digits.first!) + "." + (rest.isEmpty ? "0" : String(rest)) + "E" + String(exponent)
        }
        var s = "\(v)"
        if !s.contains(".") && !s.contains("e") { s += ".0" }
        return s
    }

    /// The shortest round-trip significant digits of a positive finite double and its decimal exponent
    /// (value = d.ddd × 10^exponent).
    static func shortestDigits(_ v: Double) -> (Substring, Int) {
        let text = "\(v)"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(String(text[text.index(after: e)...].filter { $0 != "+" })) ?? 0
        }
        let point = mantissa.firstIndex(of: ".") ?? mantissa.endIndex
        let integerDigits = mantissa[..<point].count
        var all = mantissa.filter { $0 != "." }[...]
        var leadingZeros = 0
        while all.first == "0" && all.count > 1 { all = all.dropFirst(); leadingZeros += 1 }
        while all.last == "0" && all.count > 1 { all = all.dropLast() }
        return (Substring(all), exponent + integerDigits - 1 - leadingZeros)
    }
}
