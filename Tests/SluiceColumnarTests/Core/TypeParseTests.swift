import Testing
@testable import SluiceColumnar

@Suite("Parsing type names")
struct TypeParseTests {
    @Test("Flink type names parse, with parameters and NOT NULL")
    func names() throws {
        #expect(try DataType.parse("int").type == .int32)
        #expect(try DataType.parse("DECIMAL(10, 2)").type == .decimal(precision: 10, scale: 2))
        #expect(try DataType.parse("timestamp(3)").type == .timestamp(precision: 3))
        #expect(try DataType.parse("VARCHAR(20)").type == .string)
        #expect(try DataType.parse("BIGINT NOT NULL") == (.int64, false))
    }

    @Test("a schema parses from column definitions")
    func schema() throws {
        let s = try Schema.parse("ts TIMESTAMP(3), `color` STRING, price DECIMAL(10, 2) NOT NULL")
        #expect(s.fields == [Field("ts", .timestamp(precision: 3)), Field("color", .string),
                             Field("price", .decimal(precision: 10, scale: 2), nullable: false)])
    }

    @Test("bad types and definitions say what is allowed")
    func errors() {
        #expect(throws: SluiceError.invalidInput("unknown type `INTEGRAL`; use BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p, s), STRING, BYTES, DATE, TIME, TIMESTAMP(p) or TIMESTAMP_LTZ(p)")) {
            try DataType.parse("INTEGRAL")
        }
        #expect(throws: SluiceError.invalidInput("DECIMAL precision 40 is out of range; use 1 to 38")) {
            try DataType.parse("DECIMAL(40, 2)")
        }
        #expect(throws: SluiceError.invalidInput("column definition `price` needs a name and a type, e.g. `price DECIMAL(10, 2)`")) {
            try Schema.parse("ts TIMESTAMP(3), price")
        }
        #expect(throws: SluiceError.invalidInput("column `A` is defined twice")) { try Schema.parse("a INT, A BIGINT") }
    }
}
