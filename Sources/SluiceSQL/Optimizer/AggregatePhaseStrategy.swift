import SluiceColumnar

/// Local/global aggregation split (Flink's `table.optimizer.agg-phase-strategy`): with `auto`, an
/// aggregate whose input or result runs at parallelism above 1 pre-aggregates each input subtask's rows
/// before the hash edge (fewer rows cross it); `one_phase` / `two_phase` force the choice.
public enum AggregatePhaseStrategy: String, Sendable {
    case auto = "AUTO"
    case onePhase = "ONE_PHASE"
    case twoPhase = "TWO_PHASE"

    /// Reads the config value, case-insensitive.
    static func parse(_ text: String?) throws(SluiceError) -> AggregatePhaseStrategy {
        guard let text else { return .auto }
        guard let s = AggregatePhaseStrategy(rawValue: text.uppercased()) else {
            throw .invalidInput("'table.optimizer.agg-phase-strategy' is '\(text)'; valid values: AUTO, ONE_PHASE, TWO_PHASE")
        }
        return s
    }

    func twoPhase(aggregates: [AggregateSpec], inputParallelism: Int, finalParallelism: Int) -> Bool {
        switch self {
        case .onePhase: return false
        case .twoPhase: return !aggregates.contains(where: \.distinct)
        case .auto:
            // DISTINCT aggregates keep a set of values per group, which has no partial form to merge.
            if aggregates.contains(where: \.distinct) { return false }
            return inputParallelism > 1 || finalParallelism > 1
        }
    }
}
