import Testing
import SluiceTestSupport
@testable import SluiceColumnar

@Suite("Text bytes of timestamps and integers")
struct TimestampBytesTests {
    @Test("timestamp bytes equal TemporalFormat's text for any instant and precision, in any order")
    func matchesTemporalFormat() {
        var rng = SplitMix64(seed: 11)
        var writer = TimestampBytes()
        var instants: [Int64] = [0, -1, 1, -86_400_000_000, 253_402_300_799_999_999, -62_167_219_200_000_000, -62_167_219_200_000_001]
        for _ in 0..<2000 { instants.append(Int64(bitPattern: rng.next()) % 400_000_000_000_000_000) }
        // Runs of nearby instants exercise the cached date.
        for _ in 0..<500 { instants.append(1_704_067_200_000_000 + Int64(rng.below(200_000_000_000))) }
        for micros in instants {
            for precision in [0, 3, 6] {
                var out: [UInt8] = []
                writer.append(micros: micros, precision: precision, to: &out)
                #expect(String(decoding: out, as: UTF8.self) == TemporalFormat.timestamp(micros: micros, precision: precision))
            }
        }
    }

    @Test("integer bytes equal String(Int64)")
    func integers() {
        var rng = SplitMix64(seed: 5)
        for v in [Int64.min, Int64.max, 0, -1, 9, 10, -10] + (0..<1000).map({ _ in Int64(bitPattern: rng.next()) >> Int64(rng.below(60)) }) {
            var out: [UInt8] = []
            IntegerBytes.append(v, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(v))
        }
    }

    @Test("DATE_FORMAT formats each row as alone, whatever the order of the rows")
    func dateFormatUnits() throws {
        var rng = SplitMix64(seed: 3)
        var values: [Int64?] = []
        for i in 0..<3000 {
            let base = 1_704_067_200_000_000 + Int64(i / 10) * 17_000_000
            values.append(i % 97 == 0 ? nil : (rng.below(5) == 0 ? -base : base) + Int64(rng.below(3_000_000)))
        }
        let column = Column.int64(values)
        let timestamps = Column(type: .timestamp(precision: 6), count: column.count, storage: column.storage, validity: column.validity)
        for pattern in ["yyyy-MM-dd", "HH:mm", "yyyy-MM-dd HH:mm:ss.SSS", "EEE d MMM", "h a", "ss"] {
            let compiled = try DateFormatPattern(pattern)
            let got = try TemporalFunctions.dateFormat(timestamps, pattern: pattern)
            for (row, v) in values.enumerated() {
                guard let v else { #expect(got.isNull(row)); continue }
                var one: [UInt8] = []
                compiled.format(micros: v, into: &one)
                #expect(got.value(at: row) == .string(String(decoding: one, as: UTF8.self)), "\(pattern) row \(row)")
            }
        }
    }
}
