/// The longest run of plain characters that every match of a regular expression must contain, so
/// that rows without it are known not to match before the regex engine runs.
///
/// Conservative: only characters outside any group, bracket or escape count, at nesting depth 0 of
/// a pattern with no top-level alternation and no inline flags (`(?i)` could make case matter); a
/// character followed by a quantifier (`*`, `+`, `?`, `{`) is not required and ends the run. When in
/// doubt the answer is nil (no prefilter), never a literal that a match could lack.
enum RegexRequiredLiteral {
    static func of(_ pattern: String) -> [UInt8]? {
        let p = Array(pattern.utf8)
        if p.count >= 2 && zip(p, p.dropFirst()).contains(where: { $0 == UInt8(ascii: "(") && $1 == UInt8(ascii: "?") }) { return nil }
        var depth = 0
        var inClass = false
        var best: [UInt8] = []
        var run: [UInt8] = []
        var i = 0
        func endRun() {
            if run.count > best.count { best = run }
            run.removeAll()
        }
        while i < p.count {
            let c = p[i]
            if inClass {
                if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "]") { inClass = false }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "\\"): endRun(); i += 1
            case UInt8(ascii: "["): endRun(); inClass = true
            case UInt8(ascii: "("): endRun(); depth += 1
            case UInt8(ascii: ")"): endRun(); depth -= 1
            case UInt8(ascii: "|") where depth == 0: return nil
            case UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "{"):
                // The character before a quantifier is optional or repeated: drop it from the run.
                if !run.isEmpty { run.removeLast() }
                endRun()
                if c == UInt8(ascii: "{") { while i < p.count && p[i] != UInt8(ascii: "}") { i += 1 } }
            case UInt8(ascii: "+"): endRun()
            default:
                if depth == 0 && isPlain(c) { run.append(c) } else { endRun() }
            }
            i += 1
        }
        endRun()
        return best.isEmpty ? nil : best
    }

    /// Letters, digits and punctuation that are never special outside a bracket.
    static func isPlain(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            || [UInt8(ascii: "_"), UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: ","),
                UInt8(ascii: "-"), UInt8(ascii: "&"), UInt8(ascii: "@"), UInt8(ascii: "#"), UInt8(ascii: "%"),
                UInt8(ascii: " ")].contains(c)
    }

    /// Whether `haystack` contains `needle` (a plain byte search; the needle is short).
    static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        let n = needle.count
        guard n > 0, haystack.count >= n, let first = needle.first else { return n == 0 }
        var i = 0
        let last = haystack.count - n
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < n && haystack[i + k] == needle[k] { k += 1 }
                if k == n { return true }
            }
            i += 1
        }
        return false
    }
}
