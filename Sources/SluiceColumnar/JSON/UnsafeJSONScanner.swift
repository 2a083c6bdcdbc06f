/// A cursor over the bytes of one JSON text that recognizes values without building them: where a
/// value starts and ends, what kind it is, and whether a string needs unescaping.
///
/// The scanner validates what it crosses (string escapes and control characters, number grammar,
/// literals, bracket nesting up to `maxDepth`) so that a malformed line is reported, never half read.
///
/// SAFETY: `p` is valid for reading `end` bytes for the life of the scanner; every read checks
/// `i < end` first.
struct UnsafeJSONScanner {
    enum Kind: UInt8 { case string, number, trueLiteral, falseLiteral, null, object, array }

    /// A value found at `start ..< end`; for strings the span excludes the quotes.
    struct Token {
        var kind: Kind
        var start: Int
        var end: Int
        var escaped: Bool
    }

    static let maxDepth = 64

    let p: UnsafePointer<UInt8>
    let end: Int
    var i: Int
    /// What went wrong at `i` when a method returned nil or false.
    var problem = ""

    init(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) {
        self.p = p
        self.i = start
        self.end = end
    }

    @inline(__always)
    mutating func skipSpace() {
        while i < end {
            let b = p[i]
            guard b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A else { return }
            i &+= 1
        }
    }

    @inline(__always)
    mutating func accept(_ byte: UInt8) -> Bool {
        guard i < end && p[i] == byte else { return false }
        i &+= 1
        return true
    }

    var found: String {
        guard i < end else { return "the end of the line" }
        let b = p[i]
        return b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
    }

    /// The value at `i` (after spaces), moving past it; nil with `problem` set when it is malformed.
    mutating func value() -> Token? {
        skipSpace()
        guard i < end else { problem = "expected a value but found the end of the line"; return nil }
        let start = i
        switch p[i] {
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let kind: Kind = p[i] == UInt8(ascii: "{") ? .object : .array
            guard skipComposite() else { return nil }
            return Token(kind: kind, start: start, end: i, escaped: false)
        case UInt8(ascii: "t"): return literal("true", .trueLiteral)
        case UInt8(ascii: "f"): return literal("false", .falseLiteral)
        case UInt8(ascii: "n"): return literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
        default:
            problem = "expected a value but found \(found)"
            return nil
        }
    }

    /// The string starting at the quote at `i`; the token spans its content.
    mutating func string() -> Token? {
        i &+= 1
        let start = i
        var escaped = false
        while i < end {
            let b = p[i]
            if b == UInt8(ascii: "\"") {
                i &+= 1
                return Token(kind: .string, start: start, end: i &- 1, escaped: escaped)
            }
            if b == UInt8(ascii: "\\") {
                escaped = true
                i &+= 2
                continue
            }
            if b < 0x20 {
                problem = "control character 0x\(String(b, radix: 16)) inside a string; escape it (\\n, \\t, \\u00XX)"
                return nil
            }
            i &+= 1
        }
        i = end
        problem = "string is not closed before the end of the line"
        return nil
    }

