import Foundation
import SluiceColumnar
import Testing
@testable import SluiceConnectors

/// The reference generator's first 500 events (seed 42, 10,000 events/s, base time
/// 2025-12-31 23:59:53.250 UTC), for 1 and 2 splits, row for row and field for field.
@Suite("Nexmark test vectors")
struct NexmarkVectorTests {
    static let baseTime: Int64 = 1_767_225_593_250

    static func options() throws -> NexmarkOptions {
        try NexmarkOptions(["seed": "42", "first-event.rate": "10000", "events.num": "500",
                            "base-time": "2025-12-31 23:59:53.250"])
    }

    static func vector(splits: Int) throws -> [NSDictionary] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../bench-data/nexmark-vectors/seed42-rate10000-splits\(splits).jsonl")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! NSDictionary
        }
    }

    /// All events of `splits` splits in the reference-table shape, merged by event time, ties by
    /// split index then generation order.
    static func generated(splits: Int) throws -> [NSDictionary] {
        let options = try options()
        let tables = NexmarkTables(seed: options.seed)
        var rows: [(time: Int64, split: Int, order: Int, row: NSDictionary)] = []
        for split in 0..<splits {
            var generator = NexmarkGenerator(options: options, split: split, of: splits, tables: tables)
            var order = 0
            while !generator.isExhausted {
                let batch = try NexmarkReferenceTable.batch(try generator.next(maxEvents: 97, recordOrder: true))
                for r in 0..<batch.count {
                    guard case .timestamp(let t) = batch.row(r)[4] else { Issue.record("dateTime not a timestamp"); continue }
                    rows.append((t, split, order, json(batch, r)))
                    order += 1
                }
            }
        }
        rows.sort { ($0.time, $0.split, $0.order) < ($1.time, $1.split, $1.order) }
        return rows.map(\.row)
    }

    /// One reference-table row as the vector's JSON object.
    static func json(_ batch: RecordBatch, _ r: Int) -> NSDictionary {
        let values = batch.row(r)
        var object: [String: Any] = [:]
        guard case .int(let type) = values[0] else { return [:] }
        object["event_type"] = Int(type)
        for (k, name) in ["person", "auction", "bid"].enumerated() {
            guard case .row(let fields) = values[k + 1], case .row(let typeFields) = batch.schema[k + 1].type else {
                object[name] = NSNull()
                continue
            }
            var nested: [String: Any] = [:]
            for (field, value) in zip(typeFields, fields) {
                switch value {
                case .int(let v): nested[field.name] = Int(v)
                case .string(let s): nested[field.name] = s
                case .timestamp: nested[field.name] = value.description
                default: nested[field.name] = value.description
                }
            }
            object[name] = nested
        }
        return object as NSDictionary
    }

    @Test("reproduces the reference generator's first 500 events", arguments: [1, 2])
    func matchesVector(splits: Int) throws {
        let expected = try Self.vector(splits: splits)
        let actual = try Self.generated(splits: splits)
        #expect(actual.count == expected.count)
        var mismatches = 0
        for (i, (a, e)) in zip(actual, expected).enumerated() where a != e {
            mismatches += 1
            if mismatches <= 3 { Issue.record("event \(i) differs:\n got \(a)\n want \(e)") }
        }
        #expect(mismatches == 0)
    }
}
