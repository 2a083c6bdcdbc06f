import SluiceTestSupport
import Testing
@testable import SluiceColumnar

@Suite("Hashing")
struct HashingTests {
    static func hashes(_ columns: [Column]) -> [UInt64] { Hashing.hash(columns).toArray(of: UInt64.self) }

    @Test("XXH64 matches the reference test vectors")
    func xxh64Vectors() {
        #expect(Hashing.hashString("") == 0xEF46_DB37_51D8_E999)
        #expect(Hashing.hashString("a") == 0xD24E_C4F1_A98C_6E5B)
        #expect(Hashing.hashString("abc") == 0x44BC_2CF5_AD77_0999)
    }

    @Test("golden values: changing any of these breaks savepoints")
    func golden() {
        let values: [UInt64] = [
            Self.hashes([.int64([0, 1, 5, -1, Int64.max, Int64.min])]),
            Self.hashes([.float64([0, -0.0, 1.5, .nan])]),
            Self.hashes([.string(["", "a", "hello world", "a string longer than thirty-two bytes!"])]),
            Self.hashes([.boolean([true, false])]),
            Self.hashes([try! ColumnBuilder.column(.decimal(precision: 10, scale: 2), [.decimal(12345, scale: 2)]),
                         try! ColumnBuilder.column(.decimal(precision: 30, scale: 4), [.decimal(-1, scale: 4)])]),
            Self.hashes([.int64([5, nil]), .string(["x", "y"])]),
            [Hashing.nullHash],
        ].flatMap { $0 }
        #expect(values == HashingTests.goldenValues)
    }

    static let goldenValues: [UInt64] = [
        // BIGINT 0, 1, 5, -1, max, min (fmix64 of the value: 0 maps to 0)
        0x0, 0xB456_BCFC_34C2_CB2C, 0xD66A_D737_D54C_5575, 0x64B5_720B_4B82_5F21, 0xABB9_3DF0_A930_EDEA, 0x8F78_0810_AF31_A493,
        // DOUBLE 0, -0.0, 1.5, NaN
        0x0, 0x0, 0x885D_CC87_4E75_B6F0, 0xE290_595F_5805_3B85,
        // STRING "", "a", "hello world", 38 bytes (XXH64, seed 0)
        0xEF46_DB37_51D8_E999, 0xD24E_C4F1_A98C_6E5B, 0x45AB_6734_B21E_6968, 0xB769_8D29_D0AF_438F,
        // BOOLEAN true, false
        0xB456_BCFC_34C2_CB2C, 0x0,
        // (DECIMAL(10,2) 123.45, DECIMAL(30,4) -0.0001)
        0x5578_176A_FE0C_0B4B,
        // (BIGINT, STRING): (5, "x"), (NULL, "y")
        0xC7EE_3A9E_5BE3_30F2, 0xFEDB_3162_6EB2_A70F,
        // NULL
        0x5EED_0F5A_1CE0_0001,
    ]
}

@Suite("Hashing semantics")
struct HashingSemanticsTests {
    static func hashes(_ columns: [Column]) -> [UInt64] { Hashing.hash(columns).toArray(of: UInt64.self) }

    @Test("integers of every width and temporal types hash like the same BIGINT")
    func widths() throws {
        let expected = Self.hashes([.int64([5, -3, 0])])
        #expect(Self.hashes([.int32([5, -3, 0])]) == expected)
        for type in [DataType.int8, .int16, .date, .timestamp(precision: 3)] {
            let values: [Value] = [5, -3, 0].map { v in
                switch type {
                case .date: return .date(Int32(v))
                case .timestamp: return .timestamp(Int64(v))
                default: return .int(Int64(v))
                }
            }
            #expect(Self.hashes([try ColumnBuilder.column(type, values)]) == expected, "\(type)")
        }
    }

    @Test("decimals hash by unscaled value and scale, whatever their storage width")
    func decimals() throws {
        let narrow = try ColumnBuilder.column(.decimal(precision: 10, scale: 2), [.decimal(12345, scale: 2), .decimal(-7, scale: 2)])
        let wide = try ColumnBuilder.column(.decimal(precision: 30, scale: 2), [.decimal(12345, scale: 2), .decimal(-7, scale: 2)])
        let otherScale = try ColumnBuilder.column(.decimal(precision: 10, scale: 3), [.decimal(12345, scale: 3), .decimal(-7, scale: 3)])
        #expect(Self.hashes([narrow]) == Self.hashes([wide]))
        #expect(Self.hashes([narrow]) != Self.hashes([otherScale]))
        #expect(Self.hashes([narrow])[0] == Hashing.hashDecimal(12345, scale: 2))
    }

    @Test("FLOAT and DOUBLE agree; -0.0 equals 0.0 and all NaNs are one value")
    func floats() {
        var b = FixedWidthColumnBuilder<Float>(type: .float32)
        for v: Float in [1.5, -0.0, .nan] { b.append(v) }
        let nan2 = Double(bitPattern: 0x7FF8_0000_0000_0001)
        #expect(Self.hashes([b.finish()]) == Self.hashes([.float64([1.5, 0.0, nan2])]))
    }

    @Test("a dictionary-encoded string column hashes exactly like the plain column", arguments: TestData.lengths)
    func dictionaryEqualsPlain(length: Int) {
        var rng = SplitMix64(seed: UInt64(length))
        for nulls in TestData.nullFractions {
            let values = TestData.strings(length, distinct: 20, nulls: nulls, &rng)
            let plain = Column.string(values)
            let dictionary = TestData.dictionaryColumn(values)
            #expect(Self.hashes([dictionary]) == Self.hashes([plain]))
            #expect(Self.hashes([.int64(values.map { $0.map { Int64($0.utf8.count) } }), dictionary])
                    == Self.hashes([.int64(values.map { $0.map { Int64($0.utf8.count) } }), plain]))
        }
    }

    @Test("each row's hash equals the scalar reference, nulls included, on slices", arguments: TestData.lengths)
    func scalarReference(length: Int) {
        var rng = SplitMix64(seed: 77 + UInt64(length))
        for nulls in TestData.nullFractions {
            let ints = TestData.ints(length + 5, distinct: 50, nulls: nulls, &rng)
            let strings = TestData.strings(length + 5, distinct: 50, nulls: nulls, &rng)
            let a = Column.int64(ints).slice(5, length)
            let s = Column.string(strings).slice(5, length)
            let got = Self.hashes([a, s])
            for i in 0..<length {
                let hi = ints[i + 5].map { Hashing.hashInt($0) } ?? Hashing.nullHash
                let hs = strings[i + 5].map { Hashing.hashString($0) } ?? Hashing.nullHash
                #expect(got[i] == Hashing.combine(hi, hs))
            }
            #expect(Self.hashes([a]) == (0..<length).map { ints[$0 + 5].map { Hashing.hashInt($0) } ?? Hashing.nullHash })
        }
    }

    @Test("column order matters in a multi-column key")
    func order() {
        let a = Column.int64([1, 2]), b = Column.int64([2, 1])
        let ab = Self.hashes([a, b])
        #expect(ab[0] != ab[1])
        #expect(Self.hashes([a, b]) != Self.hashes([b, a]))
    }
}
