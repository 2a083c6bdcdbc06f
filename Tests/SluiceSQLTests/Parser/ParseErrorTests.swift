import Testing
import SluiceColumnar
@testable import SluiceSQL

@Suite("Parse errors")
struct ParseErrorTests {
    /// Asserts the full message, the code and the context line of the error `sql` raises.
    private func expectError(_ sql: String, _ message: String, code: SluiceError.Code = .invalidInput,
                             line: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let error = parseError(sql, sourceLocation: sourceLocation) else { return }
        #expect(error.message == message, sourceLocation: sourceLocation)
        #expect(error.code == code, sourceLocation: sourceLocation)
        if let line { #expect(error.context.line == line, sourceLocation: sourceLocation) }
    }

    @Test("a misspelt clause keyword: found, expected, did you mean, at its line and column")
    func misspeltKeyword() {
        expectError("SELECT auction,\n       price\n  FROM bid WEHRE price > 10",
                    "SQL parse error at line 3, column 12: expected WHERE but found 'WEHRE'; did you mean WHERE?", line: 3)
        expectError("SELECT a\nFORM t", "SQL parse error at line 2, column 1: expected FROM but found 'FORM'; did you mean FROM?", line: 2)
        expectError("SELECT a FROM t GROUP BY a ORDR BY a",
                    "SQL parse error at line 1, column 28: expected ';' or end of input but found 'ORDR'; did you mean ORDER?")
        expectError("SELEC a FROM t",
                    "SQL parse error at line 1, column 1: expected a statement (SELECT, WITH, VALUES, INSERT, CREATE, DROP, SET, RESET, EXPLAIN, SHOW, DESCRIBE) but found 'SELEC'; did you mean SELECT?")
        expectError("CREATE TABEL t (a INT)",
                    "SQL parse error at line 1, column 8: expected TABLE, VIEW or FUNCTION but found 'TABEL'; did you mean TABLE?")
    }

    @Test("an unterminated string")
    func unterminatedString() {
        expectError("SELECT a\nFROM t WHERE s = 'abc",
                    "SQL parse error at line 2, column 18: unterminated string literal: the ' opened here is never closed; to put a ' inside it, write it twice ('')", line: 2)
    }

    @Test("a missing closing parenthesis names what it closes")
    func missingParenthesis() {
        expectError("SELECT COUNT(a FROM t",
                    "SQL parse error at line 1, column 16: expected ')' to close the arguments of COUNT but found 'FROM'")
        expectError("SELECT (a + b FROM t",
                    "SQL parse error at line 1, column 15: expected ')' to close the parenthesis but found 'FROM'")
        expectError("CREATE TABLE t (a INT, b INT WITH ('k' = 'v')",
                    "SQL parse error at line 1, column 30: expected ')' to close the column list (or ',' before the next column) but found 'WITH'")
        expectError("SELECT * FROM (SELECT a FROM t",
                    "SQL parse error at line 1, column 31: expected ')' to close the subquery but found end of input")
    }

    @Test("an unexpected end of input")
    func unexpectedEnd() {
        expectError("SELECT a FROM", "SQL parse error at line 1, column 14: expected a table name but found end of input")
        expectError("SELECT a +\n", "SQL parse error at line 2, column 1: expected an expression but found end of input")
        expectError("SELECT CASE WHEN a THEN 1", "SQL parse error at line 1, column 26: expected END but found end of input")
        expectError("INSERT INTO t", "SQL parse error at line 1, column 14: expected SELECT, VALUES or '(' but found end of input")
    }

    @Test("unsupported and unknown types")
    func types() {
        expectError("CREATE TABLE t (\n  a ARRAY<INT>\n)",
                    "unsupported SQL at line 2, column 5: type ARRAY is valid Flink SQL but not supported by Sluice yet; supported types are BOOLEAN, TINYINT, SMALLINT, INT, INTEGER, BIGINT, FLOAT, REAL, DOUBLE, DECIMAL, NUMERIC, STRING, VARCHAR, CHAR, BYTES, BINARY, VARBINARY, DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ, INTERVAL, ROW",
                    code: .unsupported, line: 2)
        expectError("SELECT CAST(m AS MAP<STRING, INT>) FROM t",
                    "unsupported SQL at line 1, column 18: type MAP is valid Flink SQL but not supported by Sluice yet; supported types are BOOLEAN, TINYINT, SMALLINT, INT, INTEGER, BIGINT, FLOAT, REAL, DOUBLE, DECIMAL, NUMERIC, STRING, VARCHAR, CHAR, BYTES, BINARY, VARBINARY, DATE, TIME, TIMESTAMP, TIMESTAMP_LTZ, INTERVAL, ROW",
                    code: .unsupported)
        expectError("CREATE TABLE t (a INTT)",
                    "SQL parse error at line 1, column 19: unknown type `INTT`; use BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL(p, s), STRING, BYTES, DATE, TIME, TIMESTAMP(p) or TIMESTAMP_LTZ(p); did you mean INT?")
        expectError("CREATE TABLE t (a DECIMAL(50, 2))",
                    "SQL parse error at line 1, column 19: DECIMAL precision 50 is out of range; use 1 to 38")
    }

    @Test("valid Flink SQL that Sluice does not support yet says so")
    func unsupportedSyntax() {
        expectError("CREATE TABLE t (a INT, m STRING METADATA FROM 'topic')",
                    "unsupported SQL at line 1, column 33: metadata column `m` is valid Flink SQL but not supported by Sluice yet; declare it as a physical column or remove it",
                    code: .unsupported)
        expectError("SELECT * FROM t MATCH_RECOGNIZE (PATTERN (A))",
                    "unsupported SQL at line 1, column 17: MATCH_RECOGNIZE is valid Flink SQL but not supported by Sluice yet", code: .unsupported)
        expectError("SELECT * FROM t, LATERAL TABLE(f(x))",
                    "unsupported SQL at line 1, column 18: LATERAL TABLE is valid Flink SQL but not supported by Sluice yet", code: .unsupported)
        expectError("SELECT SUM(a) OVER w FROM t",
                    "unsupported SQL at line 1, column 20: a named window in OVER is valid Flink SQL but not supported by Sluice yet; write the window as OVER (PARTITION BY … ORDER BY …)",
                    code: .unsupported)
        expectError("SELECT * FROM TABLE(TUMBLE(DATA => TABLE bid, TIMECOL => DESCRIPTOR(ts), SIZE => INTERVAL '1' SECOND))",
                    "unsupported SQL at line 1, column 28: named arguments (`=>`) in TUMBLE is valid Flink SQL but not supported by Sluice yet; pass the arguments by position",
                    code: .unsupported)
        expectError("SELECT * FROM t WHERE a = ANY (SELECT b FROM s)",
                    "unsupported SQL at line 1, column 27: a quantified comparison (= ANY (…)) is valid Flink SQL but not supported by Sluice yet; use IN or EXISTS",
                    code: .unsupported)
        expectError("CREATE TABLE t WITH ('connector' = 'x') AS SELECT 1",
                    "unsupported SQL at line 1, column 16: CREATE TABLE … AS SELECT is valid Flink SQL but not supported by Sluice yet; declare the columns and use INSERT INTO … SELECT",
                    code: .unsupported)
        expectError("CREATE TABLE t (a INT) WITH ('connector' = 'x') LIKE s",
                    "unsupported SQL at line 1, column 49: CREATE TABLE … LIKE is valid Flink SQL but not supported by Sluice yet; declare the columns and use INSERT INTO … SELECT",
                    code: .unsupported)
        expectError("CREATE TABLE t AS SELECT 1",
                    "unsupported SQL at line 1, column 16: CREATE TABLE … AS SELECT is valid Flink SQL but not supported by Sluice yet; declare the columns and use INSERT INTO … SELECT",
                    code: .unsupported)
        expectError("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END",
                    "unsupported SQL at line 1, column 1: the EXECUTE statement is valid Flink SQL but not supported by Sluice yet",
                    code: .unsupported)
        expectError("SELECT * FROM t CROSS JOIN UNNEST(t.arr)",
                    "unsupported SQL at line 1, column 28: UNNEST is valid Flink SQL but not supported by Sluice yet", code: .unsupported)
        expectError("SELECT a FROM t GROUP BY ROLLUP (a)",
                    "unsupported SQL at line 1, column 26: GROUP BY ROLLUP is valid Flink SQL but not supported by Sluice yet", code: .unsupported)
    }

    @Test("DDL mistakes")
    func ddl() {
        expectError("CREATE TABLE t (id INT, PRIMARY KEY (id))",
                    "SQL parse error at line 1, column 41: expected NOT ENFORCED after PRIMARY KEY (Flink and Sluice do not own the data, so only NOT ENFORCED keys are supported) but found ')'")
        expectError("CREATE TABLE t (a INT, a STRING)", "SQL parse error at line 1, column 24: column `a` is defined twice")
        expectError("CREATE TABLE t (select INT)",
                    "SQL parse error at line 1, column 17: expected a column name, WATERMARK or PRIMARY KEY but found the keyword 'select'; to use it as a name, quote it as `select`")
        expectError("CREATE TABLE t (a INT) WITH ('k' 'v')",
                    "SQL parse error at line 1, column 34: expected '=' between the option key and its value but found string 'v'")
    }

    @Test("query mistakes")
    func queries() {
        expectError("SELECT * FROM a JOIN b WHERE a.x = b.x",
                    "SQL parse error at line 1, column 24: expected ON or USING after INNER JOIN b but found 'WHERE'")
        expectError("SELECT FROM t", "SQL parse error at line 1, column 8: expected an expression but found 'FROM'")
        expectError("SELECT a, b,\nFROM t",
                    "SQL parse error at line 2, column 1: expected an expression but found 'FROM'; is there an extra ',' before it?")
        expectError("SELECT a FROM t WHERE a = 1 ANDD b = 2",
                    "SQL parse error at line 1, column 29: expected ';' or end of input but found 'ANDD'; did you mean AND?")
        expectError("SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(ts)))",
                    "SQL parse error at line 1, column 53: TUMBLE got 0 interval arguments; write it as TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset])")
        expectError("SELECT a IS MAYBE FROM t",
                    "SQL parse error at line 1, column 13: expected NULL, TRUE or FALSE after IS but found 'MAYBE'")
        expectError("SELECT 1; SELECT 2 3",
                    "SQL parse error at line 1, column 20: expected ';' or end of input but found '3'")
    }
}
