import Testing
import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

@Suite("CalcOperator")
struct CalcOperatorTests {
    let s = Data.schema
    let input = Data.batch([("red", 1, 1.5), ("orange", 2, 2.5), ("red", 0, 3.5), (nil, 4, nil)])

    @Test("a filter keeps the rows whose predicate is TRUE (NULL counts as false) without copying columns")
    func filterOnly() throws {
        let predicate = try PhysicalExpression.call("<>", [Data.column("color"), .literal(.string("orange"))])
        let h = try OperatorHarness(CalcOperator(predicate: predicate, projections: nil, outputSchema: s))
        try h.process(input)
        #expect(h.lines == ["+I[red, 1, 1.5]", "+I[red, 0, 3.5]"])
        #expect(h.batches[0].selection?.toArray() == [0, 2])
    }

    @Test("a filter intersects an existing selection")
    func intersectsSelection() throws {
        let predicate = try PhysicalExpression.call("=", [Data.column("color"), .literal(.string("red"))])
        let h = try OperatorHarness(CalcOperator(predicate: predicate, projections: nil, outputSchema: s))
        try h.process(input.withSelection(SelectionVector([1, 2, 3])))
        #expect(h.lines == ["+I[red, 0, 3.5]"])
    }

    @Test("bare column projections share the columns and keep the selection")
    func bareColumns() throws {
        let out = Schema([Field("value", .int64), Field("color", .string)])
        let predicate = try PhysicalExpression.call(">", [Data.column("value"), .literal(.int(0))])
        let h = try OperatorHarness(CalcOperator(predicate: predicate, projections: [Data.column("value"), Data.column("color")],
                                                 outputSchema: out))
        try h.process(input)
        let batch = try #require(h.batches.first)
        #expect(batch.selection?.toArray() == [0, 1, 3])
        #expect(batch.physicalCount == 4)
        #expect(h.lines == ["+I[1, red]", "+I[2, orange]", "+I[4, NULL]"])
    }

    @Test("computed projections run on the selected rows only, after one compaction")
    func computedAfterCompaction() throws {
        let out = Schema([Field("color", .string), Field("q", .int64)])
        let predicate = try PhysicalExpression.call("<>", [Data.column("value"), .literal(.int(0))])
        let quotient = try PhysicalExpression.call("/", [.literal(.int(100)), Data.column("value")])
        let h = try OperatorHarness(CalcOperator(predicate: predicate, projections: [Data.column("color"), quotient],
                                                 outputSchema: out))
        try h.process(input)  // row 2 has value 0: dividing by it would fail if it were evaluated
        let batch = try #require(h.batches.first)
        #expect(batch.selection == nil)
        #expect(h.lines == ["+I[red, 100]", "+I[orange, 50]", "+I[NULL, 25]"])
    }

    @Test("row kinds travel with their rows through filter and projection")
    func rowKindsPassThrough() throws {
        let changelog = Data.batch([("red", 1, 1), ("red", 1, 1), ("red", 2, 2)], kinds: [.insert, .updateBefore, .updateAfter])
        let out = Schema([Field("doubled", .int64)])
        let predicate = try PhysicalExpression.call(">", [Data.column("value"), .literal(.int(0))])
        let doubled = try PhysicalExpression.call("*", [Data.column("value"), .literal(.int(2))])
        let h = try OperatorHarness(CalcOperator(predicate: predicate, projections: [doubled], outputSchema: out))
        try h.process(changelog.withSelection(SelectionVector([1, 2])))
        #expect(h.lines == ["-U[2]", "+U[4]"])
    }

    @Test("a batch whose rows are all filtered away emits nothing")
    func emptyResult() throws {
        let predicate = try PhysicalExpression.call("=", [Data.column("color"), .literal(.string("none"))])
        let h = try OperatorHarness(CalcOperator(predicate: predicate, projections: nil, outputSchema: s))
        try h.process(input)
        #expect(h.batches.isEmpty)
    }

    @Test("a non-BOOLEAN predicate is rejected when the operator opens")
    func predicateMustBeBoolean() throws {
        let error = #expect(throws: SluiceError.self) {
            _ = try OperatorHarness(CalcOperator(predicate: Data.column("value"), projections: nil, outputSchema: s))
        }
        #expect(error?.message == "the filter condition `value` is BIGINT; a filter needs a BOOLEAN condition, e.g. `x <> 0`")
    }

    @Test("projections must match the output schema in number and type")
    func projectionMismatch() throws {
        let out = Schema([Field("v", .string)])
        let typeError = #expect(throws: SluiceError.self) {
            _ = try OperatorHarness(CalcOperator(predicate: nil, projections: [Data.column("value")], outputSchema: out))
        }
        #expect(typeError?.message == "projection `value` is BIGINT but output column `v` is STRING; cast the expression or change the output schema")
        let countError = #expect(throws: SluiceError.self) {
            _ = try OperatorHarness(CalcOperator(predicate: nil, projections: [], outputSchema: out))
        }
        #expect(countError?.message == "calc has 0 projections but its output schema has 1 columns (v)")
    }
}
