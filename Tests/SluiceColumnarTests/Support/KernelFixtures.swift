import SluiceTestSupport
import Testing
@testable import SluiceColumnar

/// Shapes every kernel test runs over: lengths around word boundaries, null rates, sliced columns.
enum KernelFixtures {
    static let lengths = [0, 1, 7, 8, 9, 63, 64, 65, 1000]
    static let nullRates = [0, 50, 100]

    /// Deterministic pseudo-random numbers (splitmix64) so failures reproduce.
    struct Generator {
        var base: SplitMix64
        init(seed: UInt64) { base = SplitMix64(seed: seed) }
        mutating func next() -> UInt64 { base.next() }
        mutating func int(_ range: ClosedRange<Int64>) -> Int64 {
            let span = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
            return range.lowerBound &+ Int64(bitPattern: span == 0 ? next() : next() % span)
        }
    }

    /// `values` with about `rate` % of them replaced by NULL.
    static func withNulls(_ values: [Value], rate: Int, seed: UInt64 = 7) -> [Value] {
        var g = Generator(seed: seed)
        return values.map { g.next() % 100 < UInt64(rate) ? .null : $0 }
    }

    /// A column of `values`; when `sliced`, built with 5 extra leading rows that are then sliced away,
    /// so that kernels see non-zero buffer and bitmap offsets.
    static func column(_ type: DataType, _ values: [Value], sliced: Bool) -> Column {
        guard sliced else { return try! ColumnBuilder.column(type, values) }
        let pad = values.first { !$0.isNull } ?? .null
        let full = try! ColumnBuilder.column(type, Array(repeating: pad, count: 5) + values + [pad])
        return full.slice(5, values.count)
    }

    /// Runs `body` for every null rate and for dense and sliced inputs.
    static func shapes(_ body: (_ rate: Int, _ sliced: Bool) throws -> Void) rethrows {
        for rate in nullRates {
            for sliced in [false, true] { try body(rate, sliced) }
        }
    }

    /// The error a throwing call raised, or nil.
    static func error(_ body: () throws(SluiceError) -> Column) -> SluiceError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }
}

extension Column {
    /// Values for comparison in tests: integers and decimals as Values, with the column's type.
    var testValues: [Value] { values() }
}
