import Testing
import SluiceColumnar
@testable import SluiceSQL

@Suite("Positions")
struct PositionTests {
    @Test("column references, function calls and tables remember where they were written")
    func nodePositions() throws {
        let s = try select("SELECT a,\n  UPPER(prce)\nFROM\n   bids")
        guard case .function(let f) = s.items[1].expression, case .identifier(_, let column) = f.arguments[0],
              case .table(_, _, _, let table)? = s.from else {
            Issue.record("unexpected shape"); return
        }
        #expect(f.position.position == SourcePosition(line: 2, column: 3, offset: 12))
        #expect(column.position?.line == 2)
        #expect(column.position?.column == 9)
        #expect(table.position?.line == 4)
        #expect(table.position?.column == 4)
    }

    @Test("positions do not take part in equality")
    func positionsIgnoredByEquality() throws {
        #expect(try expr("a +\n\n   b") == .binary(.add, col("a"), col("b")))
        #expect(SQLPosition(SourcePosition(line: 1, column: 1)) == SQLPosition.unknown)
    }

    @Test("located statements carry their start and their text without the ';'")
    func locatedStatements() throws {
        let script = "SET 'a' = 'b';\n\n  -- the query\n  SELECT 1\n  FROM t ;"
        let located = try SQLParser.parseLocated(script: script)
        #expect(located.map(\.text) == ["SET 'a' = 'b'", "SELECT 1\n  FROM t"])
        #expect(located.map(\.position.line) == [1, 4])
        #expect(located[1].position.column == 3)
        #expect(located[1].statement == .query(try query("SELECT 1 FROM t")))
    }
}
