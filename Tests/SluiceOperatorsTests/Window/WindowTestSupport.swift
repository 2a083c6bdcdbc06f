import SluiceRuntime
import SluiceColumnar
@testable import SluiceOperators

/// Rows (ts TIMESTAMP(3), key BIGINT, value BIGINT) and a naive per-window reference.
enum WindowData {
    static let second: Int64 = 1_000_000
    static let schema = Schema([Field("ts", .timestamp(precision: 3)), Field("key", .int64), Field("value", .int64)])
    /// COUNT(*), SUM(value), MAX(value), MIN(value) per key.
    static let aggregates = [AggregateSpec.countStar(), AggregateSpec(.sum, input: 2), AggregateSpec(.max, input: 2),
                             AggregateSpec(.min, input: 2)]

    struct Row { var ts: Int64; var key: Int64; var value: Int64 }

    static func batch(_ rows: [Row]) -> RecordBatch {
        var ts = FixedWidthColumnBuilder<Int64>(type: .timestamp(precision: 3), capacity: rows.count)
        for r in rows { ts.append(r.ts) }
        return try! RecordBatch(schema: schema, columns: [ts.finish(), Column.int64(rows.map(\.key)), Column.int64(rows.map(\.value))])
    }

    /// `a@1.5:7` style rows: key `k`, seconds `t`, value `v`.
    static func rows(_ spec: [(Int64, Double, Int64)]) -> [Row] {
        spec.map { Row(ts: Int64($0.1 * Double(second)), key: $0.0, value: $0.2) }
    }

    /// One output row as values: key, window_start, window_end, count, sum, max, min.
    static func expected(_ key: Int64, _ start: Double, _ end: Double, _ values: [Int64]) -> [Value] {
        [.int(key), .timestamp(Int64(start * Double(second))), .timestamp(Int64(end * Double(second))),
         .int(Int64(values.count)), .int(values.reduce(0, +)), .int(values.max()!), .int(values.min()!)]
    }

    /// Every (key, window) of `rows` computed row by row from `SliceAssigner.windows(containing:)`.
    static func reference(_ rows: [Row], _ window: SliceAssigner) -> [[Value]] {
        struct WindowKey: Hashable { var key: Int64; var start: Int64; var end: Int64 }
        var groups: [WindowKey: [Int64]] = [:]
        for r in rows {
            for w in window.windows(containing: r.ts) { groups[WindowKey(key: r.key, start: w.start, end: w.end), default: []].append(r.value) }
        }
        return sorted(groups.map { k, v in
            [.int(k.key), .timestamp(k.start), .timestamp(k.end), .int(Int64(v.count)), .int(v.reduce(0, +)), .int(v.max()!), .int(v.min()!)]
        })
    }

    static func sorted(_ rows: [[Value]]) -> [[Value]] {
        rows.map { ($0.map(\.description).joined(separator: "|"), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// Rows in roughly ascending time with up to `jitter` of disorder: row i is at i·step + random jitter.
    static func random(count: Int, keys: Int64, step: Int64, jitter: Int64, seed: UInt64) -> [Row] {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return (0..<count).map { i in
            Row(ts: Int64(i) * step + Int64(next() % UInt64(jitter)) - 50 * second, key: Int64(next() % UInt64(keys)),
                value: Int64(next() % 1000) - 300)
        }
    }
}
