#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A compiled SQL LIKE pattern that matches UTF-8 bytes without building a regular expression.
///
/// `%` matches any sequence of characters (including none and line breaks), `_` matches exactly one
/// character — one Unicode code point, however many UTF-8 bytes it takes — and every other character
/// matches itself, case-sensitively. As in Flink (whose `_` becomes the regex `.`), `_` does not
/// match a line terminator (\n, \r, U+0085, U+2028, U+2029). There is no default escape character
/// (standard SQL, and Flink since FLINK-39424); with one, it must be followed by `%`, `_` or itself.
///
/// Common shapes get direct byte tests: `abc` (equality), `abc%` (prefix), `%abc` (suffix), `%abc%`
/// (contains), `%` (any non-NULL string). Everything else runs a backtracking matcher that only ever
/// backtracks to the last `%`, so a match costs O(length × pattern) in the worst case.
struct LikePattern {
    enum Piece: Equatable {
        case literal([UInt8])
        case one
        case many
    }

    enum Shape {
        case exact([UInt8])
        case prefix([UInt8])
        case suffix([UInt8])
        case contains([UInt8])
        case anything
        case general
    }

    let pieces: [Piece]
    let shape: Shape

    init(_ pattern: String, escape: Character?) throws(SluiceError) {
        var escapeScalar: Unicode.Scalar?
        if let escape {
            guard escape.unicodeScalars.count == 1 else {
                throw .invalidInput("LIKE escape must be a single character, found '\(escape)' (\(escape.unicodeScalars.count) code points)")
            }
            escapeScalar = escape.unicodeScalars.first
        }
        var pieces: [Piece] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty { pieces.append(.literal(literal)); literal = [] }
        }
        let scalars = Array(pattern.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == escapeScalar {
                guard i + 1 < scalars.count, [escapeScalar!, "%", "_"].contains(scalars[i + 1]) else {
                    throw .invalidInput("invalid escape sequence in LIKE pattern '\(pattern)' at position \(i + 1): "
                        + "the escape character '\(escapeScalar!)' must be followed by '%', '_' or itself")
                }
                literal.append(contentsOf: String(scalars[i + 1]).utf8)
                i += 2
                continue
            }
            switch c {
            case "%":
                flush()
                if pieces.last != .many { pieces.append(.many) }
            case "_":
                flush()
                pieces.append(.one)
            default:
                literal.append(contentsOf: String(c).utf8)
            }
            i += 1
        }
        flush()
        self.pieces = pieces
        self.shape = LikePattern.shape(of: pieces)
    }

    private static func shape(of pieces: [Piece]) -> Shape {
        switch pieces.count {
        case 0: return .exact([])
        case 1:
            if case .literal(let l) = pieces[0] { return .exact(l) }
            return pieces[0] == .many ? .anything : .general
        case 2:
            if case .literal(let l) = pieces[0], pieces[1] == .many { return .prefix(l) }
            if case .literal(let l) = pieces[1], pieces[0] == .many { return .suffix(l) }
            return .general
        case 3:
            if case .literal(let l) = pieces[1], pieces[0] == .many, pieces[2] == .many { return .contains(l) }
            return .general
        default:
            return .general
        }
    }

    /// Whether the `n` bytes at `s` match.
    @inline(__always)
    func matches(_ s: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        switch shape {
        case .anything: return true
        case .exact(let l): return n == l.count && LikePattern.equal(s, l)
        case .prefix(let l): return n >= l.count && LikePattern.equal(s, l)
        case .suffix(let l): return n >= l.count && LikePattern.equal(s + (n - l.count), l)
        case .contains(let l): return LikePattern.find(l, in: s, n)
        case .general: return general(s, n)
        }
    }

    private static func equal(_ s: UnsafePointer<UInt8>, _ l: [UInt8]) -> Bool {
        l.isEmpty || l.withUnsafeBytes { memcmp(s, $0.baseAddress!, l.count) == 0 }
    }

    private static func find(_ l: [UInt8], in s: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard n >= l.count else { return false }
        guard let first = l.first else { return true }
        return l.withUnsafeBytes { lit in
            var i = 0
            let last = n - l.count
            while i <= last {
                guard let hit = memchr(s + i, Int32(first), last - i + 1) else { return false }
                let at = s.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(s + at, lit.baseAddress!, l.count) == 0 { return true }
                i = at + 1
            }
            return false
        }
    }

    /// Matches piece by piece; on a mismatch, lets the last `%` swallow one more character.
    private func general(_ s: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var p = 0, i = 0
        var starPiece = -1, starAt = 0
        while true {
            if p < pieces.count {
                switch pieces[p] {
                case .many:
                    starPiece = p; starAt = i; p += 1
                    continue
                case .one:
                    if i < n && !LikePattern.isLineTerminator(s, i, n) {
                        i += LikePattern.characterLength(s, i, n); p += 1
                        continue
                    }
                case .literal(let l):
                    if i + l.count <= n && LikePattern.equal(s + i, l) {
                        i += l.count; p += 1
                        continue
                    }
                }
            } else if i == n {
                return true
            }
            guard starPiece >= 0 && starAt < n else { return false }
            starAt += LikePattern.characterLength(s, starAt, n)
            i = starAt
            p = starPiece + 1
        }
    }

    /// Bytes of the UTF-8 character starting at `i` (1 for stray continuation bytes).
    @inline(__always)
    static func characterLength(_ s: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        let b = s[i]
        let length = b < 0xC0 ? 1 : (b < 0xE0 ? 2 : (b < 0xF0 ? 3 : 4))
        return min(length, n - i)
    }

    /// \n, \r, U+0085, U+2028 or U+2029 at `i`: what Java's regex `.` does not match.
    static func isLineTerminator(_ s: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Bool {
        let b = s[i]
        if b == 0x0A || b == 0x0D { return true }
        if b == 0xC2 { return i + 1 < n && s[i + 1] == 0x85 }
        if b == 0xE2 { return i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9) }
        return false
    }
}
