import SluiceColumnar

/// Value parsers of `NexmarkOptions`: every failure names the option, the value and the valid form.
extension NexmarkOptions {
    static func integer(_ key: String, _ value: String, min: Int64, max: Int64 = .max) throws(SluiceError) -> Int64 {
        guard let v = Int64(value) else {
            throw .invalidInput("nexmark option `\(key)` is '\(value)'; expected an integer")
        }
        guard v >= min && v <= max else {
            let range = max == .max ? "at least \(min)" : "\(min) … \(max)"
            throw .invalidInput("nexmark option `\(key)` is \(v); it must be \(range)")
        }
        return v
    }

    static func boolean(_ key: String, _ value: String) throws(SluiceError) -> Bool {
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .invalidInput("nexmark option `\(key)` is '\(value)'; expected true or false")
        }
    }

    /// A size in bytes: `200` or `200b` (the reference's memory-size form for bytes).
    static func bytes(_ key: String, _ value: String) throws(SluiceError) -> Int {
        let digits = value.lowercased().hasSuffix("b") ? String(value.dropLast()) : value
        guard let v = Int(digits.trimmingSpaces), v >= 1, v <= 65536 else {
            throw .invalidInput("nexmark option `\(key)` is '\(value)'; expected a size in bytes from 1 to 65536, like 200 or 200b")
        }
        return v
    }

    /// `yyyy-MM-dd HH:mm:ss[.SSS]` in UTC, or epoch milliseconds.
    static func baseTime(_ value: String) throws(SluiceError) -> Int64 {
        if let millis = Int64(value) { return millis }
        var text = value
        let micros = text.withUTF8 { TemporalParse.timestamp($0) }
        guard let micros else {
            throw .invalidInput("nexmark option `base-time` is '\(value)'; expected 'yyyy-MM-dd HH:mm:ss[.SSS]' (UTC) or epoch milliseconds")
        }
        return micros >= 0 ? micros / 1000 : (micros - 999) / 1000
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
