import Testing
@testable import SluiceColumnar

@Suite("Window kernels")
struct WindowsTests {
    /// Flink's `TimeWindow.getWindowStartWithOffset`, written the long way.
    static func referenceStart(_ ts: Int64, _ size: Int64, _ offset: Int64) -> Int64 {
        let remainder = (ts - offset) % size
        return remainder < 0 ? ts - (remainder + size) : ts - remainder
    }

    static func timestamps(_ n: Int, seed: UInt64, spread: ClosedRange<Int64> = -50_000_000...50_000_000) -> [Int64] {
        var g = KernelFixtures.Generator(seed: seed)
        // Mostly close together (the cached-window path), sometimes far away (the dividing path).
        var t = g.int(spread)
        return (0..<n).map { _ in
            t += g.next() % 8 == 0 ? g.int(spread) / 10 : g.int(-3_000_000...3_000_000)
            return t
        }
    }

    @Test("window starts match the scalar reference, negative timestamps included")
    func startsMatchReference() throws {
        for n in KernelFixtures.lengths {
            for (size, offset) in [(Int64(10_000_000), Int64(0)), (2_000_000, 0), (7, 3), (10_000_000, -4_000_000), (1, 0)] {
                let ts = Self.timestamps(n, seed: UInt64(n) &+ UInt64(size))
                let column = try ColumnBuilder.column(.timestamp(precision: 6), ts.map { .timestamp($0) })
                let starts = try Windows.starts(column, size: size, offset: offset)
                #expect(starts.type == .timestamp(precision: 6))
                let expected = ts.map { Self.referenceStart($0, size, offset) }
                #expect(starts.withValues(Int64.self) { Array($0) } == expected, "n \(n) size \(size) offset \(offset)")
                #expect(ts.map { Windows.start(of: $0, size: size, offset: offset) } == expected)
            }
        }
    }

    @Test("window starts keep NULLs and read sliced columns")
    func startsWithNullsAndSlices() throws {
        let ts = Self.timestamps(1000, seed: 11).map { Value.timestamp($0) }
        try KernelFixtures.shapes { rate, sliced in
            let values = KernelFixtures.withNulls(ts, rate: rate)
            let column = KernelFixtures.column(.timestamp(precision: 3), values, sliced: sliced)
            let starts = try Windows.starts(column, size: 10_000_000)
            let expected: [Value] = values.map {
                if case .timestamp(let t) = $0 { return .timestamp(Self.referenceStart(t, 10_000_000, 0)) }
                return .null
            }
            #expect(starts.values() == expected, "rate \(rate) sliced \(sliced)")
        }
    }

    @Test("the start of the window before 1970 is below the timestamp")
    func negativeTimestamps() {
        #expect(Windows.start(of: -1, size: 10) == -10)
        #expect(Windows.start(of: -10, size: 10) == -10)
        #expect(Windows.start(of: -11, size: 10) == -20)
        #expect(Windows.start(of: 9, size: 10) == 0)
        #expect(Windows.start(of: 3, size: 10, offset: 5) == -5)
        #expect(Windows.start(of: 5, size: 10, offset: -5) == 5)
    }

    @Test("extreme timestamps wrap instead of trapping")
    func extremes() throws {
        let column = Column.int64([.min, .max, .min + 1, .max - 1])
        _ = try Windows.starts(column, size: 10_000_000, offset: 3)
        _ = try Windows.sliceEnds(column, slice: 7)
    }

    @Test("slice ends are window starts plus the slice")
    func sliceEnds() throws {
        let ts = Self.timestamps(1000, seed: 5)
        let ends = try Windows.sliceEnds(Column.int64(ts), slice: 2_000_000, offset: 500)
        #expect(ends.toArray(of: Int64.self) == ts.map { Self.referenceStart($0, 2_000_000, 500) + 2_000_000 })
    }

    @Test("a non-time column or a bad size is rejected with a clear message")
    func errors() {
        #expect(throws: SluiceError.invalidInput("an event-time column is STRING; event time must be TIMESTAMP(p), TIMESTAMP_LTZ(p) or BIGINT (microseconds since the epoch)")) {
            _ = try Windows.starts(Column.string(["a"]), size: 10)
        }
        #expect(throws: SluiceError.invalidInput("window size must be positive, found 0 µs")) {
            _ = try Windows.starts(Column.int64([1]), size: 0)
        }
        #expect(throws: SluiceError.invalidInput("slice size must be positive, found -5 µs")) {
            _ = try Windows.sliceEnds(Column.int64([1]), slice: -5)
        }
    }
}

