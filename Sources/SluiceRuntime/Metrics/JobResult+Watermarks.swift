import SluiceColumnar

/// Event-time visibility: which split or operator holds the watermark back, and how far behind.
///
/// Built from the operator metrics every time-aware operator records: `watermark` (the last one it
/// handled, µs), `watermarkLagMillis` and `idle` (sources' watermark assigners, per split), and the
/// window operators' `lateRowsDropped` / `lateRowsSideOutput`.
extension JobResult {
    /// One line per operator subtask that saw a watermark: name, watermark, lag, idle/active, late rows.
    public func watermarkReport() -> [String] {
        operators.compactMap { m in
            guard let w = m.custom["watermark"] else { return nil }
            let name = "\(m.operatorName) (\(m.subtask + 1)/\(m.parallelism))"
            let lag = m.custom["watermarkLagMillis"].map { $0 == .max ? "" : ", lag \($0) ms" } ?? ""
            let state = m.custom["idle"] == 1 ? "idle" : "active"
            let late = (m.custom["lateRowsDropped"] ?? 0) + (m.custom["lateRowsSideOutput"] ?? 0)
            return "\(name): watermark \(Self.format(Int64(w)))\(lag), \(state)" + (late > 0 ? ", \(late) late rows" : "")
        }
    }

    /// The active source split (watermark assigner) with the lowest watermark, as a sentence: the input
    /// that holds every downstream window back. Nil when no split reported a watermark or every split
    /// reached +∞ (the end of bounded input).
    public func watermarkHoldback() -> String? { Self.watermarkHoldback(in: operators) }

    /// `watermarkHoldback()` over any operator figures (also the live ones of `JobClient.liveProgress()`).
    public static func watermarkHoldback(in operators: [OperatorSubtaskMetrics]) -> String? {
        let splits = operators.filter { $0.custom["watermarkLagMillis"] != nil && $0.custom["idle"] != 1 }
        guard let slowest = splits.min(by: { ($0.custom["watermark"] ?? .min) < ($1.custom["watermark"] ?? .min) }),
              let w = slowest.custom["watermark"], Int64(w) != .max else { return nil }
        let idle = operators.filter { $0.custom["watermarkLagMillis"] != nil && $0.custom["idle"] == 1 }.count
        return "the watermark is held back by `\(slowest.operatorName)` split \(slowest.subtask + 1)/\(slowest.parallelism) at "
            + "\(format(Int64(w))); windows ending after it cannot fire until that split reads later rows or goes idle"
            + (idle > 0 ? " (\(idle == 1 ? "1 idle split is" : "\(idle) idle splits are") ignored)" : " (enable idleness with WatermarkStrategy.withIdleness if it is quiet)")
    }

    /// An event time as people read it: `2024-01-01 10:00:05.000` (microseconds shown when not whole ms).
    static func format(_ w: Int64) -> String {
        if w == .max { return "+∞" }
        if w == .min { return "-∞" }
        return TemporalFormat.timestamp(micros: w, precision: w % 1000 == 0 ? 3 : 6)
    }
}
