import SluiceColumnar

/// A typed relational plan: what a query computes, before parallelism and operators are chosen.
///
/// Every node knows its output schema; `isUpdating` says whether its output is an updating changelog
/// (a non-windowed GROUP BY on a stream) or append-only. Optimizer rules rewrite the tree; the physical
/// planner turns it into a `JobGraph`.
public indirect enum LogicalPlan: Sendable {
    case scan(ScanNode)
    case values(ValuesNode)
    /// Filter and/or projection over one input (Flink's Calc).
    case calc(CalcNode)
    case aggregate(AggregateNode)
    case union(UnionNode)
    /// ORDER BY / LIMIT: bounded inputs only.
    case sort(SortNode)

    public var schema: Schema {
        switch self {
        case .scan(let n): return n.schema
        case .values(let n): return n.schema
        case .calc(let n): return n.schema
        case .aggregate(let n): return n.schema
        case .union(let n): return n.schema
        case .sort(let n): return n.input.schema
        }
    }

    public var inputs: [LogicalPlan] {
        switch self {
        case .scan, .values: return []
        case .calc(let n): return [n.input]
        case .aggregate(let n): return [n.input]
        case .union(let n): return n.inputs
        case .sort(let n): return [n.input]
        }
    }

    /// True when the output is an updating changelog in streaming mode (`batch` false).
    public func isUpdating(batch: Bool) -> Bool {
        if batch { return false }
        switch self {
        case .aggregate(let n): return n.window == nil || n.input.isUpdating(batch: batch)
        default: return inputs.contains { $0.isUpdating(batch: batch) }
        }
    }
}

/// Reads `columns` (indices into the table's columns, computed ones included) of a catalog table.
public struct ScanNode: Sendable {
    public var table: CatalogTable
    public var columns: [Int]
    /// Conjuncts the source applies itself, over the table's physical columns.
    public var filters: [PhysicalExpression] = []

    public var schema: Schema {
        let all = table.schema
        var projected = all.project(columns)
        projected.primaryKey = []
        return projected
    }
}

/// Literal rows.
public struct ValuesNode: Sendable {
    public var rows: [[Value]]
    public var schema: Schema
}

/// Keeps the rows where `predicate` is TRUE, then computes `projections` (nil: every input column).
public struct CalcNode: Sendable {
    public var input: LogicalPlan
    public var predicate: PhysicalExpression?
    public var projections: [PhysicalExpression]?
    public var schema: Schema

    public init(input: LogicalPlan, predicate: PhysicalExpression?, projections: [PhysicalExpression]?, names: [String]? = nil) {
        self.input = input
        self.predicate = predicate
        self.projections = projections
        if let projections {
            let names = names ?? projections.map(\.description)
            // The event-time attribute survives a projection that passes its column through.
            let time = input.schema.eventTimeIndex.flatMap { t in
                projections.firstIndex { if case .column(let i, _, _) = $0 { return i == t } else { return false } }
            }
            schema = Schema(zip(names, projections).map { Field($0.0, $0.1.type) }, eventTimeIndex: time)
        } else {
            schema = input.schema
        }
    }

    /// True when the projections are exactly the input's columns in order.
    var isIdentityProjection: Bool {
        guard let projections else { return true }
        let input = self.input.schema
        guard projections.count == input.count else { return false }
        for (i, p) in projections.enumerated() {
            guard case .column(let index, _, _) = p, index == i, schema[i].name == input[i].name else { return false }
        }
        return true
    }
}

/// GROUP BY `keys` computing `aggregates`; with a `window`, an event-time window aggregate whose output
/// is keys, `window_start`, `window_end`, aggregates.
public struct AggregateNode: Sendable {
    public var input: LogicalPlan
    public var keys: [Int]
    public var aggregates: [AggregateSpec]
    public var window: WindowSpec?
    public var schema: Schema
}

/// The window of a window aggregate.
public struct WindowSpec: Sendable, Equatable {
    /// How rows are assigned to windows.
    public enum Kind: Sendable, Equatable, CustomStringConvertible {
        /// TUMBLE, HOP or CUMULATE: fixed windows cut into slices (`WindowAggregateOperator`).
        case sliced(SliceAssigner)
        /// SESSION: per key, a window closes `gapMicros` after its last row (`SessionWindowOperator`).
        case session(gapMicros: Int64)

        public var description: String {
            switch self {
            case .sliced(let a): return a.description
            case .session(let gap): return "SESSION(gap \(gap) µs)"
            }
        }
    }

    /// The event-time column of the aggregate's input.
    public var timeColumn: String
    public var kind: Kind
    /// True for a `PROCTIME()` attribute: the planner generates watermarks from it (processing time)
    /// instead of using the input's event-time watermarks.
    public var processingTime = false

    public init(timeColumn: String, kind: Kind, processingTime: Bool = false) {
        self.timeColumn = timeColumn
        self.kind = kind
        self.processingTime = processingTime
    }

    /// The slice assigner of a TUMBLE, HOP or CUMULATE window; nil for SESSION.
    public var assigner: SliceAssigner? {
        if case .sliced(let a) = kind { return a }
        return nil
    }
}

/// UNION ALL of inputs with one column layout.
public struct UnionNode: Sendable {
    public var inputs: [LogicalPlan]
    public var schema: Schema
}

/// ORDER BY `keys`, then OFFSET / LIMIT.
public struct SortNode: Sendable {
    public struct Key: Sendable, Equatable {
        public var column: Int
        public var ascending: Bool
        public var nullsFirst: Bool
    }

    public var input: LogicalPlan
    public var keys: [Key]
    public var limit: Int?
    public var offset: Int
}
