import SluiceRuntime
import SluiceColumnar
import SluiceOperators

/// The aggregation the aggregate tests compute, and a plain Swift reference for it.
enum AggregateFixture {
    /// GROUP BY color: COUNT(*), SUM(value), MAX(value), MIN(price)
    static let keys = [0]
    static let aggregates = [AggregateSpec.countStar(), AggregateSpec(.sum, input: 1), AggregateSpec(.max, input: 1),
                             AggregateSpec(.min, input: 2)]

    /// The expected rows as text, sorted: `[color, count, sum, max, min]`.
    static func reference(_ batches: [RecordBatch], where keep: (String) -> Bool = { _ in true }) -> [String] {
        var groups: [String: (Int64, Int64, Int64, Double)] = [:]
        for batch in batches {
            for row in batch.rows() {
                guard case .string(let color) = row[0], keep(color), case .int(let v) = row[1], case .float(let p) = row[2] else {
                    continue
                }
                let g = groups[color] ?? (0, 0, .min, .infinity)
                groups[color] = (g.0 + 1, g.1 + v, max(g.2, v), min(g.3, p))
            }
        }
        return groups.map { "[\($0.key), \($0.value.0), \($0.value.1), \($0.value.2), \(Value.float($0.value.3))]" }.sorted()
    }

    static func sortedRows(_ rows: [[Value]]) -> [String] {
        rows.map { "[" + $0.map(\.description).joined(separator: ", ") + "]" }.sorted()
    }

    /// Applies a changelog to a table keyed by the first `keyCount` values, checking that every -U
    /// retracts exactly the row last emitted for its key; returns the final rows as text, sorted.
    static func apply(_ changelog: [(kind: RowKind, values: [Value])], keyCount: Int = 1) throws -> [String] {
        struct Inconsistent: Error, CustomStringConvertible { let description: String }
        var table: [[Value]: [Value]] = [:]
        for (kind, values) in changelog {
            let key = Array(values.prefix(keyCount))
            switch kind {
            case .insert:
                guard table[key] == nil else { throw Inconsistent(description: "+I for existing key \(key)") }
                table[key] = values
            case .updateBefore:
                guard table[key] == values else { throw Inconsistent(description: "-U \(values) but the last row was \(String(describing: table[key]))") }
                table[key] = nil
            case .updateAfter:
                guard table[key] == nil else { throw Inconsistent(description: "+U without -U for \(key)") }
                table[key] = values
            case .delete:
                table[key] = nil
            }
        }
        return sortedRows(Array(table.values))
    }
}

extension CollectedBatches {
    /// Rows with their kinds (the connectors target has a public version; this test target does not import it).
    func kindedRows() -> [(kind: RowKind, values: [Value])] {
        batches.flatMap { b in (0..<b.count).map { i in (b.rowKind(at: b.selection.map { $0[i] } ?? i), b.row(i)) } }
    }
}
