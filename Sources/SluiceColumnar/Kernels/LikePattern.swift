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
/// (standard SQL; a backslash is a plain character); with one, it must be followed by `%`, `_` or itself.
///
/// Common shapes get direct byte tests: `abc` (equality), `abc%` (prefix), `%abc` (suffix), `%abc%`
/// (contains), `%` (any non-NULL string). Everything else runs a backtracking matcher that only ever
/// backtracks to the last `%`, so a match costs O(length × pattern) in the worst case.
struct LikePattern {
    /// One element of the pattern; literal bytes live in `bytes[start ..< start + count]`.
    struct Piece: Equatable {
        enum Kind { case literal, one, many }
        let kind: Kind
        var start = 0
        var count = 0
    }

    enum Shape { case exact, prefix, suffix, contains, anything, general }

    /// The literal bytes of every piece, back to back.
    let bytes: [UInt8]
    let pieces: [Piece]
    let shape: Shape
    /// The literal of `exact`, `prefix`, `suffix` and `contains` shapes.
    let key: Piece

    init(_ pattern: String, escape: Character?) throws(SluiceError) {
        var escapeScalar: Unicode.Scalar?
        if let escape {
            guard escape.unicodeScalars.count == 1 else {
                throw .invalidInput("LIKE escape must be a single character, found '\(escape)' (\(escape.unicodeScalars.count) code points)")
            }
            escapeScalar = escape.unicodeScalars.first
        }
        var bytes: [UInt8] = []
        var pieces: [Piece] = []
        var literalStart = 0
        func flush() {
            if bytes.count > literalStart {
                pieces.append(Piece(kind: .literal, start: literalStart, count: bytes.count - literalStart))
            }
            literalStart = bytes.count
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
                bytes.append(contentsOf: String(scalars[i + 1]).utf8)
                i += 2
                continue
            }
            switch c {
            case "%":
                flush()
                if pieces.last?.kind != .many { pieces.append(Piece(kind: .many)) }
            case "_":
                flush()
                pieces.append(Piece(kind: .one))
            default:
                bytes.append(contentsOf: String(c).utf8)
            }
            i += 1
        }
        flush()
        self.bytes = bytes
        self.pieces = pieces
        (shape, key) = LikePattern.shape(of: pieces)
    }

    private static func shape(of p: [Piece]) -> (Shape, Piece) {
        let kinds = p.map(\.kind)
        switch kinds {
        case []: return (.exact, Piece(kind: .literal))
        case [.literal]: return (.exact, p[0])
        case [.many]: return (.anything, Piece(kind: .literal))
        case [.literal, .many]: return (.prefix, p[0])
        case [.many, .literal]: return (.suffix, p[1])
        case [.many, .literal, .many]: return (.contains, p[1])
        default: return (.general, Piece(kind: .literal))
        }
    }

    /// Runs `body` with a matcher that holds plain pointers, so the per-row loop does no reference
    /// counting; the matcher must not escape.
    func withMatcher<R>(_ body: (LikeMatcher) -> R) -> R {
        // One spare byte keeps the base address non-nil for patterns without literal bytes.
        (bytes + [0]).withUnsafeBufferPointer { b in
            pieces.withUnsafeBufferPointer { p in
                body(LikeMatcher(literals: b.baseAddress!, pieces: p, shape: shape, key: key))
            }
        }
    }
}

/// The matching half of a `LikePattern`, valid only inside `LikePattern.withMatcher`.
struct LikeMatcher {
    let literals: UnsafePointer<UInt8>
    let pieces: UnsafeBufferPointer<LikePattern.Piece>
    let shape: LikePattern.Shape
    let key: LikePattern.Piece

    /// Whether the `n` bytes at `s` match.
    @inline(__always)
    func matches(_ s: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        switch shape {
        case .anything: return true
        case .exact: return n == key.count && equal(s, key)
        case .prefix: return n >= key.count && equal(s, key)
        case .suffix: return n >= key.count && equal(s + (n - key.count), key)
        case .contains: return find(key, in: s, n)
        case .general: return general(s, n)
        }
    }

    @inline(__always)
    private func equal(_ s: UnsafePointer<UInt8>, _ l: LikePattern.Piece) -> Bool {
        l.count == 0 || memcmp(s, literals + l.start, l.count) == 0
    }

    private func find(_ l: LikePattern.Piece, in s: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard n >= l.count else { return false }
        guard l.count > 0 else { return true }
        let first = Int32(literals[l.start])
        let last = n - l.count
        var i = 0
        while i <= last {
            guard let hit = memchr(s + i, first, last - i + 1) else { return false }
            let at = UnsafeRawPointer(s).distance(to: UnsafeRawPointer(hit))
            if memcmp(s + at, literals + l.start, l.count) == 0 { return true }
            i = at + 1
        }
        return false
    }

    /// Matches piece by piece; on a mismatch, lets the last `%` swallow one more character.
    private func general(_ s: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var p = 0, i = 0
        var starPiece = -1, starAt = 0
        while true {
            if p < pieces.count {
                let piece = pieces[p]
                switch piece.kind {
                case .many:
                    starPiece = p; starAt = i; p += 1
                    continue
                case .one:
                    if i < n && !LikeMatcher.isLineTerminator(s, i, n) {
                        i += LikeMatcher.characterLength(s, i, n); p += 1
                        continue
                    }
                case .literal:
                    if i + piece.count <= n && equal(s + i, piece) {
                        i += piece.count; p += 1
                        continue
                    }
                }
            } else if i == n {
                return true
            }
            guard starPiece >= 0 && starAt < n else { return false }
            starAt += LikeMatcher.characterLength(s, starAt, n)
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
