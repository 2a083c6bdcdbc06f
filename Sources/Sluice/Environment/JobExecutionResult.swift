/// What a finished job reports: status, wall and CPU time, peak memory and per-operator metrics.
public struct JobExecutionResult: Sendable, CustomStringConvertible {
    public let job: JobResult

    init(_ job: JobResult) { self.job = job }

    public var isCancelled: Bool { job.status == .cancelled }
    public var wallSeconds: Double { Double(job.wallNanos) / 1e9 }
    public var cpuSeconds: Double { Double(job.cpuNanos) / 1e9 }
    public var peakResidentBytes: Int64 { job.peakResidentBytes }
    public var operators: [OperatorSubtaskMetrics] { job.operators }

    /// Rows in and out of every subtask of the named operator, added up.
    public func rows(of operatorName: String) -> (rowsIn: Int, rowsOut: Int) { job.totalRows(of: operatorName) }

    /// A table of per-operator-subtask metrics, one line each, for the CLI and logs.
    public var description: String {
        let status = job.status == .finished ? "finished" : "cancelled"
        var lines = ["job \(status) in \(fixed(wallSeconds, 3)) s wall, \(fixed(cpuSeconds, 3)) s CPU, "
                     + "peak RSS \(fixed(Double(peakResidentBytes) / 1_048_576, 1)) MiB"]
        lines.append(MetricsTable.render(job.operators))
        let watermarks = job.watermarkReport()
        if !watermarks.isEmpty { lines.append("watermarks:\n  " + watermarks.joined(separator: "\n  ")) }
        return lines.joined(separator: "\n")
    }
}

/// Renders operator metrics as an aligned text table.
enum MetricsTable {
    static func render(_ metrics: [OperatorSubtaskMetrics]) -> String {
        let header = ["operator", "subtask", "rows in", "rows out", "batches in", "busy ms", "idle ms", "backpressured ms", "max queue"]
        var rows: [[String]] = []
        for m in metrics {
            rows.append([m.operatorName, "\(m.subtask + 1)/\(m.parallelism)", "\(m.rowsIn)", "\(m.rowsOut)", "\(m.batchesIn)",
                         "\(m.busyNanos / 1_000_000)", "\(m.idleNanos / 1_000_000)", "\(m.backpressuredNanos / 1_000_000)", "\(m.queueDepthMax)"])
        }
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return i == 0 ? c + pad : pad + c
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}

/// `v` with exactly `digits` fraction digits (no Foundation).
func fixed(_ v: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int64((abs(v) * scale).rounded())
    let whole = scaled / Int64(scale)
    var fraction = String(scaled % Int64(scale))
    while fraction.count < digits { fraction = "0" + fraction }
    return (v < 0 ? "-" : "") + String(whole) + (digits > 0 ? "." + fraction : "")
}
