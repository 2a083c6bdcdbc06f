import Testing
@testable import SluiceColumnar

@Suite("Cast")
struct CastTests {
    typealias F = KernelFixtures

    static func strings(_ c: Column) -> [String?] { (0..<c.count).map { c.isNull($0) ? nil : c.formatted(at: $0) } }

    @Test("integer widening and narrowing match a scalar reference", arguments: F.lengths)
    func integers(length: Int) throws {
        var g = F.Generator(seed: UInt64(length) + 3)
        let xs: [Value] = (0..<length).map { _ in .int(g.int(-128...127)) }
        try F.shapes { rate, sliced in
            let values = F.withNulls(xs, rate: rate)
            for from in [DataType.int8, .int16, .int32, .int64] {
                let c = F.column(from, values, sliced: sliced)
                for to in [DataType.int8, .int16, .int32, .int64] {
                    #expect(try Cast.cast(c, to: to).values() == values, "\(from) → \(to)")
                }
                let doubles = try Cast.cast(c, to: .float64).values()
                #expect(doubles == values.map { v in if case .int(let i) = v { return .float(Double(i)) } else { return .null } })
                #expect(try Cast.cast(Cast.cast(c, to: .string), to: from).values() == values, "string round trip")
            }
        }
    }

    @Test("narrowing out of range is an error naming the value; TRY_CAST gives NULL")
    func narrowing() throws {
        let c = Column.int32([1, nil, 300, -300])
        #expect(throws: SluiceError(.execution, "cannot cast 300 to TINYINT (row 2): out of range; TINYINT holds -128 to 127")) {
            try Cast.cast(c, to: .int8)
        }
        #expect(try Cast.tryCast(c, to: .int8).values() == [.int(1), .null, .null, .null])
        #expect(throws: SluiceError(.execution, "cannot cast 9223372036854775807 to INT (row 0): out of range; INT holds -2147483648 to 2147483647")) {
            try Cast.cast(.int64([Int64.max]), to: .int32)
        }
    }

    @Test("strings parse to integers; a bad string names the value, type and row")
    func stringToInteger() throws {
        let c = Column.string(["1", " 42 ", "-7", "abc", "3.9", nil])
        #expect(throws: SluiceError(.invalidInput, "cannot cast 'abc' to INT (row 3)")) { try Cast.cast(c, to: .int32) }
        #expect(try Cast.tryCast(c, to: .int32).values() == [.int(1), .int(42), .int(-7), .null, .int(3), .null])
        #expect(throws: SluiceError(.invalidInput, "cannot cast '99999999999' to INT (row 0)")) { try Cast.cast(.string(["99999999999"]), to: .int32) }
        #expect(throws: SluiceError(.invalidInput, "cannot cast '' to BIGINT (row 0)")) { try Cast.cast(.string([""]), to: .int64) }
        #expect(try Cast.cast(.string(["-9223372036854775808"]), to: .int64).values() == [.int(Int64.min)])
    }

    @Test("TRY_CAST turns every unparsable row into NULL", arguments: F.lengths)
    func tryCastShapes(length: Int) throws {
        let texts: [Value] = (0..<length).map { $0 % 3 == 0 ? .string("x\($0)") : .string(String($0 - 500)) }
        try F.shapes { rate, sliced in
            let values = F.withNulls(texts, rate: rate)
            let got = try Cast.tryCast(F.column(.string, values, sliced: sliced), to: .int16)
            #expect(got.values() == values.map { v in
                if case .string(let s) = v, let i = Int64(s) { return .int(i) } else { return .null }
            })
        }
    }

    @Test("dictionary-encoded strings cast like plain ones")
    func dictionary() throws {
        let codes = Buffer([Int32(1), 0, 1])
        let c = Column(type: .string, count: 3, storage: .dictionary(codes: codes, dictionary: DictionaryValues(["10", "20"])))
        #expect(try Cast.cast(c, to: .int64).values() == [.int(20), .int(10), .int(20)])
    }

    @Test("DOUBLE to integer truncates toward zero; NaN and out-of-range values are errors")
    func doubleToInteger() throws {
        #expect(try Cast.cast(.float64([-1.9, 2.9, -0.5, nil]), to: .int32).values() == [.int(-1), .int(2), .int(0), .null])
        #expect(throws: SluiceError(.execution, "cannot cast 1.0E10 to INT (row 2): out of range; INT holds -2147483648 to 2147483647")) {
            try Cast.cast(.float64([1, 2, 1e10]), to: .int32)
        }
        #expect(throws: SluiceError(.execution, "cannot cast NaN to BIGINT (row 0): out of range; BIGINT holds -9223372036854775808 to 9223372036854775807")) {
            try Cast.cast(.float64([.nan]), to: .int64)
        }
        #expect(try Cast.cast(.float64([9.2e18]), to: .int64).values() == [.int(9_200_000_000_000_000_000)])
    }

    @Test("decimals: parse and rescale HALF_UP, truncate to integers, error when digits run out")
    func decimals() throws {
        let d52 = DataType.decimal(precision: 5, scale: 2)
        #expect(Self.strings(try Cast.cast(.string(["1.005", "-1.005", "1e2", " 2.5E-1 ", nil]), to: d52)) == ["1.01", "-1.01", "100.00", "0.25", nil])
        #expect(throws: SluiceError(.invalidInput, "cannot cast '123456' to DECIMAL(5, 2) (row 0)")) { try Cast.cast(.string(["123456"]), to: d52) }
        #expect(Self.strings(try Cast.cast(.float64([1.005, 0.0025, -0.0025]), to: .decimal(precision: 5, scale: 3))) == ["1.005", "0.003", "-0.003"])
        #expect(Self.strings(try Cast.cast(.float64([1.005]), to: d52)) == ["1.01"])
        let c = try Cast.cast(.string(["1.25", "-1.25", "999.99"]), to: d52)
        #expect(Self.strings(try Cast.tryCast(c, to: .decimal(precision: 4, scale: 1))) == ["1.3", "-1.3", nil])
        #expect(throws: SluiceError(.execution, "cannot cast 999.99 to DECIMAL(4, 1) (row 2): needs more than 3 integer digits")) {
            try Cast.cast(c, to: .decimal(precision: 4, scale: 1))
        }
        #expect(Self.strings(try Cast.cast(c, to: .decimal(precision: 30, scale: 4))) == ["1.2500", "-1.2500", "999.9900"])
        #expect(try Cast.cast(c, to: .int32).values() == [.int(1), .int(-1), .int(999)])
        #expect(try Cast.cast(c, to: .float64).values() == [.float(1.25), .float(-1.25), .float(999.99)])
        #expect(throws: SluiceError(.execution, "cannot cast 123 to DECIMAL(3, 1) (row 0): needs more than 2 integer digits")) {
            try Cast.cast(.int64([123]), to: .decimal(precision: 3, scale: 1))
        }
        #expect(Self.strings(try Cast.cast(.int64([Int64.min]), to: .decimal(precision: 38, scale: 18))) == ["-9223372036854775808.000000000000000000"])
        #expect(throws: SluiceError(.execution, "cannot cast 999.99 to TINYINT (row 2): out of range; TINYINT holds -128 to 127")) {
            try Cast.cast(c, to: .int8)
        }
        #expect(throws: SluiceError(.execution, "cannot cast Infinity to DECIMAL(5, 2) (row 0): not a finite number that fits")) {
            try Cast.cast(.float64([.infinity]), to: d52)
        }
    }

    @Test("values print as Flink's CAST(… AS STRING)")
    func toString() throws {
        #expect(Self.strings(try Cast.cast(.float64([1e7, 0.1, 100, 1e-4, -0.0, nil]), to: .string)) == ["1.0E7", "0.1", "100.0", "1.0E-4", "-0.0", nil])
        let f = try ColumnBuilder.column(.float32, [.float(Double(Float(0.1))), .float(3), .float(1.5e10)])
        #expect(Self.strings(try Cast.cast(f, to: .string)) == ["0.1", "3.0", "1.5E10"])
        #expect(Self.strings(try Cast.cast(.boolean([true, false, nil]), to: .string)) == ["TRUE", "FALSE", nil])
        let ts = try Cast.cast(.string(["2024-02-29 12:34:56.789123"]), to: .timestamp(precision: 6))
        #expect(Self.strings(try Cast.cast(ts, to: .string)) == ["2024-02-29 12:34:56.789123"])
        #expect(Self.strings(try Cast.cast(try Cast.cast(ts, to: .timestamp(precision: 3)), to: .string)) == ["2024-02-29 12:34:56.789"])
        #expect(Self.strings(try Cast.cast(try Cast.cast(ts, to: .timestamp(precision: 0)), to: .string)) == ["2024-02-29 12:34:56"])
        #expect(Self.strings(try Cast.cast(try Cast.cast(ts, to: .date), to: .string)) == ["2024-02-29"])
        #expect(Self.strings(try Cast.cast(try Cast.cast(ts, to: .time(precision: 0)), to: .string)) == ["12:34:56"])
        let iv = try ColumnBuilder.column(.intervalDayTime, [.intervalDayTime(90_061_000_000)])
        #expect(Self.strings(try Cast.cast(iv, to: .string)) == ["+1 01:01:01.000"])
    }

    @Test("dates, times and timestamps parse; a bad one names the value")
    func temporalStrings() throws {
        #expect(try Cast.cast(.string(["1970-01-02", nil]), to: .date).values() == [.date(1), .null])
        #expect(throws: SluiceError(.invalidInput, "cannot cast '2023-02-29' to DATE (row 1)")) { try Cast.cast(.string(["2024-02-29", "2023-02-29"]), to: .date) }
        #expect(try Cast.cast(.string(["1970-01-01T00:00:01.5"]), to: .timestamp(precision: 3)).values() == [.timestamp(1_500_000)])
        #expect(throws: SluiceError(.invalidInput, "cannot cast '12:00' to TIMESTAMP(3) (row 0)")) { try Cast.cast(.string(["12:00"]), to: .timestamp(precision: 3)) }
        #expect(try Cast.cast(.string(["01:02:03.456"]), to: .time(precision: 3)).values() == [.time(3_723_456)])
        let before = try Cast.cast(.string(["1969-12-31 23:00:00"]), to: .timestamp(precision: 0))
        #expect(try Cast.cast(before, to: .date).values() == [.date(-1)])
        #expect(try Cast.cast(Cast.cast(.string(["1969-12-31"]), to: .date), to: .timestamp(precision: 3)).values() == [.timestamp(-86_400_000_000)])
        #expect(try Cast.cast(before, to: .timestampLTZ(precision: 3)).values() == before.values())
    }

    @Test("booleans: Flink's words, case-insensitive; integers as 0/1")
    func booleans() throws {
        #expect(try Cast.cast(.string(["TRUE", "false", " yes ", "0", "T", nil]), to: .boolean).values()
            == [.boolean(true), .boolean(false), .boolean(true), .boolean(false), .boolean(true), .null])
        #expect(throws: SluiceError(.invalidInput, "cannot cast 'maybe' to BOOLEAN (row 0)")) { try Cast.cast(.string(["maybe"]), to: .boolean) }
        #expect(try Cast.cast(.int32([0, 5, -1, nil]), to: .boolean).values() == [.boolean(false), .boolean(true), .boolean(true), .null])
        #expect(try Cast.cast(.boolean([true, false, nil]), to: .int64).values() == [.int(1), .int(0), .null])
        #expect(Self.strings(try Cast.cast(.boolean([true]), to: .decimal(precision: 3, scale: 1))) == ["1.0"])
    }

    @Test("strings and bytes convert both ways unchanged")
    func binary() throws {
        let b = try Cast.cast(.string(["héllo", nil]), to: .binary)
        #expect(b.values() == [.binary(Array("héllo".utf8)), .null])
        #expect(try Cast.cast(b, to: .string).values() == [.string("héllo"), .null])
    }

    @Test("impossible casts are plan errors that list what the type casts to")
    func canCast() {
        #expect(Cast.canCast(.int32, to: .decimal(precision: 5, scale: 0)))
        #expect(Cast.canCast(.timestamp(precision: 3), to: .date))
        #expect(!Cast.canCast(.string, to: .intervalDayTime))
        #expect(!Cast.canCast(.date, to: .int32))
        #expect(!Cast.canCast(.row([]), to: .string))
        #expect(throws: SluiceError(.plan, "cannot cast BOOLEAN to DATE; BOOLEAN casts to TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, STRING")) {
            try Cast.cast(.boolean([true]), to: .date)
        }
        #expect(throws: SluiceError.self) { try Cast.cast(.int32([1]), to: .decimal(precision: 50, scale: 0)) }
    }
}
