import Testing
import SluiceColumnar
@testable import SluiceSQL

@Suite("Type parser")
struct TypeParserTests {
    /// The type of `CAST(x AS <spelled>)`.
    private func type(_ spelled: String) throws -> TypeName {
        guard case .cast(_, let type, _) = try expr("CAST(x AS \(spelled))") else {
            Issue.record("not a CAST")
            return TypeName(.boolean)
        }
        return type
    }

    @Test("scalar type spellings map to Sluice types", arguments: [
        ("BOOLEAN", DataType.boolean), ("bool", .boolean), ("TINYINT", .int8), ("SMALLINT", .int16),
        ("INT", .int32), ("integer", .int32), ("BIGINT", .int64), ("FLOAT", .float32), ("REAL", .float32),
        ("DOUBLE", .float64), ("DOUBLE PRECISION", .float64), ("DECIMAL", .decimal(precision: 10, scale: 0)),
        ("DECIMAL(23, 3)", .decimal(precision: 23, scale: 3)), ("NUMERIC(5)", .decimal(precision: 5, scale: 0)),
        ("STRING", .string), ("VARCHAR", .string), ("VARCHAR(20)", .string), ("CHAR(3)", .string),
        ("CHARACTER VARYING(9)", .string), ("BYTES", .binary), ("VARBINARY(8)", .binary), ("DATE", .date),
        ("TIME", .time(precision: 0)), ("TIME(3)", .time(precision: 3)), ("TIMESTAMP", .timestamp(precision: 6)),
        ("TIMESTAMP(3)", .timestamp(precision: 3)), ("TIMESTAMP(3) WITHOUT TIME ZONE", .timestamp(precision: 3)),
        ("TIMESTAMP(3) WITH LOCAL TIME ZONE", .timestampLTZ(precision: 3)),
        ("TIMESTAMP WITH LOCAL TIME ZONE", .timestampLTZ(precision: 6)), ("TIMESTAMP_LTZ(3)", .timestampLTZ(precision: 3)),
        ("INTERVAL DAY TO SECOND", .intervalDayTime), ("INTERVAL YEAR TO MONTH", .intervalYearMonth),
        ("INTERVAL MONTH", .intervalYearMonth), ("INTERVAL HOUR", .intervalDayTime),
    ] as [(String, DataType)])
    func scalars(spelled: String, expected: DataType) throws {
        #expect(try type(spelled) == TypeName(expected))
    }

    @Test("ROW types in both spellings, nested, with NOT NULL fields and field descriptions")
    func rows() throws {
        let inner = DataType.row([Field("x", .int32, nullable: false)])
        #expect(try type("ROW<a INT, b ROW(x INT NOT NULL)>") == TypeName(.row([Field("a", .int32), Field("b", inner)])))
        #expect(try type("ROW(`a b` STRING 'the a', c BIGINT)") == TypeName(.row([Field("a b", .string), Field("c", .int64)])))
        #expect(try type("ROW<>") == TypeName(.row([])))
        #expect(try type("ROW<r ROW<s ROW<t INT>>>") == TypeName(.row([Field("r", .row([Field("s", .row([Field("t", .int32)]))]))])))
    }

    @Test("type errors point at the type")
    func errors() throws {
        let duplicate = parseError("SELECT CAST(x AS ROW<a INT, a INT>)")
        #expect(duplicate?.message == "SQL parse error at line 1, column 29: ROW field `a` is defined twice")
        let multiset = parseError("SELECT CAST(x AS INT MULTISET)")
        #expect(multiset?.message == "unsupported SQL at line 1, column 22: type INT MULTISET is valid Flink SQL but not supported by Sluice yet")
        let zone = parseError("SELECT CAST(x AS TIMESTAMP(3) WITH TIME ZONE)")
        #expect(zone?.message == "unsupported SQL at line 1, column 31: TIMESTAMP WITH TIME ZONE is valid Flink SQL but not supported by Sluice yet; use TIMESTAMP_LTZ or TIMESTAMP WITH LOCAL TIME ZONE")
        let parameter = parseError("SELECT CAST(x AS VARCHAR(n))")
        #expect(parameter?.message == "SQL parse error at line 1, column 26: expected a whole number as type parameter but found 'n'")
        let precision = parseError("SELECT CAST(x AS TIMESTAMP(9))")
        #expect(precision?.message == "SQL parse error at line 1, column 18: TIMESTAMP(9) is not supported; Sluice stores timestamps in microseconds, use TIMESTAMP(0) to TIMESTAMP(6)")
        #expect(precision?.code == .unsupported)
    }
}
