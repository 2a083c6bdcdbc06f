import SluiceColumnar

extension JSONValue {
    /// Parses one JSON document; an error names the byte offset and what was expected there.
    public static func parse(_ text: some Collection<UInt8>) throws(SluiceError) -> JSONValue {
        var parser = JSONParser(bytes: Array(text))
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.at == parser.bytes.count else { throw parser.error("end of document") }
        return value
    }

    public static func parse(_ text: String) throws(SluiceError) -> JSONValue { try parse(Array(text.utf8)) }
}

/// A recursive-descent JSON reader over bytes (RFC 8259), nesting bounded so bad input cannot overflow
/// the stack.
struct JSONParser {
    let bytes: [UInt8]
    var at = 0
    static let maxDepth = 256

    init(bytes: [UInt8]) { self.bytes = bytes }

    func error(_ expected: String) -> SluiceError {
        let found = at < bytes.count ? "'\(Character(Unicode.Scalar(bytes[at])))'" : "end of input"
        return SluiceError(.corruptState, "invalid JSON at byte \(at): expected \(expected), found \(found)")
    }

    mutating func skipSpace() {
        while at < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[at]) { at += 1 }
    }

    mutating func value(depth: Int) throws(SluiceError) -> JSONValue {
        guard depth < JSONParser.maxDepth else { throw error("at most \(JSONParser.maxDepth) levels of nesting") }
        guard at < bytes.count else { throw error("a value") }
        switch bytes[at] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number()
        }
    }

    private mutating func literal(_ word: String) throws(SluiceError) {
        for b in word.utf8 {
            guard at < bytes.count, bytes[at] == b else { throw error("'\(word)'") }
            at += 1
        }
    }

    private mutating func object(depth: Int) throws(SluiceError) -> JSONValue {
        at += 1
        var members: [(String, JSONValue)] = []
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
        while true {
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw error("a member name in quotes") }
            let key = try string()
            skipSpace()
            guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw error("':'") }
            at += 1
            skipSpace()
            members.append((key, try value(depth: depth + 1)))
            skipSpace()
            guard at < bytes.count else { throw error("',' or '}'") }
            if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
            guard bytes[at] == UInt8(ascii: "}") else { throw error("',' or '}'") }
            at += 1
            return .object(members)
        }
    }

    private mutating func array(depth: Int) throws(SluiceError) -> JSONValue {
        at += 1
        var items: [JSONValue] = []
        skipSpace()
        if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard at < bytes.count else { throw error("',' or ']'") }
            if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
            guard bytes[at] == UInt8(ascii: "]") else { throw error("',' or ']'") }
            at += 1
            return .array(items)
        }
    }

    private mutating func string() throws(SluiceError) -> String {
        at += 1
        var out: [UInt8] = []
        while at < bytes.count {
            let b = bytes[at]
            at += 1
            switch b {
            case UInt8(ascii: "\""):
                guard let s = String(validating: out, as: UTF8.self) else { throw error("valid UTF-8 in a string") }
                return s
            case UInt8(ascii: "\\"):
                try escape(into: &out)
            case 0..<0x20:
                at -= 1
                throw error("an escaped control character")
            default:
                out.append(b)
            }
        }
        throw error("the closing '\"' of a string")
    }

    private mutating func escape(into out: inout [UInt8]) throws(SluiceError) {
        guard at < bytes.count else { throw error("an escape") }
        let e = bytes[at]
        at += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "u"):
            var code = try hex4()
            if (0xD800..<0xDC00).contains(code) {
                guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else {
                    throw error("the low half of a surrogate pair")
                }
                at += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("the low half of a surrogate pair") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(code) else { throw error("a valid code point") }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            at -= 1
            throw error("a valid escape")
        }
    }

    private mutating func hex4() throws(SluiceError) -> UInt32 {
        guard at + 4 <= bytes.count else { throw error("four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard let d = Character(Unicode.Scalar(bytes[at])).hexDigitValue else { throw error("a hex digit") }
            v = v * 16 + UInt32(d)
            at += 1
        }
        return v
    }

    private mutating func number() throws(SluiceError) -> JSONValue {
        let start = at
        if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
        var isInteger = true
        while at < bytes.count {
            let b = bytes[at]
            if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { at += 1; continue }
            if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
                || b == UInt8(ascii: "+") || (b == UInt8(ascii: "-") && at > start) {
                isInteger = false
                at += 1
                continue
            }
            break
        }
        let text = String(decoding: bytes[start..<at], as: UTF8.self)
        if isInteger, let i = Int64(text) { return .int(i) }
        guard !text.isEmpty, text != "-", let d = Double(text) else {
            at = start
            throw error("a value")
        }
        return .double(d)
    }
}