@Suite("Event-time max reduction")
struct EventTimeTests {
    @Test("the maximum respects selection vectors and NULLs")
    func extentMatchesReference() throws {
        for n in KernelFixtures.lengths {
            let ts = WindowsTests.timestamps(n, seed: UInt64(n) + 99).map { Value.timestamp($0) }
            try KernelFixtures.shapes { rate, sliced in
                let values = KernelFixtures.withNulls(ts, rate: rate, seed: UInt64(n))
                let column = KernelFixtures.column(.timestamp(precision: 3), values, sliced: sliced)
                for selection in [nil, SelectionVector(Array(stride(from: 0, to: n, by: 3)))] {
                    let rows = selection?.toArray() ?? Array(0..<n)
                    let picked = rows.map { values[$0] }
                    let valid = picked.compactMap { v -> Int64? in if case .timestamp(let t) = v { return t } else { return nil } }
                    let extent = try EventTime.extent(column, selection: selection)
                    #expect(extent == EventTime.Extent(max: valid.max(), nullCount: picked.count - valid.count),
                            "n \(n) rate \(rate) sliced \(sliced) selection \(selection != nil)")
                    let kept = EventTime.validRows(column, selection: selection)?.toArray() ?? rows
                    #expect(kept == rows.filter { !values[$0].isNull })
                    #expect(EventTime.firstNullRow(column, selection: selection) == rows.first { values[$0].isNull })
                }
            }
        }
    }

    @Test("an unknown or non-time event-time column is named in the error")
    func columnErrors() {
        let schema = Schema([Field("ts", .timestamp(precision: 3)), Field("name", .string)])
        #expect(throws: SluiceError.invalidInput("event-time column `name` is STRING; event time must be TIMESTAMP(p), TIMESTAMP_LTZ(p) or BIGINT (microseconds since the epoch)", column: "name")) {
            _ = try EventTime.columnIndex("name", in: schema)
        }
        #expect(throws: SluiceError.self) { _ = try EventTime.columnIndex("tss", in: schema) }
        #expect((try? EventTime.columnIndex("ts", in: schema)) == 0)
    }
}

@Suite("Slice buckets")
struct SliceBucketsTests {
    @Test("a batch inside one slice keeps its selection")
    func oneSlice() {
        let ends = Buffer([Int64](repeating: 20, count: 100))
        let b = Windows.buckets(sliceEnds: ends, selection: nil, firedThrough: .min)
        #expect(b.sliceEnds == [20])
        #expect(b.selections.count == 1 && b.selections[0]?.count == nil)
        let late = Windows.buckets(sliceEnds: ends, selection: SelectionVector([1, 2]), firedThrough: 19)
        #expect(late.sliceEnds.isEmpty && late.lateRows == 2)
        let notLate = Windows.buckets(sliceEnds: ends, selection: nil, firedThrough: 18)
        #expect(notLate.sliceEnds == [20] && notLate.lateRows == 0)
    }

    @Test("rows spread over slices are grouped, fired slices counted as late")
    func manySlices() {
        var g = KernelFixtures.Generator(seed: 3)
        for n in KernelFixtures.lengths {
            for distinct in [2, 5, 40] {
                let values = (0..<n).map { _ in Int64(g.next() % UInt64(distinct)) * 10 + 10 }
                for selection in [nil, SelectionVector(Array(stride(from: 1, to: n, by: 2)))] {
                    let rows = selection?.toArray() ?? Array(0..<n)
                    let fired: Int64 = 25   // slices ending at 10 and 20 have fired
                    let b = Windows.buckets(sliceEnds: Buffer(values), selection: selection, firedThrough: fired)
                    #expect(b.lateRows == rows.filter { values[$0] <= 26 }.count)
                    var seen: [Int: Int64] = [:]
                    for (end, sel) in zip(b.sliceEnds, b.selections) {
                        let picked = sel?.toArray() ?? rows
                        #expect(picked == picked.sorted())
                        for r in picked { seen[r] = end }
                    }
                    let expected = Dictionary(uniqueKeysWithValues: rows.filter { values[$0] > 26 }.map { ($0, values[$0]) })
                    #expect(seen == expected, "n \(n) distinct \(distinct)")
                }
            }
        }
    }
}