    private mutating func literal(_ word: StaticString, _ kind: Kind) -> Token? {
        let start = i
        let n = word.utf8CodeUnitCount
        guard end - i >= n else { problem = "expected \(word) but found \(found)"; return nil }
        for k in 0..<n where p[i + k] != word.utf8Start[k] {
            problem = "expected \(word) but found \(found)"
            return nil
        }
        i &+= n
        return Token(kind: kind, start: start, end: i, escaped: false)
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func number() -> Token? {
        let start = i
        _ = accept(UInt8(ascii: "-"))
        func digits(_ s: inout UnsafeJSONScanner) -> Int {
            var n = 0
            while s.i < s.end && s.p[s.i] &- 0x30 <= 9 { s.i &+= 1; n &+= 1 }
            return n
        }
        let integerStart = i
        let integerDigits = digits(&self)
        guard integerDigits > 0 else { problem = "expected digits in a number but found \(found)"; return nil }
        guard integerDigits == 1 || p[integerStart] != UInt8(ascii: "0") else {
            problem = "a number must not have leading zeros"
            return nil
        }
        if accept(UInt8(ascii: ".")) && digits(&self) == 0 {
            problem = "expected digits after the decimal point but found \(found)"
            return nil
        }
        if accept(UInt8(ascii: "e")) || accept(UInt8(ascii: "E")) {
            if !accept(UInt8(ascii: "+")) { _ = accept(UInt8(ascii: "-")) }
            guard digits(&self) > 0 else { problem = "expected digits in an exponent but found \(found)"; return nil }
        }
        return Token(kind: .number, start: start, end: i, escaped: false)
    }

    /// Skips the object or array at `i` (validating every value inside it).
    private mutating func skipComposite(depth: Int = 1) -> Bool {
        guard depth <= Self.maxDepth else { problem = "values are nested deeper than \(Self.maxDepth) levels"; return false }
        let isObject = p[i] == UInt8(ascii: "{")
        let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        i &+= 1
        skipSpace()
        if accept(close) { return true }
        while true {
            if isObject {
                skipSpace()
                guard i < end && p[i] == UInt8(ascii: "\"") else { problem = "expected a member name but found \(found)"; return false }
                guard string() != nil else { return false }
                skipSpace()
                guard accept(UInt8(ascii: ":")) else { problem = "expected ':' after a member name but found \(found)"; return false }
            }
            skipSpace()
            if i < end && (p[i] == UInt8(ascii: "{") || p[i] == UInt8(ascii: "[")) {
                guard skipComposite(depth: depth + 1) else { return false }
            } else if value() == nil {
                return false
            }
            skipSpace()
            if accept(close) { return true }
            guard accept(UInt8(ascii: ",")) else {
                problem = "expected ',' or '\(Character(Unicode.Scalar(close)))' but found \(found)"
                return false
            }
        }
    }

    /// Appends the unescaped content of the string token to `out`; false for a bad escape.
    static func unescape(_ p: UnsafePointer<UInt8>, _ token: Token, into out: JSONValueBuffer) -> Bool {
        var k = token.start
        var runStart = k
        while k < token.end {
            guard p[k] == UInt8(ascii: "\\") else { k &+= 1; continue }
            out.append(p + runStart, count: k - runStart)
            guard k + 1 < token.end else { return false }
            let c = p[k + 1]
            k &+= 2
            switch c {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(c)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(p, k, token.end) else { return false }
                k &+= 4
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard k + 6 <= token.end, p[k] == UInt8(ascii: "\\"), p[k + 1] == UInt8(ascii: "u"),
                          let low = hex4(p, k + 2, token.end), low >= 0xDC00 && low < 0xE000 else { return false }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    k &+= 6
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    return false
                }
                for byte in UTF8.encode(Unicode.Scalar(scalar)!)! { out.append(byte) }
            default:
                return false
            }
            runStart = k
        }
        out.append(p + runStart, count: token.end - runStart)
        return true
    }

    private static func hex4(_ p: UnsafePointer<UInt8>, _ k: Int, _ end: Int) -> UInt32? {
        guard k + 4 <= end else { return nil }
        var v: UInt32 = 0
        for j in k..<(k + 4) {
            let b = p[j]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - 0x41 + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }
}

/// A growable byte buffer that a batch's decoded JSON values are copied into; offsets into it stay
/// valid across growth (pointers do not).
///
/// SAFETY: `pointer` is owned, valid for `capacity` bytes, of which `count` are initialized.
final class JSONValueBuffer {
    private(set) var pointer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 16) {
        self.capacity = capacity
        pointer = .allocate(capacity: capacity)
    }

    deinit { pointer.deallocate() }

    func removeAll() { count = 0 }

    /// Drops the bytes from `newCount` on.
    func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count, "JSON value buffer truncated past its end")
        count = newCount
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(count + 1) }
        pointer[count] = byte
        count &+= 1
    }

    func append(_ bytes: UnsafePointer<UInt8>, count n: Int) {
        guard n > 0 else { return }
        if count + n > capacity { grow(count + n) }
        (pointer + count).update(from: bytes, count: n)
        count &+= n
    }

    private func grow(_ needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: pointer, count: count)
        pointer.deallocate()
        pointer = grown
        capacity = newCapacity
    }
}
