import Benchmark
import SluiceColumnar

func takeBenchmarks() {
    let rows = 8 << 20
    let column = Column.int64((0..<rows).map { Int64($0 &* 2_654_435_761 % 1000) })
    let everyOther = SelectionVector((0..<(rows / 2)).map { $0 * 2 })
    Benchmark("take/Int64 half of 8M rows", configuration: Rates.configuration()) { benchmark in
        Rates.measure(benchmark, rows: rows, bytes: rows * 8) { blackHole(Take.take(column, everyOther)) }
    }
}
