import Testing
@testable import SluiceColumnar

@Suite("Column.repeating")
struct ColumnRepeatingTests {
    @Test("broadcasts a literal of every storage kind", arguments: KernelFixtures.lengths)
    func broadcast(count: Int) throws {
        let cases: [(Value, DataType)] = [
            (.int(-7), .int8), (.int(123_456), .int64), (.float(2.5), .float64), (.boolean(true), .boolean),
            (.decimal(12345, scale: 2), .decimal(precision: 30, scale: 2)), (.string("héllo"), .string),
            (.binary([1, 2]), .binary), (.timestamp(42), .timestamp(precision: 3)), (.null, .int32), (.null, .string),
        ]
        for (value, type) in cases {
            let c = try Column.repeating(value, type: type, count: count)
            #expect(c.type == type && c.count == count)
            #expect(c.values() == Array(repeating: value, count: count), "\(value) as \(type)")
            #expect(c.nullCount == (value.isNull ? count : 0))
        }
        let row = DataType.row([Field("a", .int32), Field("b", .string)])
        let r = try Column.repeating(.row([.int(1), .string("x")]), type: row, count: count)
        #expect(r.values() == Array(repeating: .row([.int(1), .string("x")]), count: count))
    }

    @Test("a literal that does not fit the type is an error")
    func mismatch() {
        #expect(throws: SluiceError(.invalidInput, "value 300 is out of range for TINYINT (-128...127) at row 0")) {
            try Column.repeating(.int(300), type: .int8, count: 3)
        }
    }
}
