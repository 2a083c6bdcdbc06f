import Benchmark
import SluiceColumnar

/// Compare → bitmask and → selection vector on Int64, Float64 and dictionary codes; filter + take.
func compareBenchmarks() {
    let rows = 8 << 20
    var generator = SplitMix(seed: 42)
    let ints = Column.int64((0..<rows).map { _ in Int64(generator.next() % 1000) })
    let doubles = Column.float64((0..<rows).map { _ in Double(generator.next() % 1000) / 10 })
    let colors = ["red", "green", "blue", "orange", "yellow", "purple", "black", "white"]
    let codes = Buffer((0..<rows).map { _ in Int32(generator.next() % UInt64(colors.count)) })
    let dictionary = Column(type: .string, count: rows,
                            storage: .dictionary(codes: codes, dictionary: DictionaryValues(colors)))

    Benchmark("compare/Int64 < c → bitmask") { benchmark in
        try Rates.measure(benchmark, rows: rows, bytes: rows * 8) {
            blackHole(try Comparison.bitmask(ints, .less, .int(500)))
        }
    }
    Benchmark("compare/Float64 < c → bitmask") { benchmark in
        try Rates.measure(benchmark, rows: rows, bytes: rows * 8) {
            blackHole(try Comparison.bitmask(doubles, .less, .float(50)))
        }
    }
    Benchmark("compare/dictionary <> 'orange' → bitmask") { benchmark in
        try Rates.measure(benchmark, rows: rows, bytes: rows * 4) {
            blackHole(try Comparison.bitmask(dictionary, .notEqual, .string("orange")))
        }
    }
    Benchmark("compare/Int64 < c → selection (50 %)") { benchmark in
        try Rates.measure(benchmark, rows: rows, bytes: rows * 8) {
            blackHole(try Comparison.selection(ints, .less, .int(500)))
        }
    }
    Benchmark("compare/Float64 < c → selection (50 %)") { benchmark in
        try Rates.measure(benchmark, rows: rows, bytes: rows * 8) {
            blackHole(try Comparison.selection(doubles, .less, .float(50)))
        }
    }
    Benchmark("compare/dictionary <> 'orange' → selection (87 %)") { benchmark in
        try Rates.measure(benchmark, rows: rows, bytes: rows * 4) {
            blackHole(try Comparison.selection(dictionary, .notEqual, .string("orange")))
        }
    }
    let payload = Column.float64((0..<rows).map { Double($0) })
    Benchmark("filter+take/Int64 < c then gather Int64 + Float64 (50 %)") { benchmark in
        try Rates.measure(benchmark, rows: rows, bytes: rows * 16) {
            let selection = try Comparison.selection(ints, .less, .int(500))
            blackHole(Take.take(ints, selection))
            blackHole(Take.take(payload, selection))
        }
    }
}

/// A small deterministic generator for benchmark data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
