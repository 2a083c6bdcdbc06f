import SluiceColumnar

/// ORDER BY / OFFSET / LIMIT over the collected rows of a bounded query.
enum ResultSorter {
    static func apply(_ sort: SortNode, to rows: [[Value]], schema: Schema) throws(SluiceError) -> RecordBatch {
        var sorted = rows
        if !sort.keys.isEmpty {
            sorted.sort { a, b in
                for k in sort.keys {
                    let c = compare(a[k.column], b[k.column], nullsFirst: k.nullsFirst)
                    if c != 0 { return k.ascending ? c < 0 : c > 0 }
                }
                return false
            }
        }
        let start = min(sort.offset, sorted.count)
        let end = sort.limit.map { min(start + $0, sorted.count) } ?? sorted.count
        let page = Array(sorted[start..<end])
        var columns: [Column] = []
        for (i, f) in schema.fields.enumerated() { columns.append(try ColumnBuilder.column(f.type, page.map { $0[i] })) }
        return try RecordBatch(schema: schema, columns: columns, count: page.count)
    }

    /// -1, 0 or 1; NULL sorts before everything when `nullsFirst` (independent of the direction).
    static func compare(_ a: Value, _ b: Value, nullsFirst: Bool) -> Int {
        switch (a.isNull, b.isNull) {
        case (true, true): return 0
        case (true, false): return nullsFirst ? -1 : 1
        case (false, true): return nullsFirst ? 1 : -1
        default: break
        }
        switch (a, b) {
        case (.int(let x), .int(let y)): return sign(x < y, x > y)
        case (.float(let x), .float(let y)): return sign(x < y, x > y)
        case (.decimal(let x, let s), .decimal(let y, let t)):
            let (p, q) = s == t ? (x, y) : (x * pow10(t), y * pow10(s))
            return sign(p < q, p > q)
        case (.string(let x), .string(let y)): return sign(Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8)), Array(y.utf8).lexicographicallyPrecedes(Array(x.utf8)))
        case (.boolean(let x), .boolean(let y)): return sign(!x && y, x && !y)
        case (.date(let x), .date(let y)): return sign(x < y, x > y)
        case (.time(let x), .time(let y)): return sign(x < y, x > y)
        case (.timestamp(let x), .timestamp(let y)): return sign(x < y, x > y)
        case (.intervalDayTime(let x), .intervalDayTime(let y)): return sign(x < y, x > y)
        case (.intervalYearMonth(let x), .intervalYearMonth(let y)): return sign(x < y, x > y)
        default: return sign(a.description < b.description, a.description > b.description)
        }
    }

    private static func sign(_ less: Bool, _ greater: Bool) -> Int { less ? -1 : greater ? 1 : 0 }

    private static func pow10(_ n: Int) -> Int128 {
        var r: Int128 = 1
        for _ in 0..<n { r *= 10 }
        return r
    }
}
