import Foundation

/// The results of `sluice bench nexmark` as a text table or as JSON.
enum NexmarkBenchReport {
    static let headers = ["query", "events", "seconds", "events/s", "events/s/core", "peak MB", "output rows", "checkpoints"]

    /// A fixed-width table, one row per query; a failed query shows its error under the row.
    static func table(_ results: [NexmarkBenchResult]) -> String {
        let rows = results.map { r -> [String] in
            guard r.error == nil || r.seconds > 0 else { return [r.query, String(r.events), "-", "-", "-", "-", "-", "-"] }
            return [r.query, String(r.events), fixed(r.seconds, 3), rate(r.eventsPerSecond), rate(r.eventsPerSecondPerCore),
                    fixed(Double(r.peakMemoryBytes) / 1_048_576, 1), String(r.outputRows), String(r.checkpoints)]
        }
        var widths = headers.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == 0 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[i] - c.count) + c }.joined(separator: "  ")
        }
        var out = line(headers) + "\n"
        for (r, row) in zip(results, rows) {
            out += line(row) + "\n"
            if let e = r.error { out += "  \(r.query): \(e)\n" }
        }
        return out
    }

    /// A JSON array of result objects (keys as in `NexmarkBenchResult`).
    static func json(_ results: [NexmarkBenchResult]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(results) else { return "[]" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `12.3 M`, `456.7 K` or the plain number.
    static func rate(_ v: Double) -> String {
        if v >= 1e6 { return fixed(v / 1e6, 2) + " M" }
        if v >= 1e3 { return fixed(v / 1e3, 1) + " K" }
        return fixed(v, 0)
    }

    static func fixed(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
}
