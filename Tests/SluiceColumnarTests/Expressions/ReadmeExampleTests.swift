import Foundation
import Testing
import SluiceColumnar

@Suite("The README's Swift example")
struct ReadmeExampleTests {
    @Test("filters, aggregates and prints as the README shows")
    func example() throws {
        let path = NSTemporaryDirectory() + "sluice-readme-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "color,value,price\nred,1,12.00\norange,2,50.00\nred,3,9.99\nblue,4,10.01\n".write(toFile: path, atomically: true, encoding: .utf8)

        // The README's code, verbatim but for the path.
        let schema = try Schema.parse("color STRING, value INT, price DECIMAL(10, 2)")
        let reader = try CSVReader(path: path, schema: schema)
        let predicate = try PhysicalExpression.call("and", [
            .call("<>", [.column("color", in: schema), .literal(.string("orange"))]),
            .call(">", [.column("price", in: schema), .literal(.decimal(1000, scale: 2))]),
        ])
        var agg = try HashAggregator(inputSchema: schema, keyColumns: [0],
                                     aggregates: [.countStar(), AggregateSpec(.sum, input: 1)])
        while let batch = try reader.next() {
            try agg.consume(Filter.filter(batch, predicate.evaluateColumn(batch)))
        }
        let result = try agg.finish()
        let rows = Set(result.rows().map { $0.map(\.description) })
        #expect(rows == [["red", "1", "1"], ["blue", "1", "4"]])
        #expect(TablePrinter().render(result).contains("| red "))
    }
}
