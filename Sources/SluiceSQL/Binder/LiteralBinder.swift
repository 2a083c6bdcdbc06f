import SluiceColumnar

/// SQL literals as typed values: numbers take Flink's literal types (INT or BIGINT, DECIMAL(p, s) for
/// `0.908`, DOUBLE for `1.5E3`), temporal texts are parsed, intervals become microseconds or months.
enum LiteralBinder {
    static func bind(_ literal: Literal) throws(SluiceError) -> PhysicalExpression {
        switch literal {
        case .null: return .literal(.null, .string)
        case .boolean(let b): return .literal(.boolean(b), .boolean)
        case .string(let s): return .literal(.string(s), .string)
        case .number(let text): return try number(text)
        case .date(let text):
            guard let d = parse(text, TemporalParse.date) else { throw invalid("DATE", text, "'2024-01-31'") }
            return .literal(.date(d), .date)
        case .time(let text):
            guard let t = parse(text, TemporalParse.time) else { throw invalid("TIME", text, "'12:30:00'") }
            return .literal(.time(t), .time(precision: 3))
        case .timestamp(let text):
            guard let t = parse(text, TemporalParse.timestamp) else { throw invalid("TIMESTAMP", text, "'2024-01-31 12:30:00.000'") }
            return .literal(.timestamp(t), .timestamp(precision: 3))
        case .interval(let text, let qualifier): return try interval(text, qualifier)
        }
    }

    static func number(_ text: String) throws(SluiceError) -> PhysicalExpression {
        if text.contains(where: { $0 == "e" || $0 == "E" }) {
            guard let d = Double(text) else { throw .invalidInput("invalid number literal \(text)") }
            return .literal(.float(d), .float64)
        }
        if let dot = text.firstIndex(of: ".") {
            let digits = String(text.filter { $0 != "." })
            let scale = text.distance(from: dot, to: text.endIndex) - 1
            guard let unscaled = Int128(digits), digits.count <= DataType.maxDecimalPrecision else {
                throw .invalidInput("number literal \(text) has more than \(DataType.maxDecimalPrecision) digits")
            }
            let precision = max(digits.drop { $0 == "0" }.count, scale, 1)
            return .literal(.decimal(unscaled, scale: scale), .decimal(precision: precision, scale: scale))
        }
        if let v = Int64(text) { return .literal(.int(v), Int32(exactly: v) != nil ? .int32 : .int64) }
        guard let big = Int128(text), text.count <= DataType.maxDecimalPrecision else {
            throw .invalidInput("integer literal \(text) is out of range")
        }
        return .literal(.decimal(big, scale: 0), .decimal(precision: text.count, scale: 0))
    }

    /// `INTERVAL '10' SECOND` → 10 s in microseconds; `INTERVAL '2' MONTH` → 2 months.
    static func interval(_ text: String, _ q: IntervalQualifier) throws(SluiceError) -> PhysicalExpression {
        let trimmed = text.trimmingSpaces()
        if q.end == nil, let n = Double(trimmed) {
            switch q.start {
            case .year: return .literal(.intervalYearMonth(Int32(n * 12)), .intervalYearMonth)
            case .month: return .literal(.intervalYearMonth(Int32(n)), .intervalYearMonth)
            case .day: return micros(n * 86_400e6)
            case .hour: return micros(n * 3_600e6)
            case .minute: return micros(n * 60e6)
            case .second: return micros(n * 1e6)
            }
        }
        if q.isYearMonth, let m = parse(trimmed, TemporalParse.intervalYearMonth) {
            return .literal(.intervalYearMonth(m), .intervalYearMonth)
        }
        if !q.isYearMonth, let us = parse(trimmed, TemporalParse.intervalDayTime) { return .literal(.intervalDayTime(us), .intervalDayTime) }
        throw .invalidInput("invalid interval literal INTERVAL '\(text)' \(q); write e.g. INTERVAL '10' SECOND or INTERVAL '1 02:00:00' DAY TO SECOND")
    }

    private static func micros(_ v: Double) -> PhysicalExpression {
        .literal(.intervalDayTime(Int64(v.rounded())), .intervalDayTime)
    }

    private static func parse<T>(_ text: String, _ parser: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        var copy = text
        return copy.withUTF8 { parser($0) }
    }

    private static func invalid(_ type: String, _ text: String, _ example: String) -> SluiceError {
        .invalidInput("invalid \(type) literal '\(text)'; write it like \(type) \(example)")
    }
}
