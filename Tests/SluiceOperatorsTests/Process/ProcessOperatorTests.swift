import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

@Suite("Process operators")
struct ProcessOperatorTests {
    let s = Data.schema
    let input = Data.batch([("red", 1, 1.5), ("orange", 2, nil), (nil, 3, 3.5)])

    @Test("a batch function sees whole batches and may emit nothing")
    func batchFunction() throws {
        let h = try OperatorHarness(ProcessOperator(outputSchema: Data.schema) { batch, context throws(SluiceError) in
            context.increment("seen", by: batch.count)
            return batch.count > 2 ? batch.slice(0, 1) : nil
        })
        try h.process(input)
        try h.process(input.slice(0, 2))
        #expect(h.lines == ["+I[red, 1, 1.5]"])
        #expect(h.context.metrics.custom["seen"] == 5)
    }

    @Test("a batch of the wrong schema from the function is an error")
    func wrongSchema() throws {
        let out = Schema([Field("x", .int64)])
        let h = try OperatorHarness(ProcessOperator(outputSchema: out) { batch, _ throws(SluiceError) in batch })
        let error = #expect(throws: SluiceError.self) { try h.process(input) }
        #expect(error?.message == "the process function returned a batch of \(s) but the operator's output schema is \(out); build the result with the output schema")
    }

    @Test("a row function reads columns by name and index and emits any number of rows")
    func rowFunction() throws {
        let out = Schema([Field("label", .string), Field("twice", .int64)])
        let h = try OperatorHarness(RowProcessOperator(outputSchema: out) { row, collector throws(SluiceError) in
            guard let color = try row.string("color") else { return }  // skip NULL colors
            let v = try row.int64(1)!
            for _ in 0..<v { try collector.emit([.string("\(color)/\(row.rowKind)/\(try row.isNull("price"))"), .int(v * 2)]) }
        })
        try h.process(input.withSelection(SelectionVector([1, 2])))
        #expect(h.lines == ["+I[orange/+I/true, 4]", "+I[orange/+I/true, 4]"])
    }

    @Test("row accessors convert numbers and reject other types with a clear message")
    func accessors() throws {
        let row = RowView(batch: input, physicalRow: 0)
        #expect(try row.double("value") == 1.0)
        #expect(try row.double(2) == 1.5)
        #expect(try row.value(0) == .string("red"))
        let typeError = #expect(throws: SluiceError.self) { _ = try row.int64("color") }
        #expect(typeError?.message == "column `color` is STRING; int64() reads integer (TINYINT, SMALLINT, INT, BIGINT) columns (use value() for any type)")
        let nameError = #expect(throws: SluiceError.self) { _ = try row.string("colour") }
        #expect(nameError?.message.hasPrefix("column `colour` not found") == true)
        let indexError = #expect(throws: SluiceError.self) { _ = try row.value(3) }
        #expect(indexError?.message == "column index 3 is out of range; the row has 3 columns (color, value, price)")
    }

    @Test("the collector checks arity and types, and keeps row kinds")
    func collector() throws {
        let out = Schema([Field("n", .int64)])
        let collector = RowCollector(schema: out)
        let arity = #expect(throws: SluiceError.self) { try collector.emit([.int(1), .int(2)]) }
        #expect(arity?.message == "emitted a row of 2 values but the output schema has 1 columns (n)")
        let type = #expect(throws: SluiceError.self) { try collector.emit([.string("x")]) }
        #expect(type?.message == "value x does not fit a column of type BIGINT")
        #expect(type?.context.column == "n")
        try collector.emit([.int(1)], kind: .updateBefore)
        try collector.emit([.null])
        let batch = try collector.finish()
        #expect(Lines.of(batch) == ["-U[1]", "+I[NULL]"])
        #expect(collector.count == 0)
    }
}
