import Testing
@testable import SluiceColumnar

@Suite("REGEXP_EXTRACT's required-literal prefilter")
struct RegexRequiredLiteralTests {
    @Test("the literal every match needs, or nil when unsure")
    func literals() {
        func lit(_ p: String) -> String? { RegexRequiredLiteral.of(p).map { String(decoding: $0, as: UTF8.self) } }
        #expect(lit("(&|^)channel_id=([^&]*)") == "channel_id=")
        #expect(lit("abc|xyz") == nil)
        #expect(lit("(?i)channel") == nil)
        #expect(lit("ab?cdef") == "cdef")
        #expect(lit("x{2,3}yz") == "yz")
        #expect(lit("item\\.htm") == "item")
        #expect(lit("[a-z]+query=1") == "query=1")
        #expect(lit("ab+c") == "ab")
        #expect(lit(".*") == nil)
    }

    @Test("REGEXP_EXTRACT gives the same rows with the prefilter as the regex alone")
    func sameResults() throws {
        let rows: [String?] = ["https://x/item.htm?query=1&channel_id=42", "https://x/item.htm?query=1", nil, "",
                               "channel_id=7&z", "CHANNEL_ID=9", "a&channel_id=&b", "channel_id"]
        let column = Column.string(rows)
        for pattern in ["(&|^)channel_id=([^&]*)", "query=([0-9]+)", "ab?c|channel", "x{2}channel_id=(.*)"] {
            let regex = try Regex(pattern)
            let got = try StringFunctions.regexpExtract(column, pattern: pattern, group: 0)
            for (i, row) in rows.enumerated() {
                let want: Value = row.flatMap { try? regex.firstMatch(in: $0) }.flatMap { $0.output[0].substring }.map { .string(String($0)) } ?? .null
                #expect(got.value(at: i) == want, "\(pattern) row \(i)")
            }
        }
    }
}
