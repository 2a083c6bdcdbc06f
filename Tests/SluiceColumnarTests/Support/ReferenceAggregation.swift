@testable import SluiceColumnar

/// A plain, obviously-correct GROUP BY over `Value`s to check the vectorized aggregation against.
enum ReferenceAggregation {
    struct Entry { var value: Value; var sign: Int64 }

    /// Result rows keyed by key values; `sign` per row (+1 insert, -1 retract).
    static func aggregate(_ batches: [RecordBatch], keys: [Int], specs: [AggregateSpec], schema: Schema) -> [[Value]: [Value]] {
        var groups: [[Value]: [[Entry]]] = [:]
        var rowCounts: [[Value]: Int64] = [:]
        var order: [[Value]] = []
        for batch in batches {
            for logical in 0..<batch.count {
                let row = batch.row(logical)
                let physical = batch.selection.map { $0[logical] } ?? logical
                let sign: Int64 = batch.rowKind(at: physical).isAccumulate ? 1 : -1
                let key = keys.map { row[$0] }
                if groups[key] == nil { groups[key] = Array(repeating: [], count: specs.count); order.append(key) }
                rowCounts[key, default: 0] += sign
                for (i, spec) in specs.enumerated() {
                    if let f = spec.filter, row[f] != .boolean(true) { continue }
                    let value = spec.input.map { row[$0] } ?? .boolean(true)
                    groups[key]![i].append(Entry(value: value, sign: sign))
                }
            }
        }
        var out: [[Value]: [Value]] = [:]
        for key in order where keys.isEmpty || rowCounts[key]! > 0 {
            out[key] = specs.enumerated().map { i, spec in
                result(spec, groups[key]![i], inputType: spec.input.map { schema[$0].type })
            }
        }
        if keys.isEmpty && out.isEmpty {
            out[[]] = specs.map { result($0, [], inputType: $0.input.map { schema[$0].type }) }
        }
        return out
    }

    static func result(_ spec: AggregateSpec, _ entries: [Entry], inputType: DataType?) -> Value {
        let nonNull = entries.filter { $0.value != .null }
        switch spec.function {
        case .countStar: return .int(entries.reduce(0) { $0 + $1.sign })
        case .count:
            if spec.distinct {
                var net: [Value: Int64] = [:]
                for e in nonNull { net[e.value, default: 0] += e.sign }
                return .int(Int64(net.values.filter { $0 > 0 }.count))
            }
            return .int(nonNull.reduce(0) { $0 + $1.sign })
        case .sum, .avg:
            let count = nonNull.reduce(0) { $0 + $1.sign }
            guard count > 0 else { return .null }
            switch inputType! {
            case .float32, .float64:
                var s = 0.0
                for e in nonNull { if case .float(let x) = e.value { s += Double(e.sign) * x } }
                if spec.function == .avg { s /= Double(count) }
                return .float(inputType == .float32 ? Double(Float(s)) : s)
            case .decimal(_, let scale):
                var s: Int128 = 0
                for e in nonNull { if case .decimal(let x, _) = e.value { s += Int128(e.sign) * x } }
                if spec.function == .sum { return .decimal(s, scale: scale) }
                let rs = max(scale, 6)
                let scaled = s * DecimalFormat.powersOfTen[rs - scale]
                var q = scaled / Int128(count)
                let r = scaled % Int128(count)
                if 2 * r.magnitude >= UInt128(count) { q += scaled < 0 ? -1 : 1 }
                return .decimal(q, scale: rs)
            default:
                var s: Int64 = 0
                for e in nonNull { if case .int(let x) = e.value { s += e.sign * x } }
                return .int(spec.function == .sum ? s : s / count)
            }
        case .min, .max:
            var net: [Value: Int64] = [:]
            for e in nonNull { net[e.value, default: 0] += e.sign }
            let live = net.filter { $0.value > 0 }.map(\.key)
            guard !live.isEmpty else { return .null }
            return live.sorted(by: less)[spec.function == .min ? 0 : live.count - 1]
        case .firstValue: return nonNull.first?.value ?? .null
        case .lastValue: return nonNull.last?.value ?? .null
        }
    }

    static func less(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.float(let x), .float(let y)): return x < y
        case (.decimal(let x, _), .decimal(let y, _)): return x < y
        case (.boolean(let x), .boolean(let y)): return !x && y
        case (.date(let x), .date(let y)): return x < y
        case (.string(let x), .string(let y)): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
        default: return false
        }
    }

    /// The aggregator's result as a dictionary like the reference's.
    static func keyed(_ batch: RecordBatch, keyCount: Int) -> [[Value]: [Value]] {
        var out: [[Value]: [Value]] = [:]
        for row in batch.rows() {
            let key = Array(row[0..<keyCount])
            #expect(out[key] == nil, "key \(key) appears twice in the result")
            out[key] = Array(row[keyCount...])
        }
        return out
    }
}

import Testing
