import Testing
@testable import SluiceColumnar

@Suite("String functions")
struct StringFunctionsTests {
    typealias F = KernelFixtures

    static let words = ["", "a", "Hello", "wOrLd 42", "Ärger", "ß", "日本語テキスト", "  pad  ", "x,y,,z", "MiXeD-Case_ok"]

    static func run(_ length: Int, _ f: (Column) throws(SluiceError) -> Column, _ reference: (String) -> Value) throws {
        let base: [Value] = (0..<length).map { .string(words[$0 % words.count]) }
        try F.shapes { rate, sliced in
            let values = F.withNulls(base, rate: rate)
            let got = try f(F.column(.string, values, sliced: sliced))
            #expect(got.values() == values.map { v in if case .string(let s) = v { return reference(s) } else { return .null } },
                    "\(rate)% sliced \(sliced)")
        }
    }

    @Test("LOWER and UPPER map ASCII and Unicode", arguments: F.lengths)
    func caseMapping(length: Int) throws {
        try Self.run(length, { (c) throws(SluiceError) in try StringFunctions.lower(c) }) { .string($0.lowercased()) }
        try Self.run(length, { (c) throws(SluiceError) in try StringFunctions.upper(c) }) { .string($0.uppercased()) }
    }

    @Test("CHAR_LENGTH counts characters, not bytes", arguments: F.lengths)
    func charLength(length: Int) throws {
        try Self.run(length, { (c) throws(SluiceError) in try StringFunctions.charLength(c) }) { .int(Int64($0.unicodeScalars.count)) }
        #expect(try StringFunctions.charLength(.string(["日本語", ""])).values() == [.int(3), .int(0)])
    }

    @Test("SUBSTRING is 1-based with Flink's rules for start ≤ 0 and negative lengths", arguments: F.lengths)
    func substring(length: Int) throws {
        try Self.run(length, { (c) throws(SluiceError) in try StringFunctions.substring(c, start: 2, length: 3) }) {
            .string(String($0.unicodeScalars.dropFirst().prefix(3).map(Character.init)))
        }
        let s = Column.string(["hello", "日本語テキスト", nil])
        func sub(_ start: Int, _ len: Int? = nil) throws -> [Value] { try StringFunctions.substring(s, start: start, length: len).values() }
        #expect(try sub(1, 2) == [.string("he"), .string("日本"), .null])
        #expect(try sub(0, 2) == [.string("he"), .string("日本"), .null])
        #expect(try sub(-3) == [.string("llo"), .string("キスト"), .null])
        #expect(try sub(-2, 1) == [.string("l"), .string("ス"), .null])
        #expect(try sub(-9, 2) == [.string(""), .string(""), .null])
        #expect(try sub(4) == [.string("lo"), .string("テキスト"), .null])
        #expect(try sub(9, 2) == [.string(""), .string(""), .null])
        #expect(try sub(2, 100) == [.string("ello"), .string("本語テキスト"), .null])
        #expect(try sub(1, -1) == [.null, .null, .null])
    }

    @Test("CONCAT is NULL when any argument is NULL", arguments: F.lengths)
    func concat(length: Int) throws {
        let a: [Value] = (0..<length).map { .string(Self.words[$0 % Self.words.count]) }
        let b: [Value] = (0..<length).map { .string(String($0)) }
        try F.shapes { rate, sliced in
            let x = F.withNulls(a, rate: rate, seed: 1)
            let y = F.withNulls(b, rate: rate, seed: 2)
            let got = try StringFunctions.concat([F.column(.string, x, sliced: sliced), F.column(.string, y, sliced: !sliced)])
            #expect(got.values() == zip(x, y).map { p, q in
                if case .string(let s) = p, case .string(let t) = q { return .string(s + t) } else { return .null }
            })
        }
        #expect(throws: SluiceError(.plan, "CONCAT expects a STRING argument, found INT; cast it with CAST(x AS STRING)")) {
            try StringFunctions.concat([.string(["a"]), .int32([1])])
        }
        #expect(throws: SluiceError(.plan, "CONCAT needs at least one argument")) { try StringFunctions.concat([]) }
        #expect(throws: SluiceError(.plan, "LOWER expects a STRING argument, found BIGINT; cast it with CAST(x AS STRING)")) {
            try StringFunctions.lower(.int64([1]))
        }
    }

    @Test("TRIM removes spaces or the given characters from the chosen ends")
    func trim() throws {
        let s = Column.string(["  a b  ", "xxhixy", "", nil])
        #expect(try StringFunctions.trim(s).values() == [.string("a b"), .string("xxhixy"), .string(""), .null])
        #expect(try StringFunctions.trim(s, mode: .leading).values()[0] == .string("a b  "))
        #expect(try StringFunctions.trim(s, mode: .trailing).values()[0] == .string("  a b"))
        #expect(try StringFunctions.trim(s, characters: "xy").values()[1] == .string("hi"))
        #expect(try StringFunctions.trim(s, mode: .leading, characters: "x").values()[1] == .string("hixy"))
        #expect(try StringFunctions.trim(.string(["äaä"]), characters: "ä").values() == [.string("a")])
    }

    @Test("SPLIT_INDEX is 0-based, keeps empty pieces and is NULL out of range")
    func splitIndex() throws {
        let s = Column.string(["x,y,,z", "", "one", nil, "a::b::c"])
        #expect(try StringFunctions.splitIndex(s, delimiter: ",", index: 0).values() == [.string("x"), .null, .string("one"), .null, .string("a::b::c")])
        #expect(try StringFunctions.splitIndex(s, delimiter: ",", index: 2).values() == [.string(""), .null, .null, .null, .null])
        #expect(try StringFunctions.splitIndex(s, delimiter: ",", index: 3).values()[0] == .string("z"))
        #expect(try StringFunctions.splitIndex(s, delimiter: ",", index: 4).values()[0] == .null)
        #expect(try StringFunctions.splitIndex(s, delimiter: ",", index: -1).values()[0] == .null)
        #expect(try StringFunctions.splitIndex(s, delimiter: "::", index: 1).values()[4] == .string("b"))
        #expect(try StringFunctions.splitIndex(s, delimiter: "::", index: 2).values()[4] == .string("c"))
    }

    @Test("REGEXP_EXTRACT returns a group of the first match; bad patterns and groups are errors")
    func regexpExtract() throws {
        let s = Column.string(["foo=12;bar=7", "nothing", nil, "bar=99"])
        #expect(try StringFunctions.regexpExtract(s, pattern: "(\\w+)=(\\d+)", group: 2).values() == [.string("12"), .null, .null, .string("99")])
        #expect(try StringFunctions.regexpExtract(s, pattern: "bar=\\d+").values() == [.string("bar=7"), .null, .null, .string("bar=99")])
        #expect(try StringFunctions.regexpExtract(s, pattern: "(x)?bar", group: 1).values() == [.null, .null, .null, .null])
        let bad = F.error { () throws(SluiceError) in try StringFunctions.regexpExtract(s, pattern: "(unclosed") }
        #expect(bad?.code == .invalidInput)
        #expect(bad?.message.hasPrefix("REGEXP_EXTRACT pattern '(unclosed' is not a valid regular expression") == true)
        #expect(throws: SluiceError(.invalidInput, "REGEXP_EXTRACT group 3 does not exist in pattern '(\\w+)=(\\d+)', which has 2 group(s)")) {
            try StringFunctions.regexpExtract(s, pattern: "(\\w+)=(\\d+)", group: 3)
        }
        #expect(throws: SluiceError(.invalidInput, "REGEXP_EXTRACT group -1 is negative; use 0 for the whole match or 1… for a group")) {
            try StringFunctions.regexpExtract(s, pattern: "a", group: -1)
        }
    }
}
