import Testing
@testable import SluiceColumnar

@Suite("Swift values to batches and back")
struct BatchCodableTests {
    struct Place: Codable, Equatable { var city: String; var zip: Int32 }
    enum Shape: String, Codable, Equatable { case star, circle }
    struct Event: Codable, Equatable {
        var color: String
        var value: Int
        var price: Double?
        var flag: Bool
        var shape: Shape
        var place: Place
    }

    let events = [
        Event(color: "red", value: 1, price: 1.5, flag: true, shape: .star, place: Place(city: "Oslo", zip: 150)),
        Event(color: "blue", value: -2, price: nil, flag: false, shape: .circle, place: Place(city: "Rome", zip: 100)),
    ]

    @Test("encoding infers a schema from the properties, in declaration order")
    func encode() throws {
        let batch = try BatchEncoder.encode(events)
        #expect(batch.schema.names == ["color", "value", "price", "flag", "shape", "place"])
        #expect(batch.schema.fields.map(\.type) == [.string, .int64, .float64, .boolean, .string,
                                                     .row([Field("city", .string), Field("zip", .int32)])])
        #expect(batch.row(1) == [.string("blue"), .int(-2), .null, .boolean(false), .string("circle"), .row([.string("Rome"), .int(100)])])
    }

    @Test("decoding round-trips, including optionals, enums and nested structs")
    func roundTrip() throws {
        let batch = try BatchEncoder.encode(events)
        #expect(try BatchDecoder.decode(Event.self, from: batch) == events)
        #expect(try BatchDecoder.decode(Event.self, from: batch.withSelection(SelectionVector([1]))) == [events[1]])
    }

    @Test("an explicit schema converts and checks values")
    func explicitSchema() throws {
        struct Row: Codable { var n: Int; var note: String? }
        let schema = try Schema.parse("n DECIMAL(10, 2), note STRING")
        let batch = try BatchEncoder.encode([Row(n: 3, note: nil)], schema: schema)
        #expect(batch.row(0) == [.decimal(300, scale: 2), .null])
        #expect(throws: SluiceError.invalidInput("property `note` of Row is not a column of the schema (columns: n)")) {
            try BatchEncoder.encode([Row(n: 1, note: "x")], schema: Schema.parse("n BIGINT"))
        }
    }

    @Test("mismatches name the column, the row and both types")
    func errors() throws {
        struct Wrong: Decodable { var color: Int }
        struct Missing: Decodable { var colour: String }
        struct Small: Decodable { var value: Int8 }
        struct NotOptional: Decodable { var price: Double }
        let batch = try BatchEncoder.encode(events)
        #expect(throws: SluiceError(.invalidInput, "column `color` is STRING and cannot decode into Int (row 0, value red)", context: .init(column: "color"))) {
            try BatchDecoder.decode(Wrong.self, from: batch)
        }
        #expect(throws: SluiceError(.invalidInput, "Missing needs a column `colour` but the batch has (color, value, price, flag, shape, place)", context: .init(column: "colour"))) {
            try BatchDecoder.decode(Missing.self, from: batch)
        }
        let big = try BatchEncoder.encode([Event(color: "x", value: 300, price: 1, flag: true, shape: .star, place: Place(city: "a", zip: 1))])
        #expect(throws: SluiceError(.invalidInput, "value 300 in column `value` (row 0) does not fit Int8", context: .init(column: "value"))) {
            try BatchDecoder.decode(Small.self, from: big)
        }
        #expect(throws: SluiceError(.invalidInput, "row 1 has NULL in column `price`; declare the property as Double?", context: .init(column: "price"))) {
            try BatchDecoder.decode(NotOptional.self, from: batch)
        }
    }

    @Test("a property whose type cannot be inferred asks for a schema")
    func unknownType() throws {
        struct Sparse: Codable { var a: Int?; var b: Int? }
        let batch = try BatchEncoder.encode([Sparse(a: 1, b: nil), Sparse(a: nil, b: 2)])
        #expect(batch.schema.names == ["a", "b"])
        #expect(batch.rows() == [[.int(1), .null], [.null, .int(2)]])
        struct Listy: Codable { var xs: [Int] }
        #expect(throws: SluiceError.self) { try BatchEncoder.encode([Listy(xs: [1])]) }
    }
}
