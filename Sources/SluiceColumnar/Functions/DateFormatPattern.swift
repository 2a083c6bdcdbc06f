/// A compiled Java/Flink date-time pattern (`yyyy-MM-dd HH:mm:ss.SSS`, `yyyyMMdd'T'HHmm`, …).
///
/// Parsed once per call into tokens; formatting a row appends ASCII bytes to a reused buffer.
/// Letters follow `java.time.format.DateTimeFormatter` (which Flink's DATE_FORMAT uses): a run of one
/// letter is one field and its length picks the width; text in single quotes is literal (`''` is a quote);
/// every other character is copied. `S…` is the fraction of the second, truncated to the run length.
struct DateFormatPattern {
    enum Token: Equatable {
        case literal([UInt8])
        case field(Character, Int)
    }

    static let supported: Set<Character> = ["y", "M", "d", "D", "H", "h", "m", "s", "S", "a", "E"]
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    let tokens: [Token]

    init(_ pattern: String) throws(SluiceError) {
        var tokens: [Token] = []
        let chars = Array(pattern)
        var i = 0
        func literal(_ s: String) {
            if case .literal(let b)? = tokens.last { tokens[tokens.count - 1] = .literal(b + Array(s.utf8)) } else { tokens.append(.literal(Array(s.utf8))) }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                if i + 1 < chars.count && chars[i + 1] == "'" { literal("'"); i += 2; continue }
                // Quoted text runs to the next lone quote; '' inside it is a quote character.
                var text = ""
                var j = i + 1
                while j < chars.count {
                    if chars[j] == "'" {
                        if j + 1 < chars.count && chars[j + 1] == "'" { text.append("'"); j += 2; continue }
                        break
                    }
                    text.append(chars[j])
                    j += 1
                }
                guard j < chars.count else {
                    throw .invalidInput("DATE_FORMAT pattern '\(pattern)' has an unclosed quote at position \(i + 1); "
                        + "close literal text with ' (write '' for a quote)")
                }
                literal(text)
                i = j + 1
            } else if c.isASCII && c.isLetter {
                guard DateFormatPattern.supported.contains(c) else {
                    throw .invalidInput("DATE_FORMAT pattern '\(pattern)' uses unsupported letter '\(c)' at position \(i + 1); "
                        + "supported: y M d D H h m s S a E; quote literal text as in 'T'")
                }
                var n = 1
                while i + n < chars.count && chars[i + n] == c { n += 1 }
                tokens.append(.field(c, n))
                i += n
            } else {
                literal(String(c))
                i += 1
            }
        }
        self.tokens = tokens
        var unit = TemporalFormat.microsPerDay
        for case .field(let letter, _) in tokens {
            switch letter {
            case "H", "h", "a": unit = min(unit, 3_600_000_000)
            case "m": unit = min(unit, 60_000_000)
            case "s": unit = min(unit, TemporalFormat.microsPerSecond)
            case "S": unit = 1
            default: break
            }
        }
        granularityMicros = unit
    }

    /// The finest unit the pattern prints (a day for dates, a minute for `HH:mm`, …): timestamps in
    /// the same unit format the same, so a column of ordered times formats each unit once.
    let granularityMicros: Int64

    /// The unit (of `granularityMicros`) that `micros` falls in.
    @inline(__always)
    func unit(of micros: Int64) -> Int64 {
        let q = micros / granularityMicros
        return micros % granularityMicros < 0 ? q - 1 : q
    }

    /// Appends the text of `micros` (since the epoch, UTC) to `out`.
    func format(micros: Int64, into out: inout [UInt8]) {
        let (days, rest) = TemporalFormat.splitDay(micros: micros)
        let c = TemporalFormat.civil(days: Int(days))
        let seconds = Int(rest / TemporalFormat.microsPerSecond)
        for token in tokens {
            switch token {
            case .literal(let bytes):
                out.append(contentsOf: bytes)
            case .field(let letter, let n):
                switch letter {
                case "y": n == 2 ? number(((c.year % 100) + 100) % 100, 2, &out) : number(c.year, n, &out)
                case "M":
                    if n >= 4 { text(DateFormatPattern.monthNames[c.month - 1], &out) }
                    else if n == 3 { text(String(DateFormatPattern.monthNames[c.month - 1].prefix(3)), &out) }
                    else { number(c.month, n, &out) }
                case "d": number(c.day, n, &out)
                case "D": number(Int(days) - TemporalFormat.days(year: c.year, month: 1, day: 1) + 1, n, &out)
                case "H": number(seconds / 3600, n, &out)
                case "h": number((seconds / 3600 + 11) % 12 + 1, n, &out)
                case "m": number(seconds / 60 % 60, n, &out)
                case "s": number(seconds % 60, n, &out)
                case "S":
                    let fraction = Int(rest % TemporalFormat.microsPerSecond)
                    var digits = Array(String(fraction).utf8)
                    digits.insert(contentsOf: Array(repeating: UInt8(ascii: "0"), count: 6 - digits.count), at: 0)
                    for k in 0..<n { out.append(k < 6 ? digits[k] : UInt8(ascii: "0")) }
                case "a": text(seconds < 43_200 ? "AM" : "PM", &out)
                default:  // "E": day of week; 1970-01-01 was a Thursday
                    let name = DateFormatPattern.dayNames[Int(((days + 3) % 7 + 7) % 7)]
                    text(n >= 4 ? name : String(name.prefix(3)), &out)
                }
            }
        }
    }

    private func number(_ v: Int, _ width: Int, _ out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        var digits = 1
        var rest = v.magnitude / 10
        while rest > 0 { digits += 1; rest /= 10 }
        if digits < width { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits)) }
        IntegerBytes.append(Int64(v.magnitude), to: &out)
    }

    private func text(_ s: String, _ out: inout [UInt8]) { out.append(contentsOf: s.utf8) }
}
